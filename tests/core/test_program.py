"""The program model: lenient loading, shape errors as diagnostics, the committed JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pot.dsl.program import Fact, Program, json_schema, load_program

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "dsl_spec" / "pot-dsl.schema.json"
EXAMPLES = sorted((ROOT / "dsl_spec" / "examples").glob("*.json"))


def load_ok(source) -> Program:
    program, diags = load_program(source)
    assert program is not None, diags
    assert [d for d in diags if d.severity == "error"] == []
    return program


def load_bad(source) -> list:
    program, diags = load_program(source)
    assert program is None
    assert diags and all(d.severity == "error" for d in diags)
    return diags


# lenient shapes ---------------------------------------------------------------------------


def test_missing_sections_are_empty():
    p = load_ok({})
    assert p.sorts == [] and p.functions == [] and p.constants == {} and p.variables == []
    assert p.knowledge_base == [] and p.rules == [] and p.verifications == [] and p.actions == []
    assert p.optimization is None and p.dsl_version is None


def test_null_sections_are_empty():
    p = load_ok({key: None for key in ("sorts", "functions", "constants", "variables", "knowledge_base", "rules",
                                       "verifications", "actions")})
    assert p.sorts == [] and p.constants == {} and p.knowledge_base == [] and p.verifications == []


def test_null_domain_is_empty():
    p = load_ok({"functions": [{"name": "c", "domain": None, "range": "IntSort"}]})
    assert p.functions[0].domain == []


def test_knowledge_base_entries_are_strings_or_objects():
    p = load_ok({"knowledge_base": [
        "p(a)",
        {"assertion": "q(a)"},
        {"assertion": "r(a)", "value": False, "name": "not_r"},
    ]})
    assert p.knowledge_base == [
        Fact(assertion="p(a)"),
        Fact(assertion="q(a)", value=True),
        Fact(assertion="r(a)", value=False, name="not_r"),
    ]


@pytest.mark.parametrize("members", [["a", "b"], {"a": "the first", "b": "the second"}])
def test_constant_members_list_or_dict(members):
    p = load_ok({"constants": {"people": {"sort": "Person", "members": members}}})
    assert list(p.constants["people"].members) == ["a", "b"]


def test_rule_and_verification_shapes():
    p = load_ok({
        "rules": [
            {"forall": [{"name": "x", "sort": "S"}], "implies": {"antecedent": "p(x)", "consequent": "q(x)"}},
            {"constraint": "p(a)"},
            {"name": "r", "forall": [{"name": "x", "sort": "S"}], "constraint": "p(x)"},
        ],
        "verifications": [
            {"constraint": "q(a)"},
            {"exists": [{"name": "x", "sort": "S"}], "constraint": "q(x)"},
            {"name": "v", "forall": [{"name": "x", "sort": "S"}], "implies": {"antecedent": "p(x)",
                                                                              "consequent": "q(x)"}},
        ],
    })
    assert len(p.rules) == 3 and len(p.verifications) == 3
    assert p.rules[2].name == "r" and p.verifications[2].name == "v"


def test_optimization_section():
    p = load_ok({"optimization": {"variables": [{"name": "x", "sort": "IntSort"}], "constraints": ["x < 3"],
                                  "objectives": [{"type": "maximize", "expression": "x"}]},
                 "actions": ["optimize"]})
    assert p.optimization.objectives[0].type == "maximize"


def test_program_instance_passes_through():
    p = load_ok({"knowledge_base": ["a"]})
    assert load_program(p) == (p, [])


# unknown fields ------------------------------------------------------------------------------


def test_unknown_fields_are_warnings_with_paths():
    program, diags = load_program({
        "comment": "hi",
        "sorts": [{"name": "A", "type": "DeclareSort", "note": 1}],
        "constants": {"g": {"sort": "A", "members": ["a"], "extra": True}},
        "knowledge_base": [{"assertion": "p(a)", "why": "because"}],
        "rules": [{"constraint": "p(a)", "label": "x"}],
        "verifications": [{"constraint": "p(a)", "implies_not": 1}],
    })
    assert program is not None
    assert all(d.severity == "warning" and d.code == "unknown-field" for d in diags)
    got = {(d.path, d.message.split("'")[1]) for d in diags}
    assert got == {("", "comment"), ("sorts[0]", "note"), ("constants.g", "extra"), ("knowledge_base[0]", "why"),
                   ("rules[0]", "label"), ("verifications[0]", "implies_not")}


# unreadable input --------------------------------------------------------------------------------


@pytest.mark.parametrize("source, code", [
    ("{not json", "invalid-json"),
    ('{"a": 1,}', "invalid-json"),
    ('{"a": 1} {"b": 2}', "invalid-json"),
    ("", "empty-input"),
    ("   \n", "empty-input"),
    (b"", "empty-input"),
    (b"\x00\x01\x02binary", "binary-input"),
    (b"\xff\xfe\xfa", "binary-input"),
    ("[1, 2]", "not-an-object"),
    ("42", "not-an-object"),
    ("null", "not-an-object"),
    ('"text"', "not-an-object"),
])
def test_unreadable_input_is_a_diagnostic(source, code):
    diags = load_bad(source)
    assert [d.code for d in diags] == [code]
    assert diags[0].message
    assert diags[0].hint


def test_invalid_json_says_where():
    (d,) = load_bad('{\n  "sorts": [,]\n}')
    assert (d.path, d.column) == ("line 2", 13)


def test_bytes_with_bom_are_accepted():
    assert load_ok(b'\xef\xbb\xbf{"knowledge_base": ["a"]}').knowledge_base[0].assertion == "a"


def test_deeply_nested_json_is_a_diagnostic_not_a_crash():
    program, diags = load_program("[" * 100_000 + "]" * 100_000)
    assert program is None and diags and diags[0].severity == "error"


# shape errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source, path, message_part", [
    ({"rules": [{"forall": [{"name": "x", "sort": "A"}]}]}, "rules[0]", "exactly one of 'implies' or 'constraint'"),
    ({"rules": [{"constraint": "a", "implies": {"antecedent": "a", "consequent": "b"}}]}, "rules[0]",
     "exactly one"),
    ({"verifications": [{}]}, "verifications[0]", "exactly one of 'constraint' or 'implies'"),
    ({"verifications": [{"exists": [{"name": "x", "sort": "A"}], "forall": [{"name": "x", "sort": "A"}],
                         "constraint": "p(x)"}]}, "verifications[0]", "not both"),
    ({"verifications": [{"exists": [{"name": "x", "sort": "A"}],
                         "implies": {"antecedent": "a", "consequent": "b"}}]}, "verifications[0]", "'exists'"),
    ({"rules": [{"implies": {"antecedent": "a"}}]}, "rules[0].implies", "missing field 'consequent'"),
    ({"functions": [{"name": "f", "domain": ["A"]}]}, "functions[0]", "missing field 'range'"),
    ({"sorts": [{"name": "A"}]}, "sorts[0]", "missing field 'type'"),
    ({"constants": {"g": {"members": ["a"]}}}, "constants.g", "missing field 'sort'"),
    ({"knowledge_base": [1]}, "knowledge_base[0]", "got number"),
    ({"knowledge_base": [{"value": True}]}, "knowledge_base[0]", "missing field 'assertion'"),
    ({"sorts": "Person"}, "sorts", "got a string"),
    ({"optimization": {"objectives": [{"type": "max", "expression": "x"}]}, "actions": ["optimize"]},
     "optimization.objectives[0].type",
     "maximize"),
])
def test_shape_errors(source, path, message_part):
    diags = load_bad(source)
    assert any(d.code == "invalid-field" and d.path == path and message_part in d.message for d in diags), \
        [(d.path, d.message) for d in diags]


def test_all_shape_errors_are_reported_at_once():
    diags = load_bad({"rules": [{}], "verifications": [{}], "functions": [{"name": "f"}]})
    assert {d.path for d in diags} == {"rules[0]", "verifications[0]", "functions[0]"}


# file input --------------------------------------------------------------------------------------


def test_path_input(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"knowledge_base": ["a"], "verifications": [{"constraint": "a"}]}), encoding="utf-8")
    assert load_ok(f).knowledge_base[0].assertion == "a"


def test_path_to_binary_or_empty_file(tmp_path):
    b = tmp_path / "b.json"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert [d.code for d in load_bad(b)] == ["binary-input"]
    e = tmp_path / "e.json"
    e.write_bytes(b"")
    assert [d.code for d in load_bad(e)] == ["empty-input"]


def test_unreadable_path_is_a_diagnostic(tmp_path):
    assert [d.code for d in load_bad(tmp_path / "missing.json")] == ["unreadable-input"]
    assert [d.code for d in load_bad(tmp_path)] == ["unreadable-input"]


def test_json_text_is_never_taken_for_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prog.json").write_text('{"knowledge_base": ["a"]}')
    assert [d.code for d in load_bad("prog.json")] == ["invalid-json"]


# the committed schema -----------------------------------------------------------------------------


def test_committed_schema_matches_the_models():
    assert SCHEMA_FILE.exists(), "dsl_spec/pot-dsl.schema.json is missing: generate it with `pot schema`"
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "the committed schema drifted from the models: regenerate it with `pot schema`"


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_there_are_example_programs():
    assert len(EXAMPLES) >= 3, "dsl_spec/examples/ should hold example programs"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_schema_validates_every_example(example):
    validator = jsonschema.Draft202012Validator(json_schema())
    data = json.loads(example.read_text(encoding="utf-8"))
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []
    load_ok(example)


def test_schema_accepts_what_the_loader_accepts():
    validator = jsonschema.Draft202012Validator(json_schema())
    lenient = {
        "sorts": None,
        "functions": [{"name": "f", "domain": None, "range": "BoolSort"}],
        "constants": {"g": {"sort": "S", "members": {"a": "desc"}}},
        "knowledge_base": ["f()", {"assertion": "f()", "value": False, "name": "n"}],
        "verifications": [{"constraint": "f()"}],
    }
    assert list(validator.iter_errors(lenient)) == []
    load_ok(lenient)


def test_schema_rejects_a_wrong_knowledge_base_entry():
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors({"knowledge_base": [1]}))
