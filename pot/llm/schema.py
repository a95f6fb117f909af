"""The generation schema: the part of the DSL a strict JSON-schema response format can say.

OpenAI's strict structured outputs want closed objects (`additionalProperties: false`),
every property required, and no open-ended keys. So `constants` is a list of groups
instead of a dict, optional fields are nullable instead of absent (but a rule or verification
is one of the shapes the checker takes: at most one quantifier, `implies` or `constraint`), and
sorts are limited to the five kinds LLM programs use. `to_dsl` turns a response back into a DSL program.
The field names are the DSL's own, so the checker's error paths read the same on both.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

SORT_KINDS = ["DeclareSort", "EnumSort", "IntSort", "RealSort", "BoolSort"]


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_STR = {"type": "string"}
_NAME = _nullable(_STR)
_VARS = _list(_obj(name=_STR, sort=_STR))


def _shapes(*quantifiers: str) -> dict[str, Any]:
    """A rule or verification in every shape the checker takes: at most one quantifier list, then
    `implies` or `constraint`. With every key required (and the optional ones nullable or empty),
    a small model under a grammar filled them all (measured: Qwen2.5-Coder 1.5B wrote both
    `implies` and `constraint`, then both `exists` and `forall`), which the checker refuses; as
    alternatives, a shape the checker refuses cannot be written."""
    heads: list[dict[str, Any]] = [{}, *({q: _VARS} for q in quantifiers)]
    bodies: list[dict[str, Any]] = [{"implies": _obj(antecedent=_STR, consequent=_STR)}, {"constraint": _STR}]
    return {"anyOf": [_obj(name=_NAME, **head, **body) for head in heads for body in bodies]}


GENERATION_SCHEMA: dict[str, Any] = _obj(
    sorts=_list(_obj(name=_STR, type={"type": "string", "enum": SORT_KINDS}, values=_nullable(_list(_STR)))),
    functions=_list(_obj(name=_STR, domain=_list(_STR), range=_STR)),
    constants=_list(_obj(sort=_STR, members=_list(_STR))),
    variables=_VARS,
    knowledge_base=_list(_obj(name=_NAME, assertion=_STR)),
    rules=_list(_shapes("forall")),
    verifications=_list(_shapes("exists", "forall")),
)


class SchemaStyle(StrEnum):
    """How a request carries the schema. JSON_SCHEMA: OpenAI's `json_schema` response format (OpenAI,
    vLLM, Ollama through litellm, llama.cpp's llama-server). JSON_OBJECT: `{"type": "json_object",
    "schema": ...}`, the only form llama-cpp-python's server accepts (it rejects `json_schema` with a
    422); llama-server takes it too. Both are compiled to a grammar by llama.cpp."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT = "json_object"

    @classmethod
    def for_model(cls, model: str, api_base: str | None) -> SchemaStyle:
        """`openai/NAME` at an api_base is an OpenAI-compatible server of unknown make: the form
        llama.cpp's servers share. Everything else gets the OpenAI form (litellm translates it)."""
        return cls.JSON_OBJECT if model.startswith("openai/") and api_base else cls.JSON_SCHEMA


def response_format(style: SchemaStyle = SchemaStyle.JSON_SCHEMA) -> dict[str, Any]:
    if style == SchemaStyle.JSON_OBJECT:
        return {"type": "json_object", "schema": GENERATION_SCHEMA}
    return {"type": "json_schema", "json_schema": {"name": "pot_program", "strict": True, "schema": GENERATION_SCHEMA}}


def to_dsl(data: dict[str, Any]) -> dict[str, Any]:
    """A generation-schema response as a DSL program: nulls and empty quantifiers dropped,
    constant groups keyed by sort. Anything unexpected is passed through for the checker."""
    program = dict(data)
    program["sorts"] = [_compact(s) for s in data.get("sorts") or []]
    program["constants"] = _groups(data.get("constants") or [])
    program["knowledge_base"] = [_fact(f) for f in data.get("knowledge_base") or []]
    program["rules"] = [_compact(r) for r in data.get("rules") or []]
    program["verifications"] = [_compact(v) for v in data.get("verifications") or []]
    program.setdefault("actions", ["verify_conditions"])
    return program


def _compact(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {k: v for k, v in item.items() if v is not None and v != []}


def _fact(item: Any) -> Any:
    if isinstance(item, dict) and item.get("name") is None and isinstance(item.get("assertion"), str):
        return item["assertion"]
    return _compact(item)


def _groups(groups: list[Any]) -> Any:
    out: dict[str, Any] = {}
    for index, group in enumerate(groups):
        if not isinstance(group, dict):
            return groups  # not the generation shape after all: let the checker say so
        key = str(group.get("sort", "group"))
        out[key if key not in out else f"{key}_{index}"] = group
    return out
