"""``out/graph.html``: one self-contained, offline page to explore the graph.

The page is made of the graph projection (:mod:`kg.build.projection`), the vis-network library that
pyvis ships (inlined, never fetched), and this package's own ``assets/page.{html,css,js}``.
Everything the page shows comes from one JSON block (``<script type="application/json">``)
that the page's script reads and puts on screen with DOM text nodes only; a
Content-Security-Policy meta tag forbids every network request, any script but the two
inlined ones (pinned by their SHA-256) and any plugin, frame or form.

What the page offers: nodes coloured and shaped by class (the legend is a filter), sized by
degree, labelled edges, a curated/extracted filter, an "as of" date slider, a search over
names and aliases, and a side panel listing the facts of a clicked node or edge with their
sources. ``window.network`` is the vis ``Network``.

Nothing in the page refers to a remote resource. URLs in the data, and the few URL strings
inside vis-network's licence comment and code, are written with ``:\\/\\/`` (the same string
for JSON and JavaScript), so even ``grep 'https\\?://' graph.html`` finds nothing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

# The one style table: colour and vis shape by class local name. A class not listed takes the
# style of its nearest listed ancestor in the ontology, so a new subclass is drawn like its
# family without a code change; a class with no styled ancestor gets a colour from FALLBACK
# by a hash of its name. Families share a shape and a hue (restrictions red, penalties
# purple, legal actions teal, statements ochre, incidents slate).
STYLES: dict[str, tuple[str, str]] = {
    "Agent": ("#7f8c8d", "dot"),
    "Organization": ("#7f8c8d", "dot"),
    "Regulator": ("#c0392b", "hexagon"),
    "Vendor": ("#2471a3", "dot"),
    "Bank": ("#1e8449", "square"),
    "Person": ("#8e44ad", "triangle"),
    "Country": ("#117a65", "hexagon"),
    "Place": ("#a9a23a", "triangleDown"),
    "Event": ("#e67e22", "star"),
    "Review": ("#e67e22", "star"),
    "Dispute": ("#6e2c00", "star"),
    "DisputeAction": ("#d35400", "diamond"),
    "Directive": ("#d4ac0d", "diamond"),
    "DivestitureOrder": ("#9a7d0a", "diamond"),
    "Restriction": ("#b03a2e", "square"),
    "Ban": ("#78281f", "square"),
    "ExportControl": ("#e74c3c", "square"),
    "EntityListing": ("#f1948a", "square"),
    "ThreatDesignation": ("#a04000", "square"),
    "ProcurementExclusion": ("#dc7633", "square"),
    "Penalty": ("#6c3483", "triangleDown"),
    "Fine": ("#a569bd", "triangleDown"),
    "Settlement": ("#4a235a", "triangleDown"),
    "LegalAction": ("#148f77", "triangle"),
    "Lawsuit": ("#48c9b0", "triangle"),
    "CourtRuling": ("#0e6251", "triangle"),
    "Indictment": ("#117864", "triangle"),
    "Statement": ("#b7950b", "dot"),
    "Accusation": ("#ca6f1e", "dot"),
    "Denial": ("#f4d03f", "dot"),
    "Protest": ("#935116", "dot"),
    "Incident": ("#5d6d7e", "diamond"),
    "Outage": ("#212f3d", "diamond"),
    "Acquisition": ("#5b2c6f", "diamond"),
    "Trial": ("#76d7c4", "diamond"),
    "Suspension": ("#884ea0", "diamond"),
    "Retaliation": ("#943126", "diamond"),
}
FALLBACK = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf"]
# Facts shown first in the side panel; the rest follow by label.
_FIRST = {"type": 0, "name": 1, "alias": 2, "description": 3, "date": 4, "startDate": 5, "endDate": 6}
_VIS_DIR = re.compile(r"vis-(\d+)\.(\d+)\.(\d+)")
# Relations by which an agent acts in an event (drawn on the left of an event's view; the
# agents acted upon or merely involved on the right).
_ACTING = frozenset({"actor", "reviewer", "buyer", "resultsSubmittedTo"})
# Relations through which an entity without a country of its own takes one (a person's
# employer, an action's actor …), most direct first.
_COUNTRY_VIA = ("actor", "reviewer", "worksFor", "parentOrganization", "buyer", "party", "concernsVendor", "target")


def style_of(kind: str) -> tuple[str, str]:
    """Colour and vis shape of a class: its own style in STYLES, else its nearest styled
    ancestor's (:meth:`kg.model.ontology.Ontology.ancestors`), else a colour by hash."""
    from kg.model.ontology import load_ontology

    for name in load_ontology().ancestors(kind) or [kind]:
        if name in STYLES:
            return STYLES[name]
    digest = hashlib.sha256(kind.encode()).digest()[0]
    return FALLBACK[digest % len(FALLBACK)], "dot"


def _asset(name: str) -> str:
    return resources.files("kg.build").joinpath("assets", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network's minified script as pyvis ships it (the newest version it bundles)."""
    from kg.model.errors import KgError

    # Found without importing pyvis: its package imports networkx, jinja2 and more (0.3 s).
    spec = importlib.util.find_spec("pyvis")
    versions = []
    for folder in (spec.submodule_search_locations or []) if spec else []:
        lib = Path(folder) / "lib"
        if lib.is_dir():
            versions += sorted((tuple(map(int, m.groups())), entry) for entry in lib.iterdir()
                               if (m := _VIS_DIR.fullmatch(entry.name)) and (entry / "vis-network.min.js").is_file())
    if not versions:
        raise KgError("cannot render the page: the pyvis package (which ships vis-network) is not installed — "
                      "install kg's dependencies, e.g. pip install -e .")
    code = versions[-1][1].joinpath("vis-network.min.js").read_text(encoding="utf-8")
    # Developer tools would fetch the source map named here; the page refers to no other file.
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", code)


def _no_url_literals(text: str) -> str:
    # "://" only occurs in string literals and comments of the inlined code and in JSON
    # strings; "\/" means "/" in both languages.
    return text.replace("://", ":\\/\\/")


def _json_for_script(value) -> str:
    """JSON that cannot end its <script> element or open an HTML comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return _no_url_literals(text)


class _Strings:
    """Repeated strings (quotes, files, labels) are stored once in the page's data."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, text: str | None) -> int:
        if text is None or text == "":
            return -1
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _class_order(present: Iterable[str]) -> list[str]:
    """Classes grouped under their parents (agents, places, events …), then by label."""
    from kg.model.ontology import load_ontology

    onto = load_ontology()

    def path(name: str) -> tuple:
        chain = list(reversed(onto.ancestors(name) or [name]))
        return tuple(onto.classes[c].label if c in onto.classes else c for c in chain)

    return sorted(present, key=path)


def _depth(name: str, present: set[str]) -> int:
    """How many of the classes on the page are above ``name`` (for indenting the legend)."""
    from kg.model.ontology import load_ontology

    return min(3, sum(1 for c in load_ontology().ancestors(name)[1:] if c in present))


def _countries(graph) -> dict[str, str]:
    """Each entity's country: a country is its own, an agent has ``country``; anything else
    takes the most common country of what it points to (_COUNTRY_VIA, most direct first)."""
    from kg.model.ontology import load_ontology

    onto = load_ontology()
    own: dict[str, str] = {}
    for iri in graph:
        if onto.is_a(graph.nodes[iri]["kind"], "Country"):
            own[iri] = iri
        elif found := sorted(v for _, v, k in graph.out_edges(iri, keys=True) if k == "country"):
            own[iri] = found[0]
    result = dict(own)
    for iri in graph:
        if iri in own:
            continue
        for via in _COUNTRY_VIA:
            found = [own[v] for _, v, k in graph.out_edges(iri, keys=True) if k == via and v in own]
            if found:
                result[iri] = min(set(found), key=lambda c: (-found.count(c), c))
                break
    return result


def _events(graph, index: dict[str, int], rank: dict[str, int]) -> list[dict]:
    """The events a reader can pick: each dispute, and each event that stands alone (a review
    outside any dispute), by date. Each lists node indices: ``core`` (itself, then its actions
    by date), ``left`` (the agents acting in them) and ``right`` (all else they link to)."""
    from kg.model.ontology import load_ontology

    onto = load_ontology()

    def is_root(iri: str) -> bool:
        kind = graph.nodes[iri]["kind"]
        return (onto.is_a(kind, "Event") and not onto.is_a(kind, "DisputeAction")
                and not any(k == "partOfDispute" for _, _, k in graph.out_edges(iri, keys=True)))

    def when(iri: str) -> tuple:
        node = graph.nodes[iri]
        return (node["date"] or "9999", node["label"], iri)

    def by_kind(nodes: set[str]) -> list[int]:
        return [index[n] for n in sorted(nodes, key=lambda n: (rank[n], graph.nodes[n]["label"], n))]

    events = []
    for root in sorted((iri for iri in graph if is_root(iri)), key=when):
        core, todo = [root], [root]
        while todo:
            for u, _, k in graph.in_edges(todo.pop(), keys=True):
                if k == "partOfDispute" and u not in core:
                    core.append(u)
                    todo.append(u)
        inside = set(core)
        acting, other = set(), set()
        for c in core:
            for _, v, k in graph.out_edges(c, keys=True):
                (acting if k in _ACTING else other).add(v)
            other.update(u for u, _, _ in graph.in_edges(c, keys=True))
        events.append({"node": index[root], "core": [index[root]] + [index[c] for c in sorted(core[1:], key=when)],
                       "left": by_kind(acting - inside), "right": by_kind(other - acting - inside)})
    return events


def _links(facts: list[dict]) -> list[list[str]]:
    """``[text, address]`` of the pages a node's external identifiers name (its Wikidata
    item, its LEI record at GLEIF, its website), for links in the side panel."""
    from kg.model.values import GLEIF_RECORD, Wikidata

    links = []
    for f in facts:
        value = str(f["value"])
        if f["predicate"] == "wikidata" and (qid := Wikidata.from_iri(value)):
            links.append([f"Wikidata {qid}", f"https://www.wikidata.org/wiki/{qid}"])
        elif f["predicate"] == "lei":
            links.append([f"LEI {value}", GLEIF_RECORD + value])
        elif f["predicate"] == "website":
            links.append(["website", value])
    return links


def _classes(graph) -> tuple[list[dict], dict[str, int]]:
    """The legend: each class present with its style, count and depth, and its index."""
    from kg.model.ontology import load_ontology

    classes_meta = graph.graph.get("classes", {})
    counts: dict[str, int] = {}
    for iri in graph.nodes:
        kind = graph.nodes[iri]["kind"]
        counts[kind] = counts.get(kind, 0) + 1
    order = _class_order(counts)
    classes = []
    for name in order:
        colour, shape = style_of(name)
        meta = classes_meta.get(name, {})
        classes.append({"name": name, "label": meta.get("label", name), "comment": meta.get("comment", ""),
                        "color": colour, "shape": shape, "count": counts[name], "depth": _depth(name, set(counts)),
                        "restriction": 1 if load_ontology().is_a(name, "Restriction") else 0})
    return classes, {name: i for i, name in enumerate(order)}


def _country_order(graph, country_of: dict[str, str]) -> list[str]:
    """Countries by how many nodes belong to them, most first."""
    per_country: dict[str, int] = {}
    for iri in graph.nodes:
        if iri in country_of:
            per_country[country_of[iri]] = per_country.get(country_of[iri], 0) + 1
    return sorted(per_country, key=lambda c: (-per_country[c], graph.nodes[c]["label"], c))


def page_data(graph, summary: dict, *, source_link: str = "../facts/") -> dict:
    """The JSON the page reads: meta, classes (with style and legend depth), documents, string
    table, nodes with their facts and country, the countries by size and the events to pick."""
    strings = _Strings()
    nodes = list(graph.nodes)
    index = {iri: i for i, iri in enumerate(nodes)}
    classes, class_index = _classes(graph)
    rank = {iri: class_index[graph.nodes[iri]["kind"]] for iri in nodes}
    country_of = _countries(graph)
    countries = _country_order(graph, country_of)
    country_index = {c: i for i, c in enumerate(countries)}
    sources = graph.graph.get("sources", {})
    doc_index = {iri: i for i, iri in enumerate(sources)}
    docs = [{"title": d.get("title") or iri.rsplit("/", 1)[-1], "publisher": d.get("publisher", ""),
             "published": d.get("published", ""), "url": d.get("url", "")} for iri, d in sources.items()]

    def claim(c: dict) -> list:
        return [1 if c["origin"] == "extracted" else 0, strings(c["certainty"]), doc_index.get(c["source"], -1),
                strings(c["quote"]), strings(c["file"]), c["line"] or 0,
                c["confidence"] if c["confidence"] is not None else -1, strings(c["method"])]

    out_nodes = []
    degrees = dict(graph.degree())
    for iri in nodes:
        node = graph.nodes[iri]
        facts = sorted(node["facts"], key=lambda f: (_FIRST.get(f["predicate"], 99), f["label"], str(f["value"])))
        out_nodes.append({
            "key": node["id"], "label": node["label"], "cls": class_index[node["kind"]],
            "aliases": list(node["aliases"]), "desc": node["description"], "date": node["date"],
            "start": node.get("start", ""), "end": node["end"],
            "country": country_index.get(country_of.get(iri), -1),
            "x": node.get("x", 0), "y": node.get("y", 0),
            "size": round(9 + 4 * math.sqrt(degrees.get(iri, 0)), 1),
            "ext": 1 if node["origin"] == "extracted" else 0,
            "facts": [[strings(f["label"]), index.get(f["object"], -1),
                       None if f["object"] else str(f["value"]), [claim(c) for c in f["claims"]]] for f in facts],
            "links": _links(facts),
        })
    by_origin = summary.get("counts", {}).get("claims_by_origin", {})
    return {
        "meta": {"name": summary.get("name") or "kg", "build_date": summary.get("build_date") or "",
                 "claims": summary.get("counts", {}).get("claims", 0), "claims_by_origin": by_origin,
                 "nodes": len(nodes), "total_nodes": max(summary.get("page_total_nodes", 0), len(nodes)),
                 "edges": graph.number_of_edges(), "source_link": source_link},
        "classes": classes, "docs": docs, "strings": strings.items, "nodes": out_nodes,
        "countries": [index[c] for c in countries], "events": _events(graph, index, rank),
    }


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    # vis-network sets inline styles on the elements it makes, hence 'unsafe-inline' for styles only.
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_graph(graph, summary: dict, *, source_link: str = "../facts/") -> bytes:
    """The page for a projected graph (with positions, see :func:`kg.build.projection.layout`)."""
    data = page_data(graph, summary, source_link=source_link)
    vis = _no_url_literals(vis_network_js())
    script = _no_url_literals(_asset("page.js"))
    parts = {
        "CSP": html.escape(_csp([vis, script]), quote=False),  # has no double quote
        "TITLE": html.escape(data["meta"]["name"]),
        "SOURCE_LINK": html.escape(source_link, quote=True),
        "STYLE": _asset("page.css"),
        "DATA": _json_for_script(data),
        "VIS": vis,
        "SCRIPT": script,
    }
    page = re.sub(r"<!--KG:(\w+)-->", lambda m: parts[m[1]], _asset("page.html"))
    return page.encode("utf-8")


# A page stays quick to open and to filter up to a few thousand nodes; beyond that it
# shows the most connected entities and says so (kg export writes the whole graph).
MAX_PAGE_NODES = 3000


def most_connected(rows: list[tuple], limit: int = MAX_PAGE_NODES) -> tuple[list[tuple], int]:
    """The statement rows (:func:`kg.build.projection.statement_rows`) about the ``limit``
    subjects with the most relations to other subjects (ties by IRI), and the number of
    subjects there were. Rows are returned unchanged when there are fewer."""
    subjects = {row[0] for row in rows}
    if len(subjects) <= limit:
        return rows, len(subjects)
    degree = dict.fromkeys(subjects, 0)
    for s, _, o, _ in rows:
        if isinstance(o, str) and o in degree:  # an IRI (kg.build.projection.light)
            degree[s] += 1
            degree[o] += 1
    kept = set(sorted(degree, key=lambda n: (-degree[n], n))[:limit])
    chosen = [row for row in rows if row[0] in kept
              and (not isinstance(row[2], str) or row[2] in kept or row[2] not in degree)]
    return chosen, len(subjects)


def render_page(quads, summary: dict, *, source_link: str = "../facts/") -> bytes:
    """``out/graph.html`` for the quads of a build and its summary (``build.json``)."""
    from kg.build.projection import graph_roles, known_roles, statement_rows

    quads = list(quads)
    roles = known_roles(summary["base_iri"]) if summary.get("base_iri") else graph_roles(quads)
    return render_rows(*statement_rows(quads, roles), summary, source_link=source_link)


def render_rows(rows: list[tuple], sources: dict, summary: dict, *, source_link: str = "../facts/",
                positions=None) -> bytes:
    """:func:`render_page` of a build's statement rows and sources
    (:func:`kg.build.projection.statement_rows`). ``positions``: a cache of layouts by the
    shape of the graph (a :class:`kg.inputs.cache.FileCache`), so that a build that changes
    no node or link does not lay the page out again."""
    from kg.build.projection import layout, project_rows

    rows, total = most_connected(rows)
    graph = project_rows(rows, sources)
    _place(graph, layout, positions)
    return render_graph(graph, dict(summary, page_total_nodes=total), source_link=source_link)


def _place(graph, layout, positions) -> None:
    """Lay ``graph`` out, or take its positions from ``positions`` when a graph of the same
    nodes and links was laid out before by the same code."""
    from kg.build.chunks import code_digest

    shape = hashlib.sha256(code_digest())
    for node in graph.nodes:
        shape.update(node.encode() + b"\0")
    for u, v in graph.edges():
        shape.update(f"{u}\x1f{v}\0".encode())
    key = shape.hexdigest()
    known = positions.get(key) if positions is not None else None
    if known is not None and len(known) == graph.number_of_nodes():
        for node, (x, y) in zip(graph.nodes, known, strict=True):
            graph.nodes[node]["x"], graph.nodes[node]["y"] = x, y
        return
    placed = layout(graph)
    if positions is not None:
        positions.put(key, [placed[node] for node in graph.nodes])
