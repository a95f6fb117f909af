import jsonschema
import pytest

from pot.api import verify
from pot.llm.prompt import worked_examples
from pot.llm.schema import GENERATION_SCHEMA, response_format, to_dsl


def _objects(node):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_schema_fits_openai_strict_mode():
    objects = list(_objects(GENERATION_SCHEMA))
    assert len(objects) > 5
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    assert response_format()["json_schema"]["strict"] is True
    jsonschema.Draft202012Validator.check_schema(GENERATION_SCHEMA)


def _generation_shape(program: dict) -> dict:
    """What a strict-mode model would send for a DSL program."""
    def vars_(decls):
        return decls or []

    return {
        "sorts": [{"name": s["name"], "type": s["type"], "values": s.get("values")} for s in program.get("sorts", [])],
        "functions": program.get("functions", []),
        "constants": list(program.get("constants", {}).values()),
        "variables": program.get("variables", []),
        "knowledge_base": [{"name": f.get("name"), "assertion": f["assertion"]} if isinstance(f, dict)
                           else {"name": None, "assertion": f} for f in program.get("knowledge_base", [])],
        "rules": [{"name": r.get("name"), **_shape(r)} for r in program.get("rules", [])],
        "verifications": [{"name": v.get("name"), **_shape(v)} for v in program.get("verifications", [])],
    }


def _shape(entry: dict) -> dict:
    """Its quantifier (if any) and its body: the keys of the one shape it has."""
    return {k: entry[k] for k in ("exists", "forall", "implies", "constraint") if entry.get(k)}


@pytest.mark.parametrize("keys, valid", [
    (("constraint",), True), (("implies",), True), (("exists", "constraint"), True), (("forall", "implies"), True),
    (("implies", "constraint"), False), (("exists", "forall", "constraint"), False), ((), False),
])
def test_a_verification_has_at_most_one_quantifier_and_one_body(keys, valid):
    values = {"exists": [{"name": "x", "sort": "S"}], "forall": [{"name": "y", "sort": "S"}],
              "implies": {"antecedent": "p(x)", "consequent": "q(x)"}, "constraint": "p(x)"}
    reply = {"sorts": [], "functions": [], "constants": [], "variables": [], "knowledge_base": [], "rules": [],
             "verifications": [{"name": None, **{k: values[k] for k in keys}}]}
    if valid:
        jsonschema.validate(reply, GENERATION_SCHEMA)
    else:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(reply, GENERATION_SCHEMA)


def test_a_rule_has_no_exists():
    rule = {"name": None, "exists": [{"name": "x", "sort": "S"}], "constraint": "p(x)"}
    reply = {"sorts": [], "functions": [], "constants": [], "variables": [], "knowledge_base": [], "rules": [rule],
             "verifications": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(reply, GENERATION_SCHEMA)


@pytest.mark.parametrize("example", worked_examples(), ids=lambda e: e.question)
def test_generation_shape_round_trips(example):
    reply = _generation_shape(example.program)
    jsonschema.validate(reply, GENERATION_SCHEMA)
    assert verify(to_dsl(reply)).answer is example.answer
