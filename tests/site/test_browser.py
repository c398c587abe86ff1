"""The built book, opened in a real headless Chromium: math, diagrams and search work offline.

Uses the machine's own Chromium (Debian's ``chromium``) through Playwright; no browser is
downloaded. Without a Chromium the test skips and says why, except where ``BOOK_REQUIRE_BROWSER``
is set (``.ci/run`` sets it), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from site_checks import prose_in_tex

pytestmark = pytest.mark.browser

CHAPTER = "part1/01-computational-graph/"
# Flags that keep Chromium from phoning home on a machine with no network, as a reader's offline laptop.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for candidate in (os.environ.get("BOOK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    reason = "no Chromium found (install Debian's `chromium`, or set BOOK_CHROMIUM to a browser's path)"
    if os.environ.get("BOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}; BOOK_REQUIRE_BROWSER is set, so the browser check may not be skipped")
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports what matters; access logs are noise
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Material draws Mermaid into a closed shadow root; open it so the test can see the SVG.
    page.add_init_script(
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: 'open'}); };"
    )
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _foreign_requests(urls: list[str]) -> list[str]:
    return [url for url in urls if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]


def test_chapter_renders_math_and_diagrams(page, site_url):
    page.goto(site_url + CHAPTER)
    page.wait_for_selector(".arithmatex .katex", timeout=15_000)
    unrendered = page.eval_on_selector_all(
        ".arithmatex", "els => els.filter(e => !e.querySelector('.katex')).map(e => e.textContent)"
    )
    assert not unrendered, f"math left as raw TeX: {unrendered[:3]}"
    assert "$$" not in page.inner_text("article")
    page.wait_for_selector(".mermaid svg", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert not _foreign_requests(page.requests), f"requests left 127.0.0.1: {_foreign_requests(page.requests)}"


def test_search_finds_a_chapter(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("chain rule")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert any("part1/02-chain-rule/" in link for link in links), links
    page.wait_for_load_state("networkidle")
    assert not _foreign_requests(page.requests), f"requests left 127.0.0.1: {_foreign_requests(page.requests)}"


# Longer package lines are the chapter style test's business (it names file and line); at most this
# many characters a line, a code block must fit in the content column.
MAX_LINE = 88


def _pages(built_site: Path) -> list[str]:
    return sorted(
        html.parent.relative_to(built_site).as_posix() + "/"
        for html in built_site.rglob("index.html")
        if not html.parent.relative_to(built_site).parts[:1] in (("assets",), ("search",))
    )


def _overflow(page) -> dict:
    """What sticks out of the content column once math is rendered."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('.arithmatex') || document.querySelector('.katex')")
    return page.evaluate(
        """max => {
        const column = document.querySelector("article.md-content__inner").getBoundingClientRect();
        const wide = el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1;
        const label = el => el.textContent.trim().slice(0, 70);
        return {
            column: column.width,
            math: [...document.querySelectorAll(".katex-display")].filter(wide).map(el => ({
                text: label(el), scrolls: ["auto", "scroll"].includes(getComputedStyle(el).overflowX),
                right: el.getBoundingClientRect().right, columnRight: column.right})),
            errors: [...document.querySelectorAll(".katex-error")].map(label),
            prose: [...document.querySelectorAll(".katex annotation")].map(el => el.textContent),
            code: [...document.querySelectorAll("pre > code")]
                .filter(el => wide(el) && Math.max(...el.textContent.split("\\n").map(l => l.length)) <= max)
                .map(label),
        };
    }""",
        MAX_LINE,
    )


def test_no_math_or_code_is_cut_off_at_1280_px_nor_on_a_phone(page, site_url, built_site):
    """At a desktop width no display equation is wider than the column, and an 88-character
    line fits. On a phone (400 px, the same page resized rather than loaded again) code may
    scroll, and math may too, but nothing is cut off without a scroll bar."""
    problems = []
    for path in _pages(built_site):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site_url + path)
        found = _overflow(page)
        problems += [f"{path}: display math wider than the column: {m['text']!r}" for m in found["math"]]
        problems += [f"{path}: KaTeX error: {error!r}" for error in found["errors"]]
        problems += [f"{path}: prose as math: {tex!r}" for tex in found["prose"] if prose_in_tex(tex)]
        problems += [f"{path}: code wider than the column: {code!r}" for code in found["code"]]
        page.set_viewport_size({"width": 400, "height": 800})
        for math in _overflow(page)["math"]:
            if not math["scrolls"]:
                problems.append(f"{path}: display math cut off at 400 px: {math['text']!r}")
    assert not problems, "\n".join(problems)


def test_an_88_character_line_fits_at_1280_px(page, site_url):
    """The style test allows 88 characters a line; the stylesheet must give them room, in a block
    inside an admonition too (solutions are folded in ``??? success`` boxes)."""
    page.goto(site_url + CHAPTER)
    widths = page.evaluate(
        """n => ["", "admonition"].map(box => {
            const article = document.querySelector("article.md-content__inner");
            const holder = document.createElement("div");
            if (box) holder.className = box;
            holder.innerHTML = `<div class="highlight"><pre><code>${"m".repeat(n)}</code></pre></div>`;
            article.append(holder);
            const code = holder.querySelector("code");
            return [code.scrollWidth, code.clientWidth];
        })""",
        MAX_LINE,
    )
    for scroll, client in widths:
        assert scroll <= client, f"an {MAX_LINE}-character line needs {scroll} px, the block has {client}"
