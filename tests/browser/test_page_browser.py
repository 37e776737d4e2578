"""The graph page in headless Chromium, with the network blocked: what it draws, its panel,
search and filters, hostile text, and a screenshot for people to look at."""

from __future__ import annotations

import json
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
    point = loaded.js("i => network.canvasToDOM(network.getPosition(i))", inspur)  # where the node is drawn now
    loaded.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = loaded.page.locator("#kg-panel")
    panel.wait_for(state="visible", timeout=5_000)  # the network reports a click once it knows it is no drag
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
    # The view shows the node's neighbourhood, all of it on screen and labelled.
    assert loaded.js("kgPage.view()")["node"] == index
    assert _all_in_view(loaded, loaded.js("kgPage.nodes.getIds()"))
    assert loaded.js("network.getScale()") >= loaded.js("kgPage.readableScale")
    assert loaded.page.locator("#kg-panel h2").inner_text() == loaded.js("i => kgPage.data.nodes[i].label", index)


def test_hiding_extracted_hides_nodes_known_only_from_extraction(extracted_page, open_page):
    loaded = open_page(extracted_page)
    assert "tessaly-networks" in loaded.visible()
    assert loaded.drawn() == 8
    loaded.page.uncheck("#kg-show-extracted")
    assert "tessaly-networks" not in loaded.visible()
    assert loaded.drawn() == 7


def test_extracted_only_shows_extracted_facts_about_curated_entities(extracted_page, open_page):
    """Issue 15.4: the filter shows what it says — every extracted fact, also those about
    curated entities (the review and its reviewer) — refits, and the legend counts follow."""
    loaded = open_page(extracted_page)
    vendors = loaded.page.locator("#kg-legend button[data-class='Vendor'] .kg-count")
    assert vendors.inner_text() == "2"
    loaded.page.uncheck("#kg-show-curated")
    assert loaded.visible() == {"tessaly-networks", "nfsa-review-of-halvard-routers",
                                "norland-financial-supervisory-authority"}
    edges = loaded.js("kgPage.edges.get().map(e => [kgPage.data.nodes[e.from].key, kgPage.data.nodes[e.to].key])")
    assert sorted(map(tuple, edges)) == [("nfsa-review-of-halvard-routers", "norland-financial-supervisory-authority"),
                                         ("nfsa-review-of-halvard-routers", "tessaly-networks")]
    assert vendors.inner_text() == "1 / 2"
    assert loaded.page.locator("#kg-legend button[data-class='Bank'] .kg-count").inner_text() == "0 / 1"
    loaded.page.wait_for_timeout(400)  # the refit glides
    assert _all_in_view(loaded, loaded.js("kgPage.nodes.getIds()"))
    loaded.js("i => kgPage.focusNode(i)", loaded.node_index("nfsa-review-of-halvard-routers"))
    text = loaded.panel_text()
    assert "extracted · confidence 0.91" in text and "curated" not in text.replace("Only extracted", "")


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


def _all_in_view(loaded, ids) -> bool:
    """Whether the nodes are inside the canvas on screen."""
    return loaded.js("""ids => { const c = document.getElementById('kg-network');
        return ids.every(i => { const p = network.canvasToDOM(network.getPosition(i));
            return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; }); }""", ids)


# Boxes of the visible nodes with their labels, in screen pixels (vis-network's own bounding
# boxes, which include the label, through canvasToDOM).
_BOXES = """() => kgPage.nodes.getIds().map(i => { const b = network.getBoundingBox(i);
    const a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
    return {id: i, key: kgPage.data.nodes[i].key, left: a.x, top: a.y, right: z.x, bottom: z.y}; })"""


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["key"], b["key"]) for k, a in enumerate(boxes) for b in boxes[k + 1:]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]


@pytest.fixture(scope="module")
def real_page(tmp_path_factory) -> Path:
    """`kg build` of the repository itself: the curated graph at its real size (issue 12.4)."""
    out = tmp_path_factory.mktemp("real") / "out"
    run_build(ROOT / "facts", ROOT / "seeds", out, root=ROOT)
    return out / "graph.html"


def test_search_then_wheel_zoom_then_click_another_node(real_page, open_page):
    """Issue 15.1/15.2: one search per Enter; the wheel still zooms; a click selects the node
    it hits and opens its panel with the node and its neighbours labelled and in view."""
    loaded = open_page(real_page)
    loaded.page.fill("#kg-search", "Inspur")
    loaded.page.press("#kg-search", "Enter")
    inspur = loaded.node_index("inspur")
    assert loaded.js("kgPage.searches()") == 1
    assert loaded.js("network.getSelectedNodes()") == [inspur]
    before = loaded.js("network.getScale()")
    box = loaded.page.locator("#kg-network").bounding_box()
    loaded.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    loaded.page.mouse.wheel(0, 400)
    loaded.page.wait_for_timeout(300)
    zoomed = loaded.js("network.getScale()")
    assert abs(zoomed - before) > 0.01
    # The neighbour with the fewest relations, clicked where it is drawn.
    other = loaded.js("""i => kgPage.nodes.getIds().filter(j => j !== i)
        .sort((a, b) => network.getConnectedNodes(a).length - network.getConnectedNodes(b).length || a - b)[0]""", inspur)
    point = loaded.js("j => network.canvasToDOM(network.getPosition(j))", other)
    loaded.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    loaded.page.wait_for_timeout(300)
    assert loaded.js("network.getSelectedNodes()") == [other]
    assert loaded.js("kgPage.searches()") == 1  # the click did not search again
    assert loaded.page.locator("#kg-panel").is_visible()
    assert loaded.page.locator("#kg-panel h2").inner_text() == loaded.js("i => kgPage.data.nodes[i].label", other)
    assert loaded.js("network.getScale()") >= loaded.js("kgPage.labelThreshold")
    shown = loaded.js("kgPage.nodes.getIds()")
    assert other in shown and len(shown) == 1 + len(loaded.js("j => network.getConnectedNodes(j)", other))
    assert _all_in_view(loaded, shown)
    assert loaded.errors == []


def test_screenshots_of_the_whole_graph_and_of_each_event(real_page, open_page, tmp_path):
    """Issue 12.4: every event's view opens with its labels readable and apart at 1400x900."""
    loaded = open_page(real_page)
    whole = tmp_path / "whole.png"
    loaded.page.screenshot(path=str(whole))
    assert whole.stat().st_size > 20_000
    threshold = loaded.js("kgPage.labelThreshold")
    events = loaded.js("kgPage.data.events.map(e => kgPage.data.nodes[e.node].key)")
    assert "us-china-spying-dispute-2014" in events and len(events) >= 19
    for k, key in enumerate(events):
        loaded.page.select_option("#kg-event", str(k))
        loaded.page.wait_for_timeout(50)
        assert loaded.js("kgPage.view()")["event"] == k
        assert loaded.js("network.getScale()") >= threshold, key
        boxes = loaded.js(_BOXES)
        assert len(boxes) >= 2, key
        assert _overlaps(boxes) == [], key
        assert _all_in_view(loaded, [b["id"] for b in boxes]), key
        if key == "us-china-spying-dispute-2014":
            shot = tmp_path / "event.png"
            loaded.page.screenshot(path=str(shot))
            assert shot.stat().st_size > 20_000
    loaded.page.locator("#kg-view-back").click()
    assert loaded.drawn() == len(loaded.js("kgPage.data.nodes"))


def test_date_shows_restrictions_in_force(real_page, open_page):
    """Restrictions begun (startDate, else date) by the chosen month and not ended (endDate)
    by then are listed under the slider and marked."""
    loaded = open_page(real_page)
    dated = loaded.js("""() => kgPage.data.nodes.map((n, i) => [n, i])
        .filter(([n]) => kgPage.data.classes[n.cls].restriction && (n.start || n.date))
        .map(([n, i]) => [i, (n.start || n.date).slice(0, 7), n.end.slice(0, 7)])""")
    assert dated, "the curated graph has dated restrictions"

    def slide_to(ym: str, delta: int = 0) -> list[int]:
        year, mon = map(int, ym.split("-")[:2] if "-" in ym else (ym, "1"))
        loaded.js("""v => { const s = document.getElementById('kg-asof');
            s.value = String(v); s.dispatchEvent(new Event('change')); }""", year * 12 + mon - 1 + delta)
        return [int(k) for k in loaded.js("Object.keys(kgPage.state.inForce)")]

    index, start, end = next((d for d in dated if not d[2]), dated[0])
    assert index not in slide_to(start, -1)
    assert index in slide_to(start)
    assert index in [int(i) for i in loaded.js("kgPage.nodes.getIds()")]
    text = loaded.page.locator("#kg-inforce").inner_text()
    assert "in force" in text and loaded.js("i => kgPage.data.nodes[i].label", index)[:20] in text
    for index, start, end in dated:
        if end and end > start:  # lifted: in force until its end, not after
            assert index in slide_to(end, -1) and index not in slide_to(end)


def test_colour_by_country_and_event(real_page, open_page):
    loaded = open_page(real_page)
    china = loaded.node_index("china")
    colour = "i => { const n = network.body.nodes[i]; return n.options.color.background; }"
    by_kind = loaded.js(colour, china)
    loaded.page.select_option("#kg-colour", "country")
    assert loaded.js(colour, china) != by_kind
    assert "China" in loaded.page.locator("#kg-colour-key").inner_text()
    loaded.page.select_option("#kg-colour", "event")
    key = loaded.page.locator("#kg-colour-key button[data-group='0']")
    key.click()
    assert loaded.js("kgPage.view()")["kind"] == "event"
    loaded.page.select_option("#kg-colour", "kind")
    assert loaded.js(colour, china) == by_kind


def test_long_names_are_shortened_with_the_full_name_on_hover(real_page, open_page):
    loaded = open_page(real_page)
    long = loaded.js("""() => { const i = kgPage.data.nodes.findIndex(n => n.label.length > 60);
        const v = kgPage.nodes.get(i); return [kgPage.data.nodes[i].label, v.label, v.title.textContent]; }""")
    full, shown, title = long
    assert len(shown) <= 44 and shown.endswith("…") and full.startswith(shown[:-1])
    assert title == full
