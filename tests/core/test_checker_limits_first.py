"""Issue 7.8 (bounded time): a program over the declaration limits is refused before the checker
reads it (the encoding scan walked all 300,000 sorts of an 8 MB fuzz mutant first), and the scan's
plain copy of the program is the one `dataclasses.asdict` would give, made without deep copies."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pot
import pot.checker
from pot.dsl.program import MAX_DECLARATIONS, load_program

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


def test_the_loader_counts_sections_before_it_builds_an_entry(monkeypatch):
    import pot.dsl.program as program_module

    built = []
    for name in ("sort", "function", "variable", "group", "fact", "rule", "verification"):
        monkeypatch.setattr(program_module._Loader, name, lambda self, *a, _n=name: built.append(_n))
    over = MAX_DECLARATIONS + 1
    cases = {
        "sorts": {"sorts": [None] * over},  # entries are counted as written, valid or not
        "functions": {"functions": [{"name": "f", "range": "BoolSort"}] * over},
        "constants": {"constants": {"a": {"sort": "S", "members": [f"c{i}" for i in range(over - 3)]},
                                    "b": {"sort": "S", "members": {"x": 1, "y": 2, "z": 3}}}},
        "variables": {"variables": [{"name": "x", "sort": "S"}] * over},
    }
    for section, program in cases.items():
        loaded, diags = load_program(json.dumps(program))
        assert loaded is None
        assert [(d.code, d.path) for d in diags] == [("too-many", section)], section
        assert f"{over} declarations" in diags[0].message
    facts = {"knowledge_base": ["True"] * 3000, "rules": [{"constraint": "True"}] * 1000,
             "verifications": [{"constraint": "True"}] * 1001}
    loaded, diags = load_program(facts)
    assert loaded is None and [(d.code, d.path) for d in diags] == [("too-many", "knowledge_base")]
    assert built == []
    loaded, diags = load_program({"sorts": [{"name": "S", "type": "DeclareSort"}] * MAX_DECLARATIONS})
    assert loaded is not None and built == ["sort"] * MAX_DECLARATIONS  # at the limit, it is read


def test_the_expressions_of_a_program_have_a_character_budget_checked_before_parsing(monkeypatch):
    import pot.dsl.parsed as parsed_module

    parsed = []
    real = parsed_module.parse_expression
    monkeypatch.setattr(parsed_module, "parse_expression", lambda text: parsed.append(text) or real(text))
    chain = "-" * 5995 + "1 < 2"  # 6,000 characters, refused as too deep once read
    count = parsed_module.MAX_EXPRESSION_CHARACTERS // len(chain) + 1  # the last one passes the budget
    program = {"knowledge_base": [chain] * (count - 2),
               "rules": [{"implies": {"antecedent": "True", "consequent": chain}}],
               "verifications": [{"constraint": chain}]}
    for diags in (pot.check(program), pot.check(json.dumps(program))):
        assert [(d.code, d.path) for d in diags] == [("too-large", "verifications[0].constraint")]
        assert f"limit {parsed_module.MAX_EXPRESSION_CHARACTERS}" in diags[0].message
    try:
        pot.verify(program, timeout_ms=1000)
    except pot.ProgramError as e:
        assert [(d.code, d.path) for d in e.errors] == [("too-large", "verifications[0].constraint")]
    else:
        raise AssertionError("verify gave a verdict")
    assert parsed == []
    program["verifications"] = [{"constraint": "True"}]  # within the budget: read, and each is too deep
    codes = {d.code for d in pot.check(program) if d.severity == "error"}
    assert codes == {"too-deep"} and parsed.count(chain) == count - 1 and len(parsed) == count + 1  # every site
