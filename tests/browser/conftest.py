"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright) for the page tests.

Without Chromium or Playwright these tests skip with the reason, unless KG_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def _unavailable(reason: str):
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KG_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@dataclass
class Loaded:
    """A page opened with every request but the page's own file blocked; ``requests`` lists
    every request the page attempted (blocked or not)."""

    page: object
    path: Path
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_index(self, key: str) -> int:
        return self.js("k => kgPage.data.nodes.findIndex(n => n.key === k)", key)

    def visible(self) -> set[str]:
        return set(self.js("kgPage.nodes.getIds().map(i => kgPage.data.nodes[i].key)"))

    def drawn(self) -> int:
        return self.js("network.body.nodeIndices.length")

    def panel_text(self) -> str:
        return self.page.locator("#kg-panel").inner_text()


@pytest.fixture()
def open_page(browser):
    """Open a graph.html; yields a function path → :class:`Loaded`."""
    contexts = []

    def open_(path: Path, width: int = 1400, height: int = 900) -> Loaded:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        loaded = Loaded(page, path)
        own = path.resolve().as_uri()

        def route(r):
            if r.request.url == own:
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda r: loaded.requests.append(r.url))
        page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: loaded.errors.append(str(e)))
        page.goto(own)
        page.wait_for_function("window.kgReady === true", timeout=30_000)
        return loaded

    yield open_
    for context in contexts:
        context.close()
