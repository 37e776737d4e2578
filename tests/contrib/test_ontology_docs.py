"""Every class and property documented, from the ontology (issue 15, item 10): docs/ontology.md
is what `kg docs` writes, and it names every term; events get a comparable kg:sortDate."""

from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app
from kg.contrib.docs import DOCS_PATH, ontology_markdown
from kg.model.ontology import load_ontology
from tests.conftest import ROOT


def test_docs_ontology_md_is_generated_from_the_ontology():
    assert (ROOT / DOCS_PATH).read_text(encoding="utf-8") == ontology_markdown(), "run: kg docs -o docs/ontology.md"


def test_every_class_and_property_is_documented():
    onto = load_ontology()
    text = ontology_markdown()
    for name in [*onto.classes, *onto.properties, "sequence", "sortDate", "curatedValue", "Conflict"]:
        assert f"`kg:{name}`" in text, name
    result = CliRunner().invoke(app, ["docs"])
    assert result.exit_code == 0 and result.output == text


def test_sort_date_makes_dates_of_every_precision_comparable(built):
    """A review's startDate 2014-05 and an action's date 2014-05-19 sort as xsd:dates."""
    answer = _sparql(built, """SELECT ?event ?precise ?sort WHERE {
        ?event kg:sortDate ?sort . OPTIONAL { ?event kg:date ?precise } OPTIONAL { ?event kg:startDate ?precise } }
        ORDER BY ?sort ?event""")
    rows = {r[0].value.rsplit("/", 1)[-1]: (r[1].value, r[2]) for r in answer}
    precise, sort = rows["china-bank-ibm-server-review-2014"]
    assert (precise, sort.value, sort.datatype.value) == ("2014-05", "2014-05-01", "http://www.w3.org/2001/XMLSchema#date")
    assert rows["us-indicts-five-chinese-officers"][1].value == "2014-05-19"
    sorts = [r[2].value for r in answer]
    assert sorts == sorted(sorts) and len(rows) >= 5


def _sparql(out, text: str) -> list:
    """Rows of ``text`` on the union of a build's graphs, with pyoxigraph alone."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    return [list(row) for row in store.query(text, use_default_graph_as_union=True,
                                             prefixes={"kg": "https://example.org/kg/ns#"})]
