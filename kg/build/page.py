"""``out/graph.html``: one self-contained, offline page to explore the graph.

The page is made of the graph projection (:mod:`kg.project`), the vis-network library that
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
import json
import math
import re
from collections.abc import Iterable
from importlib import resources

# Colour and shape by class local name; classes not listed get a colour from FALLBACK by a
# hash of their name (so a new class in the ontology is drawn without a code change).
STYLES: dict[str, tuple[str, str]] = {
    "Regulator": ("#c0392b", "hexagon"),
    "Vendor": ("#2471a3", "dot"),
    "Bank": ("#1e8449", "square"),
    "Organization": ("#7f8c8d", "dot"),
    "Person": ("#8e44ad", "triangle"),
    "Country": ("#117a65", "hexagon"),
    "Place": ("#a9a23a", "triangleDown"),
    "Review": ("#e67e22", "star"),
    "Dispute": ("#6e2c00", "star"),
    "DisputeAction": ("#d35400", "diamond"),
    "Directive": ("#d4ac0d", "diamond"),
    "Accusation": ("#cb4335", "diamond"),
    "Indictment": ("#922b21", "diamond"),
    "Restriction": ("#b03a2e", "diamond"),
    "Acquisition": ("#5b2c6f", "diamond"),
    "Trial": ("#148f77", "diamond"),
    "Suspension": ("#884ea0", "diamond"),
    "Retaliation": ("#e74c3c", "diamond"),
    "Protest": ("#ca6f1e", "diamond"),
}
FALLBACK = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf"]
# Facts shown first in the side panel; the rest follow by label.
_FIRST = {"type": 0, "name": 1, "alias": 2, "description": 3, "date": 4, "startDate": 5, "endDate": 6}
_VIS_DIR = re.compile(r"vis-(\d+)\.(\d+)\.(\d+)")


def style_of(kind: str) -> tuple[str, str]:
    """Colour and vis shape of a class."""
    if kind in STYLES:
        return STYLES[kind]
    digest = hashlib.sha256(kind.encode()).digest()[0]
    return FALLBACK[digest % len(FALLBACK)], "dot"


def _asset(name: str) -> str:
    return resources.files("kg.build").joinpath("assets", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network's minified script as pyvis ships it (the newest version it bundles)."""
    from kg.model.errors import KgError

    try:
        lib = resources.files("pyvis").joinpath("lib")
        versions = sorted((tuple(map(int, m.groups())), entry) for entry in lib.iterdir()
                          if (m := _VIS_DIR.fullmatch(entry.name)) and entry.joinpath("vis-network.min.js").is_file())
    except ModuleNotFoundError:
        versions = []
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


def _class_order(classes: dict[str, dict], present: Iterable[str]) -> list[str]:
    """Classes grouped under their parents (agents, places, events …), then by label."""
    from kg.build.projection import ancestors

    def path(name: str) -> tuple:
        chain = list(reversed(ancestors(classes, name)))
        return tuple(classes.get(c, {}).get("label", c) for c in chain)

    return sorted(present, key=path)


def page_data(graph, summary: dict, *, source_link: str = "../facts/") -> dict:
    """The JSON the page reads: meta, classes, documents, string table and nodes with their facts."""
    strings = _Strings()
    nodes = list(graph.nodes)
    index = {iri: i for i, iri in enumerate(nodes)}
    classes_meta = graph.graph.get("classes", {})
    counts: dict[str, int] = {}
    for iri in nodes:
        kind = graph.nodes[iri]["kind"]
        counts[kind] = counts.get(kind, 0) + 1
    order = _class_order(classes_meta, counts)
    class_index = {name: i for i, name in enumerate(order)}
    classes = []
    for name in order:
        colour, shape = style_of(name)
        meta = classes_meta.get(name, {})
        classes.append({"name": name, "label": meta.get("label", name), "comment": meta.get("comment", ""),
                        "color": colour, "shape": shape, "count": counts[name]})
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
            "aliases": list(node["aliases"]), "desc": node["description"], "date": node["date"], "end": node["end"],
            "x": node.get("x", 0), "y": node.get("y", 0),
            "size": round(9 + 4 * math.sqrt(degrees.get(iri, 0)), 1),
            "ext": 1 if node["origin"] == "extracted" else 0,
            "facts": [[strings(f["label"]), index.get(f["object"], -1),
                       None if f["object"] else str(f["value"]), [claim(c) for c in f["claims"]]] for f in facts],
        })
    by_origin = summary.get("counts", {}).get("claims_by_origin", {})
    return {
        "meta": {"name": summary.get("name") or "kg", "build_date": summary.get("build_date") or "",
                 "claims": summary.get("counts", {}).get("claims", 0), "claims_by_origin": by_origin,
                 "nodes": len(nodes), "total_nodes": max(summary.get("page_total_nodes", 0), len(nodes)),
                 "edges": graph.number_of_edges(), "source_link": source_link},
        "classes": classes, "docs": docs, "strings": strings.items, "nodes": out_nodes,
    }


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    # vis-network sets inline styles on the elements it makes, hence 'unsafe-inline' for styles only.
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_graph(graph, summary: dict, *, source_link: str = "../facts/") -> bytes:
    """The page for a projected graph (with positions, see :func:`kg.project.layout`)."""
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


def most_connected(quads, limit: int = MAX_PAGE_NODES) -> tuple[list, int]:
    """The quads about the ``limit`` entities with the most relations (ties by IRI), and
    the number of entities there were. Quads are returned unchanged when there are fewer."""
    from kg.build.projection import _graph_roles

    quads = list(quads)
    provenance, ontology = _graph_roles(quads)
    asserted = [q for q in quads if q.graph_name not in provenance and q.graph_name not in ontology]
    subjects = {q.subject for q in asserted}
    if len(subjects) <= limit:
        return quads, len(subjects)
    degree = dict.fromkeys(subjects, 0)
    for q in asserted:
        if q.object in degree:
            degree[q.subject] += 1
            degree[q.object] += 1
    kept = set(sorted(degree, key=lambda n: (-degree[n], n.value))[:limit])
    claim_graphs = {q.graph_name for q in asserted}
    graphs = {q.graph_name for q in asserted if q.subject in kept and (q.object in kept or q.object not in degree)}
    # Provenance of the kept claims, and the descriptions of documents (not about a claim).
    chosen = [q for q in quads if q.graph_name in graphs or q.graph_name in ontology
              or (q.graph_name in provenance and (q.subject in graphs or q.subject not in claim_graphs))]
    return chosen, len(subjects)


def render_page(quads, summary: dict, *, source_link: str = "../facts/") -> bytes:
    """``out/graph.html`` for the quads of a build and its summary (``build.json``)."""
    from kg.build.projection import layout, project

    quads, total = most_connected(quads)
    summary = dict(summary, page_total_nodes=total)
    graph = project(quads)
    layout(graph)
    return render_graph(graph, summary, source_link=source_link)
