"""Regressions found in review in ``kg build``: each test names what used to go wrong."""

from __future__ import annotations

import pytest

from kg.build.graph import build_graph
from kg.model.errors import KgError


@pytest.mark.parametrize("base", ["foo bar", "https://x.example/kg", "https://x.example/k g/"])
def test_unusable_base_iri_is_a_clear_error(fictional_tree, base):
    """A bad --base used to end in an internal error (or glue ids onto the base)."""
    with pytest.raises(KgError, match="base IRI"):
        build_graph(fictional_tree / "facts", fictional_tree / "seeds", base=base, extract=False)
