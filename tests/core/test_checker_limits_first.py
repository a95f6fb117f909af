"""Issue 7.8 (bounded time): a program over the declaration limits is refused before the checker
reads it (the encoding scan walked all 300,000 sorts of an 8 MB fuzz mutant first), and the scan's
plain copy of the program is the one `dataclasses.asdict` would give, made without deep copies."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pot
import pot.checker
from pot.checker.symbols import MAX_DECLARATIONS
from pot.dsl.program import load_program

ROOT = Path(__file__).resolve().parents[2]


def test_too_many_declarations_are_refused_before_the_encoding_scan(monkeypatch):
    scanned = []
    monkeypatch.setattr(pot.checker, "unencodable_text", lambda value: scanned.append(value) or [])
    program = {"sorts": [{"name": f"S{i}", "type": "DeclareSort"} for i in range(MAX_DECLARATIONS + 1)],
               "knowledge_base": ["True"], "verifications": [{"constraint": "True"}]}
    (d,) = [d for d in pot.check(program) if d.severity == "error"]
    assert d.code == "too-many" and d.path == "sorts"
    assert scanned == []
    pot.check({"knowledge_base": ["True"], "verifications": [{"constraint": "True"}]})
    assert len(scanned) == 1  # within the limits the scan runs


def test_the_plain_copy_equals_asdict():
    for path in sorted((ROOT / "dsl_spec" / "examples").glob("*.json")):
        program, _ = load_program(json.loads(path.read_text()))
        assert program is not None
        assert pot.checker._plain(program) == dataclasses.asdict(program), path.name
