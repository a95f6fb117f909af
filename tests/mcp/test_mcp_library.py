"""The language documents the server ships are the repository's dsl_spec/, byte for byte."""

from __future__ import annotations

from mcp_helpers import ROOT

from pot.agent import library

SHIPPED = ROOT / "pot" / "agent" / "dsl_spec"
SOURCE = ROOT / "dsl_spec"
RESYNC = "copy dsl_spec/README.md and dsl_spec/examples/*.json into pot/agent/dsl_spec/"


def test_the_shipped_copy_is_identical_to_dsl_spec():
    assert (SHIPPED / "README.md").read_bytes() == (SOURCE / "README.md").read_bytes(), RESYNC
    shipped = {p.name: p.read_bytes() for p in (SHIPPED / "examples").glob("*.json")}
    source = {p.name: p.read_bytes() for p in (SOURCE / "examples").glob("*.json")}
    assert shipped == source, RESYNC


def test_documents_have_distinct_uris_and_the_spec_first():
    docs = library.documents()
    assert docs[0].uri == library.SPEC_URI
    assert len({d.uri for d in docs}) == len(docs) == 2 + len(list((SOURCE / "examples").glob("*.json")))
