"""The site builds strictly, offline, and has every page the navigation names."""

from __future__ import annotations

import re

from pathlib import Path

import yaml
from site_checks import prose_in_tex

ROOT = Path(__file__).resolve().parents[2]


def _nav_pages(nav) -> list[str]:
    pages = []
    for entry in nav:
        value = entry if isinstance(entry, str) else next(iter(entry.values()))
        pages += _nav_pages(value) if isinstance(value, list) else [value]
    return pages


def _nav():
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names Python objects (!!python/name:…); reading the nav needs none of them.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["nav"]


def test_every_page_in_the_navigation_is_built(built_site):
    pages = _nav_pages(_nav())
    assert "part1/01-computational-graph.md" in pages
    for page in pages:
        html = built_site / re.sub(r"(index)?\.md$", "", page) / "index.html"
        assert html.is_file(), f"{page} was not built to {html}"


def test_pages_load_nothing_from_another_host(built_site):
    external = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
    for html in built_site.rglob("*.html"):
        text = html.read_text()
        # Links a reader clicks are fine; what a page loads by itself (scripts, styles, fonts) is not.
        loads = [m for m in re.finditer(r"<(script|link)[^>]*>", text) if external.search(m.group(0))]
        assert not loads, f"{html.relative_to(built_site)} loads {loads[0].group(0)}"


def test_math_and_diagrams_are_served_from_the_site(built_site):
    vendor = built_site / "assets" / "vendor"
    assert (vendor / "katex" / "katex.min.js").is_file()
    assert (vendor / "mermaid" / "mermaid.min.js").is_file()
    assert list((vendor / "katex" / "fonts").glob("*.woff2"))


def test_prose_in_tex_finds_words_but_not_symbols():
    assert prose_in_tex(r"1,000 and at least ") == ["and", "least"]
    assert prose_in_tex(r"\frac{\partial L}{\partial w} = x_{in} \text{ for the batch}") == []
    assert prose_in_tex(r"11,200 (the MAE; the RMSE is ") == ["the", "the", "is"]


def test_math_holds_no_prose(built_site):
    """Every piece of math the site marks for KaTeX is math, not a sentence between two dollars."""
    found = []
    for html in sorted(built_site.rglob("*.html")):
        text = html.read_text()
        for match in re.finditer(r'<(span|div) class="arithmatex">(.*?)</\1>', text, re.S):
            if words := prose_in_tex(match.group(2)):
                found.append(f"{html.relative_to(built_site)}: {match.group(2)[:80]!r} ({', '.join(words)})")
    assert not found, "prose rendered as math (write currency as USD 11,200):\n" + "\n".join(found)


def test_executed_blocks_show_what_they_printed(built_site):
    page = (built_site / "part1" / "07-neuron-to-mlp" / "index.html").read_text()
    assert 'class="book-output' in page and "step  0  loss" in page
