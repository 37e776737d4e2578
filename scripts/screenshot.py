"""Regenerate docs/screenshot.png, the README's picture of the graph page, so that it shows
what the documented command gives: ``kg build`` of this repository (into a temporary folder,
never into out/), its graph.html opened in headless Chromium at 1400x900 on the view of the
seed article's dispute.

    .venv/bin/python scripts/screenshot.py [--event us-china-spying-dispute-2014] [--out docs/screenshot.png]

Needs Debian's /usr/bin/chromium and the playwright package (pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SIZE = {"width": 1400, "height": 900}


def build(out: Path) -> Path:
    """``kg build --out OUT`` run in the repository, as the README says; returns the page."""
    kg = Path(sys.executable).with_name("kg")
    subprocess.run([str(kg), "build", "--out", str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / "graph.html"


def shoot(page_path: Path, target: Path, event: str) -> None:
    """Open the page with every request but its own file blocked, pick ``event`` (a dispute's
    id) in the event selector, and save a screenshot of the window."""
    from playwright.sync_api import sync_playwright

    own = page_path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=SIZE)
        page.route("**/*", lambda r: r.continue_() if r.request.url == own else r.abort())
        page.goto(own)
        page.wait_for_function("window.kgReady === true", timeout=30_000)
        index = page.evaluate("k => kgPage.data.events.findIndex(e => kgPage.data.nodes[e.node].key === k)", event)
        if index < 0:
            raise SystemExit(f"{event}: no such event in the page — pick one of the event selector's ids")
        page.select_option("#kg-event", str(index))
        page.wait_for_timeout(300)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--event", default="us-china-spying-dispute-2014", help="id of the dispute to show")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png", help="where to write the PNG")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as tmp:
        shoot(build(Path(tmp) / "out"), args.out, args.event)
    print(args.out)


if __name__ == "__main__":
    main()
