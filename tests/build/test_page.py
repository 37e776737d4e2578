"""The graph page without a browser: offline by construction, safe escaping, determinism,
and `kg render`. (tests/browser/ drives it in headless Chromium.)"""

from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox
from typer.testing import CliRunner

from kg.build.graph import run_build
from kg.build.page import render_page
from kg.build.projection import layout, project
from kg.cli import app
from tests.conftest import DATA

PAGE_DATA = DATA / "page"
ID = "https://example.org/kg/id/"


def page_json(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_build_writes_the_page(built):
    assert (built / "graph.html").stat().st_size > 100_000


def test_page_refers_to_no_remote_resource(built):
    html = (built / "graph.html").read_text()
    assert not re.search(r"https?://", html)
    assert not re.search(r"<(link|img|iframe|object|embed|base|source|video|audio)\b", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert not re.search(r"@import|url\((?!\"?data:)", html)
    assert len(re.findall(r"^<script\b", html, re.M)) == 3
    assert "sourceMappingURL" not in html


def test_page_forbids_network_access_by_csp(built):
    html = (built / "graph.html").read_text()
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert csp.startswith("default-src 'none';")
    assert re.search(r"script-src 'sha256-[^']+' 'sha256-[^']+';", csp)
    assert "connect-src" not in csp and "'unsafe-eval'" not in csp
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_page_data_matches_the_build(built):
    data = page_json((built / "graph.html").read_text())
    summary = json.loads((built / "build.json").read_text())
    assert len(data["nodes"]) == summary["counts"]["entities"]
    assert {c["name"]: c["count"] for c in data["classes"]} == summary["counts"]["by_class"]
    assert data["meta"]["build_date"] == (summary["build_date"] or "")
    labels = {c["name"]: c["label"] for c in data["classes"]}
    assert labels["DisputeAction" if "DisputeAction" in labels else "Trial"] in ("dispute action", "trial or deployment")
    inspur = next(n for n in data["nodes"] if n["key"] == "inspur")
    assert inspur["label"] == "Inspur"
    quotes = {data["strings"][c[3]] for f in inspur["facts"] for c in f[3] if c[3] >= 0}
    assert "servers made by Jinan-based Inspur" in quotes


def test_render_is_deterministic_and_matches_the_build(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    (copy / "graph.html").unlink()
    result = CliRunner().invoke(app, ["render", "--out", str(copy)])
    assert result.exit_code == 0, result.output
    assert (copy / "graph.html").read_bytes() == (built / "graph.html").read_bytes()


def test_render_without_a_build_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["render", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no built graph — run 'kg build' first" in result.output


def test_hostile_text_cannot_leave_the_data_block(tmp_path, fictional_tree):
    for kind in ("facts", "seeds"):
        for item in (PAGE_DATA / "hostile" / kind).iterdir():
            shutil.copy(item, fictional_tree / kind / item.name)
    run_build(fictional_tree / "facts", fictional_tree / "seeds", tmp_path / "out", extract=False, root=fictional_tree)
    html = (tmp_path / "out" / "graph.html").read_text()
    assert html.count("</script>") == 3 and "<img" not in html and "<iframe" not in html
    data = page_json(html)
    mirelle = next(n for n in data["nodes"] if n["key"] == "mirelle-quanta")
    assert mirelle["label"] == "Mirelle <img src=x onerror=window.__kgPwned=5> Quanta"
    assert "</script><script>window.__kgPwned=6</script>" in mirelle["aliases"]


def test_projection_of_the_fixture_with_extracted_claims():
    quads = list(ox.parse(path=str(PAGE_DATA / "extracted.trig"), format=ox.RdfFormat.TRIG))
    graph = project(quads)
    assert graph.nodes[ID + "tessaly-networks"]["origin"] == "extracted"
    assert graph.nodes[ID + "halvard-systems"]["origin"] == "curated"
    review = ID + "nfsa-review-of-halvard-routers"
    edge = graph.edges[review, ID + "tessaly-networks", "concernsVendor"]
    assert (edge["label"], edge["origin"]) == ("concerns vendor", "extracted")
    assert edge["claims"][0]["confidence"] == 0.55
    reviewer = graph.edges[review, ID + "norland-financial-supervisory-authority", "reviewer"]
    assert [c["origin"] for c in reviewer["claims"]] == ["curated", "extracted"]
    assert graph.nodes[review]["date"] == "2031-03"
    assert graph.graph["classes"]["Regulator"]["label"] == "regulator"


def test_layout_is_seeded_and_stable(built):
    quads = list(ox.parse(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG))
    first, second = project(quads), project(quads)
    assert layout(first) == layout(second)
    positions = layout(first)
    assert len(set(positions.values())) == len(positions)  # no two nodes on one spot


def test_page_for_an_empty_graph_renders():
    html = render_page([], {"name": "empty", "counts": {}}).decode()
    assert page_json(html)["nodes"] == []


def test_big_graph_page_shows_most_connected_and_says_so():
    """Past MAX_PAGE_NODES the page keeps the most connected entities, with their facts and sources."""
    import pyoxigraph as ox

    from kg.build.page import most_connected
    from kg.build.projection import statement_rows

    base = "https://example.org/kg/"
    kg = "https://example.org/kg/ns#"
    quads, n = [], 0

    def claim(s, p, o):
        nonlocal n
        n += 1
        g = ox.NamedNode(f"{base}claim/{n}")
        prov = ox.NamedNode(f"{base}graph/provenance")
        quads.append(ox.Quad(s, p, o, g))
        quads.append(ox.Quad(g, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(kg + "Claim"), prov))
        quads.append(ox.Quad(g, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), ox.NamedNode(base + "source/doc"), prov))

    hub = ox.NamedNode(base + "id/hub")
    for i in range(8):
        node = ox.NamedNode(f"{base}id/n{i}")
        claim(node, ox.NamedNode(kg + "name"), ox.Literal(f"N{i}"))
        if i < 3:
            claim(node, ox.NamedNode(kg + "party"), hub)
    claim(hub, ox.NamedNode(kg + "name"), ox.Literal("Hub"))
    rows, _ = statement_rows(quads)
    kept, total = most_connected(rows, limit=4)
    assert total == 9
    assert {row[0].rsplit("/", 1)[-1] for row in kept} == {"hub", "n0", "n1", "n2"}
    assert all(row[3][3] == base + "source/doc" for row in kept)  # each with its claim's provenance
    assert most_connected(rows, limit=100) == (rows, 9)


def test_a_class_without_a_style_takes_its_nearest_styled_ancestors(monkeypatch):
    """A new subclass in the ontology is drawn like its family without a code change."""
    from kg.build import page

    monkeypatch.delitem(page.STYLES, "Fine")
    assert page.style_of("Fine") == page.STYLES["Penalty"]
    monkeypatch.delitem(page.STYLES, "Penalty")
    assert page.style_of("Fine") == page.STYLES["DisputeAction"]
    assert page.style_of("NoSuchClass")[0] in page.FALLBACK


def test_projection_takes_classes_from_the_ontology_kg_ships():
    quads = [q for q in ox.parse(path=str(PAGE_DATA / "extracted.trig"), format=ox.RdfFormat.TRIG)
             if "ontology" not in q.graph_name.value]
    graph = project(quads)
    assert graph.graph["classes"]["Ban"]["parents"] == ["Restriction"]
    assert graph.nodes[ID + "halvard-systems"]["kind_label"] == "vendor"


def test_page_lists_events_with_their_actions_and_actors(built):
    data = page_json((built / "graph.html").read_text())
    keys = [n["key"] for n in data["nodes"]]
    events = {keys[e["node"]]: e for e in data["events"]}
    dispute = events["us-china-spying-dispute-2014"]
    assert dispute["core"][0] == dispute["node"]
    core = [keys[i] for i in dispute["core"]]
    assert "us-indicts-five-chinese-officers" in core
    dates = [data["nodes"][i]["date"] for i in dispute["core"][1:] if data["nodes"][i]["date"]]
    assert dates == sorted(dates)  # actions in date order
    assert "us-federal-prosecutors" in {keys[i] for i in dispute["left"]}  # an actor
    assert not set(dispute["left"]) & set(dispute["right"]) and not set(dispute["core"]) & set(dispute["left"])
    china = data["nodes"][keys.index("china")]
    assert data["countries"][china["country"]] == keys.index("china")
    inspur = data["nodes"][keys.index("inspur")]
    assert keys[data["countries"][inspur["country"]]] == "china"
