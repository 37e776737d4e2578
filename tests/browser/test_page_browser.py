"""The graph page in headless Chromium, with the network blocked: what it draws, its panel,
search and filters, hostile text, and a screenshot for people to look at."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.graph import run_build
from kg.build.page import render_page
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.browser
PAGE_DATA = DATA / "page"


@pytest.fixture(scope="module")
def extracted_page(tmp_path_factory) -> Path:
    """The fictional graph with extracted claims (tests/data/page/extracted.trig)."""
    quads = list(ox.parse(path=str(PAGE_DATA / "extracted.trig"), format=ox.RdfFormat.TRIG))
    summary = json.loads((PAGE_DATA / "extracted.json").read_text())
    path = tmp_path_factory.mktemp("extracted") / "graph.html"
    path.write_bytes(render_page(quads, summary))
    return path


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    """`kg build` of the fictional tree plus a facts file and article full of HTML and script."""
    tree = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "valid", tree / "facts")
    shutil.copytree(DATA / "seeds", tree / "seeds")
    for kind in ("facts", "seeds"):
        for item in (PAGE_DATA / "hostile" / kind).iterdir():
            shutil.copy(item, tree / kind / item.name)
    run_build(tree / "facts", tree / "seeds", tree / "out", extract=False, root=tree)
    return tree / "out" / "graph.html"


def test_page_loads_offline_without_any_request(built, open_page):
    loaded = open_page(built / "graph.html")
    assert loaded.requests == [(built / "graph.html").resolve().as_uri()]
    assert loaded.errors == []
    assert loaded.js("window.kgCspViolations") == []


def test_every_entity_of_the_build_is_drawn(built, open_page):
    loaded = open_page(built / "graph.html")
    summary = json.loads((built / "build.json").read_text())
    assert loaded.drawn() == summary["counts"]["entities"]
    assert loaded.js("typeof network.getPositions === 'function'")
    assert "nodes" in loaded.page.locator("#kg-counts").inner_text()


def test_click_on_a_node_shows_its_source_quote(built, open_page):
    loaded = open_page(built / "graph.html")
    inspur = loaded.node_index("inspur")
    loaded.js("i => network.moveTo({position: network.getPosition(i), scale: 2})", inspur)
    box = loaded.page.locator("#kg-network").bounding_box()
    loaded.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = loaded.page.locator("#kg-panel")
    assert panel.is_visible()
    assert loaded.page.locator("#kg-panel h2").inner_text() == "Inspur"
    text = loaded.panel_text()
    assert "“servers made by Jinan-based Inspur”" in text
    assert "facts/entities/companies.yaml line" in text
    assert "South China Morning Post" in text
    assert loaded.page.locator("#kg-panel a[href^='https:']").count() >= 1


def test_click_on_an_edge_lists_its_fact(built, open_page):
    loaded = open_page(built / "graph.html")
    edge = loaded.js("""() => {
        const from = kgPage.data.nodes.findIndex(n => n.key === 'china-urges-banks-to-replace-ibm-servers');
        const to = kgPage.data.nodes.findIndex(n => n.key === 'inspur');
        const e = kgPage.edges.get().find(e => e.from === from && e.to === to);
        const a = network.getPosition(from), b = network.getPosition(to);
        network.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}, scale: 1.5});
        return e.label;
    }""")
    assert edge == "replacement vendor"
    box = loaded.page.locator("#kg-network").bounding_box()
    loaded.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    text = loaded.panel_text()
    assert "replacement vendor: Inspur" in text
    assert "the central government planned to expand that trial to other banks" in text


@pytest.mark.parametrize("query, key", [("Inspur", "inspur"), ("pboc", "peoples-bank-of-china")])
def test_search_focuses_the_node(built, open_page, query, key):
    loaded = open_page(built / "graph.html")
    loaded.page.fill("#kg-search", query)
    loaded.page.press("#kg-search", "Enter")
    index = loaded.node_index(key)
    assert loaded.js("network.getSelectedNodes()") == [index]
    # The view glides to the node and centres it.
    loaded.page.wait_for_function("""i => { const v = network.getViewPosition(), n = network.getPosition(i);
        return Math.abs(v.x - n.x) < 3 && Math.abs(v.y - n.y) < 3; }""", arg=index, timeout=5_000)
    assert loaded.page.locator("#kg-panel h2").inner_text() == loaded.js("i => kgPage.data.nodes[i].label", index)


def test_hiding_extracted_hides_nodes_known_only_from_extraction(extracted_page, open_page):
    loaded = open_page(extracted_page)
    assert "tessaly-networks" in loaded.visible()
    assert loaded.drawn() == 8
    loaded.page.uncheck("#kg-show-extracted")
    assert "tessaly-networks" not in loaded.visible()
    assert loaded.drawn() == 7
    loaded.page.check("#kg-show-extracted")
    loaded.page.uncheck("#kg-show-curated")
    assert loaded.visible() == {"tessaly-networks"}


def test_extracted_facts_show_their_confidence(extracted_page, open_page):
    loaded = open_page(extracted_page)
    loaded.js("i => kgPage.focusNode(i)", loaded.node_index("nfsa-review-of-halvard-routers"))
    text = loaded.panel_text()
    assert "extracted · confidence 0.91" in text  # corroborates the curated reviewer
    assert "extracted · confidence 0.55" in text
    assert "method: pattern:test-fixture" in text


def test_moving_the_date_before_2014_hides_the_indictment(built, open_page):
    loaded = open_page(built / "graph.html")
    assert "us-indicts-five-chinese-officers" in loaded.visible()
    loaded.js("""() => { const s = document.getElementById('kg-asof');
        s.value = String(2013 * 12 + 11); s.dispatchEvent(new Event('input')); }""")
    visible = loaded.visible()
    assert "us-indicts-five-chinese-officers" not in visible
    assert "postal-savings-bank-inspur-server-trial" in visible  # began in March 2013
    assert "ibm" in visible  # undated entities stay
    assert "2013-12" in loaded.page.locator("#kg-asof-label").inner_text()
    loaded.page.locator("#kg-asof").press("End")
    assert "us-indicts-five-chinese-officers" in loaded.visible()


def test_legend_hides_and_shows_a_class(built, open_page):
    loaded = open_page(built / "graph.html")
    summary = json.loads((built / "build.json").read_text())
    regulators = summary["counts"]["by_class"]["Regulator"]
    button = loaded.page.locator("#kg-legend button[data-class='Regulator']")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert loaded.drawn() == summary["counts"]["entities"] - regulators
    assert "peoples-bank-of-china" not in loaded.visible()
    button.click()
    assert loaded.drawn() == summary["counts"]["entities"]


def test_hostile_text_is_shown_literally_and_nothing_executes(hostile_page, open_page):
    loaded = open_page(hostile_page)
    loaded.page.fill("#kg-search", "Mirelle")
    loaded.page.press("#kg-search", "Enter")
    loaded.page.wait_for_timeout(300)
    assert loaded.js("window.__kgPwned") is None
    assert loaded.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert loaded.js("document.scripts.length") == 3  # the data block, vis-network and the page's own
    text = loaded.panel_text()
    assert "Mirelle <img src=x onerror=window.__kgPwned=5> Quanta" in text
    assert "</script><script>window.__kgPwned=6</script>" in text
    assert "&lt;b&gt;MQ" in text
    assert "says </script><script>window.__kgPwned=4</script>" in text
    assert "Norland gazette <img src=x onerror=window.__kgPwned=1>" in text
    assert "<b>The Fictional Gazette</b>" in text
    assert loaded.errors == [] and loaded.js("window.kgCspViolations") == []


def test_javascript_urls_are_not_links(extracted_page, open_page):
    loaded = open_page(extracted_page)
    loaded.js("i => kgPage.focusNode(i)", loaded.node_index("nfsa-review-of-halvard-routers"))
    assert "Shady <img src=x onerror=window.__kgPwned=9> blog" in loaded.panel_text()
    hrefs = loaded.js("[...document.querySelectorAll('#kg-panel a')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https:") for h in hrefs)
    assert "javascript:window.__kgPwned=8" in loaded.panel_text()  # shown as text
    assert loaded.js("window.__kgPwned") is None


def test_screenshot(built, open_page):
    """Saves out/graph-screenshot.png (and, with KG_UPDATE_SCREENSHOT=1, docs/screenshot.png)."""
    loaded = open_page(built / "graph.html", width=1600, height=1000)
    loaded.js("i => kgPage.focusNode(i)", loaded.node_index("china-bank-ibm-server-review-2014"))
    loaded.page.wait_for_timeout(200)
    loaded.js("network.fit({animation: false})")
    loaded.page.wait_for_timeout(200)
    assert loaded.page.locator("#kg-panel").is_visible()
    shots = [built / "graph-screenshot.png"]
    if (ROOT / "out").is_dir():
        shots.append(ROOT / "out" / "graph-screenshot.png")
    if os.environ.get("KG_UPDATE_SCREENSHOT") == "1":
        shots.append(ROOT / "docs" / "screenshot.png")
    for shot in shots:
        shot.parent.mkdir(parents=True, exist_ok=True)
        loaded.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
