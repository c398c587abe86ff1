"""``train --dataset mnist1d`` and ``predict`` on its model files: short runs, the
report, the files, and a clear error for every option or input that does not fit."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from .conftest import run_train

from tensor_autograd.cli import predict
from tensor_autograd.data import load_mnist1d

SHORT = ["--dataset", "mnist1d", "--quiet", "--steps", "100", "--eval-every", "50"]


@pytest.fixture(scope="session")
def mnist1d_cache(tmp_path_factory):
    """One cache folder for every test here: the data is generated once."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def shared_cache(mnist1d_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(mnist1d_cache))


@pytest.fixture
def mnist1d_model(tmp_path):
    path = tmp_path / "mlp.npz"
    status, _ = run_train(*SHORT, "--model", "mlp", "--save", str(path))
    assert status == 0
    return path


def run_predict(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return predict.main(list(argv), out=out), out.getvalue()


@pytest.mark.parametrize("model", ["linear", "mlp", "cnn"])
def test_a_short_run_reports_accuracy_and_confusion(model):
    status, out = run_train(*SHORT, "--model", model)
    assert status == 0
    assert "data: MNIST-1D" in out
    assert re.search(rf"model {model} \([\d,]+ parameters\) \| 3,600 training, 400 ", out)
    assert "trained 100 steps; kept the weights of step" in out
    accuracy = float(re.search(r"test accuracy: ([\d.]+)%", out).group(1))
    assert accuracy > 20
    assert "confusion matrix (rows: true class, columns: predicted class)" in out
    rows = re.findall(r"^\s+(\d)((?:\s+\d+){10})$", out, flags=re.M)
    assert [int(r[0]) for r in rows] == list(range(10))
    assert sum(int(n) for _, counts in rows for n in counts.split()) == 1000


def test_a_progress_bar_goes_to_stderr(capsys):
    status, _ = run_train(*SHORT[:1], "mnist1d", "--steps", "50", "--eval-every", "25")
    assert status == 0
    assert "training" in capsys.readouterr().err


def test_predict_a_test_signal(mnist1d_model):
    status, out = run_predict("--model", str(mnist1d_model), "--test-index", "3")
    assert status == 0
    match = re.fullmatch(
        r"test signal 3: class (\d) \(probability (0\.\d\d|1\.00); next: .*\); "
        r"its true class is 9, (right|wrong)\n",
        out,
    )
    assert match, out


def test_predict_signals_from_a_npy_file(mnist1d_model, tmp_path):
    signals = load_mnist1d().x_test[:3]
    one, three = tmp_path / "one.npy", tmp_path / "three.npy"
    np.save(one, signals[0])
    np.save(three, signals)
    status, out = run_predict("--model", str(mnist1d_model), "--signal", str(one))
    assert status == 0 and out.startswith(f"the signal in {one}: class ")
    status, out = run_predict("--model", str(mnist1d_model), "--signal", str(three))
    assert status == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "signal 0", "signal 1", "signal 2"]
    # The same answer for a signal given by index and by file:
    _, by_index = run_predict("--model", str(mnist1d_model), "--test-index", "0")
    assert by_index.split(";")[0].split(": ")[1] == out.splitlines()[0].split(";")[0].split(": ")[1]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--model", "cnn"], "--model cnn does not fit --dataset gender"),
        (["--dataset", "mnist1d", "--hidden", "32"], "--hidden only applies to --dataset gender"),
        (["--dataset", "mnist1d", "--epochs", "3", "--folds", "2"],
         "--epochs --folds only apply to --dataset gender"),
        (["--steps", "100"], "--steps only applies to --dataset mnist1d"),
        (["--dataset", "mnist1d", "--patience", "0"], "expected a positive whole number"),
        (["--dataset", "mnist1d", "--validation-fraction", "1"], "strictly between 0 and 1"),
        (["--dataset", "cifar"], "invalid choice: 'cifar'"),
    ],
)
def test_options_that_do_not_fit_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        run_train(*argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_diverging_run_exits_1_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "m.npz"
    status, _ = run_train(*SHORT, "--model", "mlp", "--lr", "1e6", "--save", str(path))
    assert status == 1
    err = capsys.readouterr().err
    assert "error: the loss grew from" in err and "--lr 100000" in err
    assert f"not written: {path}" in err
    assert not path.exists()


def test_save_and_plot_write_our_files(tmp_path):
    model, plot = tmp_path / "m.npz", tmp_path / "curves.png"
    status, out = run_train(*SHORT, "--model", "linear", "--save", str(model),
                            "--plot", str(plot))  # fmt: skip
    assert status == 0
    assert f"wrote model file {model}" in out and f"wrote training curves {plot}" in out
    assert plot.read_bytes().startswith(b"\x89PNG")
    status, out = run_train(*SHORT, "--model", "linear", "--save", str(model),
                            "--plot", str(plot))  # fmt: skip
    assert status == 0 and f"replaced training curves {plot}" in out


def test_a_file_that_is_not_ours_is_refused_before_training(tmp_path, capsys):
    plot = tmp_path / "holiday.png"
    plot.write_bytes(b"\x89PNG\r\n\x1a\nnot ours")
    status, out = run_train(*SHORT, "--model", "linear", "--plot", str(plot))
    assert status == 1 and out == ""  # before the data is even loaded
    assert "holiday.png" in capsys.readouterr().err
    assert plot.read_bytes() == b"\x89PNG\r\n\x1a\nnot ours"


@pytest.mark.parametrize(
    "extra, message",
    [
        ([], "give --signal FILE.npy or --test-index K"),
        (["--test-index", "1000"], "--test-index 1000 is out of range; expected 0 to 999"),
        (["--test-index", "0", "--signal", "x.npy"], "one of the two"),
        (["--age", "30", "--test-index", "0"], "does not use --age"),
    ],
)
def test_predict_refuses_bad_inputs_with_status_2(mnist1d_model, extra, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        run_predict("--model", str(mnist1d_model), *extra)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, message",
    [
        (np.zeros(39), "shape (39,)"),
        (np.zeros((2, 3, 40)), "shape (2, 3, 40)"),
        (np.array(["a"] * 40), "not numbers"),
        (np.full(40, np.nan), "not finite"),
    ],
)
def test_predict_refuses_a_bad_signal_file(mnist1d_model, tmp_path, content, message, capsys):
    path = tmp_path / "bad.npy"
    np.save(path, content)
    with pytest.raises(SystemExit) as stopped:
        run_predict("--model", str(mnist1d_model), "--signal", str(path))
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_predict_never_unpickles_a_signal_file(mnist1d_model, tmp_path, capsys):
    path = tmp_path / "pickled.npy"
    np.save(path, np.array([{"not": "numbers"}], dtype=object), allow_pickle=True)
    with pytest.raises(SystemExit) as stopped:
        run_predict("--model", str(mnist1d_model), "--signal", str(path))
    assert stopped.value.code == 2
    assert "is not a NumPy .npy array of numbers" in capsys.readouterr().err


def test_gender_options_and_mnist1d_options_do_not_mix(classifier_model, capsys):
    with pytest.raises(SystemExit) as stopped:
        run_predict("--model", str(classifier_model), "--age", "30", "--height", "180",
                    "--weight", "80", "--income", "50000", "--test-index", "0")  # fmt: skip
    assert stopped.value.code == 2
    assert "--test-index" in capsys.readouterr().err


def test_a_damaged_mnist1d_model_file_exits_1(mnist1d_model, tmp_path, capsys):
    from tensor_autograd.training.checkpoint import load_model, model_bytes

    saved = load_model(mnist1d_model)
    state = dict(saved.state)
    state["0.weight"] = state["0.weight"][:, :3]
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(model_bytes(state, saved.meta))
    status, _ = run_predict("--model", str(damaged), "--test-index", "0")
    assert status == 1
    assert "the model file is inconsistent" in capsys.readouterr().err


def test_a_run_that_learns_nothing_exits_1_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "m.npz"
    status, _ = run_train("--dataset", "mnist1d", "--quiet", "--steps", "2",
                          "--eval-every", "1", "--lr", "1e-12", "--save", str(path))  # fmt: skip
    assert status == 1
    err = capsys.readouterr().err
    assert "learned nothing" in err and f"not written: {path}" in err
    assert not path.exists()
