"""Graph drawing as text: Mermaid flowcharts and Graphviz dot."""

import re

import pytest

from scalar_autograd.engine import Value
from scalar_autograd.graph import to_dot, to_mermaid


def small_graph():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    d = c + a
    d.backward()
    return a, b, c, d


def test_mermaid_has_a_box_per_value_and_a_circle_per_op():
    a, b, c, d = small_graph()
    text = to_mermaid(d, names={a: "a", b: "b", d: "d"})
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    boxes = [line for line in lines if re.fullmatch(r'\s+v\d+\[".*"\]', line)]
    ops = [line for line in lines if re.fullmatch(r'\s+v\d+_op\(\(".*"\)\)', line)]
    assert len(boxes) == 4 and len(ops) == 2
    assert '"a<br/>data 2 · grad -2"' in text  # dd/da = b + 1
    assert '"b<br/>data -3 · grad 2"' in text
    assert '(("*"))' in text and '(("+"))' in text
    assert sum("-->" in line for line in lines) == 3 + 3  # two inputs + one output per op


def test_mermaid_escapes_quotes_in_names():
    a = Value(1.0)
    assert '#quot;' in to_mermaid(a, names={a: 'say "hi"'})


def test_dot_is_a_digraph_with_escaped_labels():
    a, b, c, d = small_graph()
    text = to_dot(d, names={a: 'a "quoted"'})
    assert text.startswith("digraph {") and text.endswith("}")
    assert r'label="a \"quoted\"\ndata 2 · grad -2"' in text
    assert text.count("->") == 6
    assert "shape=circle" in text


def test_value_methods_match_module_functions():
    *_, d = small_graph()
    assert d.to_mermaid() == to_mermaid(d)
    assert d.to_dot() == to_dot(d)


def test_a_leaf_is_a_single_box():
    text = to_mermaid(Value(5.0))
    assert text.splitlines() == ["flowchart LR", '    v0["data 5 · grad 0"]']


def test_huge_graphs_are_refused_with_a_hint():
    v = Value(1.0)
    for _ in range(600):
        v = v.tanh()
    with pytest.raises(ValueError, match="601 Values, more than max_nodes=500"):
        to_mermaid(v)
    assert to_dot(v, max_nodes=1000).count("->") == 1200


def test_direction_sets_which_way_the_graph_is_drawn():
    *_, d = small_graph()
    assert to_mermaid(d).splitlines()[0] == "flowchart LR"  # the default
    tall = to_mermaid(d, direction="TB")
    assert tall.splitlines()[0] == "flowchart TB"
    assert tall.splitlines()[1:] == to_mermaid(d).splitlines()[1:]  # only the layout changes
    assert "rankdir=TB;" in to_dot(d, direction="TD")  # dot spells top-to-bottom TB only


@pytest.mark.parametrize("draw", [to_mermaid, to_dot])
def test_an_unknown_direction_is_refused_by_name(draw):
    with pytest.raises(ValueError, match="direction must be one of LR, RL, TB, TD, BT, got 'up'"):
        draw(Value(1.0), direction="up")
