"""The engines import nothing heavy: `tensor_autograd` and its engine modules load NumPy
only, `scalar_autograd` and its engine modules only the standard library. The
applications (datasets, training, command lines, benchmarks) live in subpackages and
bring pandas, kagglehub, tqdm, matplotlib and the rest only when imported."""

import json
import subprocess
import sys

import pytest

HEAVY = ["pandas", "kagglehub", "tqdm", "matplotlib", "mnist1d", "scipy", "threadpoolctl"]

TENSOR_ENGINE = [
    "tensor_autograd",
    "tensor_autograd.nn",
    "tensor_autograd.nn.init",
    "tensor_autograd.nn.utils",
    "tensor_autograd.nn.layers",
    "tensor_autograd.nn.conv",
    "tensor_autograd.optim",
    "tensor_autograd.optim.lr_scheduler",
    "tensor_autograd.functional",
    "tensor_autograd.autograd",
    "tensor_autograd.conv",
    "tensor_autograd.tensor",
    "tensor_autograd.broadcast",
    "tensor_autograd.elementwise",
    "tensor_autograd.comparisons",
    "tensor_autograd.linalg",
    "tensor_autograd.reductions",
    "tensor_autograd.statistics",
    "tensor_autograd.scans",
    "tensor_autograd.shapes",
    "tensor_autograd.pieces",
    "tensor_autograd.indexing",
    "tensor_autograd.creation",
    "tensor_autograd.functions",
    "tensor_autograd.activations",
    "tensor_autograd.losses",
    "tensor_autograd.normalization",
    "tensor_autograd.gradcheck",
    "tensor_autograd.random_state",
]

SCALAR_ENGINE = [
    "scalar_autograd",
    "scalar_autograd.engine",
    "scalar_autograd.local_derivatives",
    "scalar_autograd.checks",
    "scalar_autograd.forward",
    "scalar_autograd.nn",
    "scalar_autograd.optim",
    "scalar_autograd.gradcheck",
    "scalar_autograd.graph",
]


def loaded_after_importing(modules: list[str]) -> set[str]:
    """The top-level names in sys.modules after importing `modules` in a fresh
    interpreter (minus those present before any import)."""
    code = (
        "import importlib, json, sys\n"
        "before = set(sys.modules)\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout))


def test_tensor_engine_loads_numpy_only():
    loaded = loaded_after_importing(TENSOR_ENGINE)
    assert "numpy" in loaded
    assert not loaded & {*HEAVY, "scalar_autograd"}, sorted(loaded & {*HEAVY, "scalar_autograd"})


def test_scalar_engine_loads_the_standard_library_only():
    loaded = loaded_after_importing(SCALAR_ENGINE)
    outside = {
        name
        for name in loaded - {"scalar_autograd"}
        if name not in sys.stdlib_module_names and not name.startswith("_")
    }
    assert not outside, sorted(outside)


@pytest.mark.parametrize(
    "module",
    ["tensor_autograd.train", "tensor_autograd.predict", "scalar_autograd.train",
     "scalar_autograd.create_data"],
)
def test_entry_modules_run_the_cli_programs(module):
    """`python -m <package>.train` etc. stay the commands: each entry module hands over
    to the program in `cli/`."""
    run = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert f"python -m {module}" in run.stdout
