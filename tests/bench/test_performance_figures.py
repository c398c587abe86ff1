"""The chapter "Where the time goes" draws its tables and plots from the committed benchmark JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from figure_checks import assert_is_figure, load_figures

ROOT = Path(__file__).resolve().parents[2]
FIGURES_PY = ROOT / "docs" / "performance" / "figures.py"
CHAPTER = ROOT / "docs" / "performance" / "index.md"


def _module():
    return load_figures(FIGURES_PY, "performance_figures")


@pytest.mark.parametrize("name", sorted(_module().FIGURES))
def test_figure_is_drawn_from_the_committed_results(name):
    assert_is_figure(name, _module().FIGURES[name]())


@pytest.mark.parametrize("benchmark", ["scalar", "tensor"])
def test_committed_results_record_the_machine_and_date(benchmark):
    report = json.loads((FIGURES_PY.parent / "results" / f"{benchmark}.json").read_text(encoding="utf-8"))
    assert report["benchmark"] == f"{benchmark}_autograd.bench"
    assert not report["settings"]["quick"], "the site shows a full run, not a --quick one"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*", report["date"])
    assert {"cpu", "cores", "python"} <= report["machine"].keys()
    if benchmark == "tensor":
        assert {"numpy", "blas", "torch", "threads"} <= report["machine"].keys()  # torch: a version or null


def test_every_table_is_labelled_with_machine_and_date():
    module = _module()
    tensor_date = module.load("tensor")["date"][:10]
    for name, make in module.FIGURES.items():
        if name.endswith(".md") and not name.endswith("summary.md"):
            text = make()
            assert "Measured on" in text and tensor_date[:4] in text, name


def test_tables_show_every_measured_size():
    module = _module()
    table = module.FIGURES["tensor-results.md"]()
    for record in module.load("tensor")["results"]["step"]["sizes"]:
        inputs, hidden, outputs = record["layers"]
        assert f"| {record['batch']} × {inputs}-{hidden}-{outputs}" in table


def test_the_chapter_places_every_figure_and_only_those():
    text = CHAPTER.read_text(encoding="utf-8")
    placed = set(re.findall(r"^<!-- figure: ([\w.-]+) -->$", text, re.MULTILINE))
    placed |= set(re.findall(r"\]\(figures/([\w.-]+)\)", text))
    assert placed == set(_module().FIGURES)


def test_targets_table_judges_each_target():
    text = _module().targets()
    assert text.count("| met |") + text.count("**not met**") + text.count("| — |") == 10


def test_readme_states_the_targets_as_measured():
    """The scorecard lives in the README, as a static table: it must agree with the committed JSON."""
    module = _module()
    rows = [line for line in module.targets().splitlines() if line.startswith("| ")][2:]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Performance targets"):]
    section = section[: section.index("\n## ", 1)]
    for row in rows:
        assert row in section, f"README's performance targets disagree with the JSON: {row}"
    for name in ("scalar", "tensor"):
        assert module.load(name)["date"][:10] in section
