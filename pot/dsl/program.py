"""The program model: the Proof of Thought JSON DSL as pydantic models, and loading.

Lenient where LLMs are and nothing is lost by it: missing or null sections are empty,
knowledge-base entries are strings or objects, constant members are a list or a dict,
unknown fields are kept and reported as warnings. Expressions stay strings here; the
checker parses them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from pot.errors import Diagnostic, error, warning

DSL_VERSION = "1.0"


def _null_is_empty(input_type: Any) -> BeforeValidator:
    """A list section's validator: null means empty (missing is empty by its default)."""
    return BeforeValidator(lambda v: [] if v is None else v, json_schema_input_type=list[input_type] | None)


_Strings = Annotated[list[str], _null_is_empty(str), Field(default_factory=list)]


class _Node(BaseModel):
    model_config = ConfigDict(extra="allow")


class SortDecl(_Node):
    """`DeclareSort`, `EnumSort` (with `values`), `BoolSort`/`IntSort`/`RealSort` (an alias),
    `BitVecSort(n)` or `ArraySort(D, R)`."""

    name: str
    type: str
    values: list[str] | None = None


class FunctionDecl(_Node):
    name: str
    domain: _Strings
    range: str


class ConstantGroup(_Node):
    """Members are names, or a dict from name to a description."""

    sort: str
    members: list[str] | dict[str, str]


class VariableDecl(_Node):
    name: str
    sort: str


def _fact(value: Any) -> Any:
    return {"assertion": value} if isinstance(value, str) else value


class Fact(_Node):
    """A knowledge-base entry; `value: false` asserts its negation."""

    assertion: str
    value: bool = True
    name: str | None = None


class Implication(_Node):
    antecedent: str
    consequent: str


class Rule(_Node):
    """`forall` + `implies`, or a `constraint` (quantified when `forall` is given)."""

    name: str | None = None
    forall: list[VariableDecl] | None = None
    implies: Implication | None = None
    constraint: str | None = None

    @model_validator(mode="after")
    def _one_body(self):
        if (self.implies is None) == (self.constraint is None):
            raise ValueError("a rule needs exactly one of 'implies' or 'constraint'")
        return self


class Verification(_Node):
    """`constraint`; `exists` + `constraint`; or `forall` + `implies`."""

    name: str | None = None
    constraint: str | None = None
    exists: list[VariableDecl] | None = None
    forall: list[VariableDecl] | None = None
    implies: Implication | None = None

    @model_validator(mode="after")
    def _one_body(self):
        if (self.implies is None) == (self.constraint is None):
            raise ValueError("a verification needs exactly one of 'constraint' or 'implies'")
        if self.exists is not None and self.forall is not None:
            raise ValueError("a verification takes 'exists' or 'forall', not both")
        if self.implies is not None and self.exists is not None:
            raise ValueError("'exists' goes with 'constraint', not 'implies'")
        return self


class Objective(_Node):
    type: Literal["maximize", "minimize"]
    expression: str


_Variables = Annotated[list[VariableDecl], _null_is_empty(VariableDecl), Field(default_factory=list)]
_Objectives = Annotated[list[Objective], _null_is_empty(Objective), Field(default_factory=list)]


class Optimization(_Node):
    """Solved on its own (as in the original DSL): its variables, constraints and objectives."""

    variables: _Variables
    constraints: _Strings
    objectives: _Objectives


_KnowledgeBase = Annotated[list[Annotated[Fact, BeforeValidator(_fact, json_schema_input_type=str | Fact)]],
                          _null_is_empty(str | Fact), Field(default_factory=list)]


class Program(_Node):
    """A Proof of Thought program."""

    dsl_version: str | None = None
    sorts: Annotated[list[SortDecl], _null_is_empty(SortDecl), Field(default_factory=list)]
    functions: Annotated[list[FunctionDecl], _null_is_empty(FunctionDecl), Field(default_factory=list)]
    constants: Annotated[dict[str, ConstantGroup],
                         BeforeValidator(lambda v: {} if v is None else v,
                                         json_schema_input_type=dict[str, ConstantGroup] | None),
                         Field(default_factory=dict)]
    variables: _Variables
    knowledge_base: _KnowledgeBase
    rules: Annotated[list[Rule], _null_is_empty(Rule), Field(default_factory=list)]
    verifications: Annotated[list[Verification], _null_is_empty(Verification), Field(default_factory=list)]
    optimization: Optimization | None = None
    actions: _Strings


def json_schema() -> dict[str, Any]:
    schema = Program.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/pot-toolkit/pot/dsl_spec/pot-dsl.schema.json"
    return schema


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_one_body(), Rule]", "function-after[_one_body(), Verification]"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _validation_diagnostics(err: ValidationError) -> list[Diagnostic]:
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = e["msg"].removeprefix("Value error, ")
        hint = None
        if e["type"] == "missing":
            msg = f"missing field '{loc[-1]}'"
            loc = loc[:-1]
        elif e["type"] in ("string_type", "list_type", "dict_type", "bool_type", "model_type", "model_attributes_type"):
            msg = f"{msg.rstrip('.').lower()}, got {type(e.get('input')).__name__}"
        elif e["type"] == "literal_error":
            hint = "write 'maximize' or 'minimize'"
        out.append(error("invalid-field", _path(loc), msg, hint))
    return out


def _extra_fields(model: BaseModel, path: str) -> list[Diagnostic]:
    out = []
    for extra in model.model_extra or {}:
        out.append(warning("unknown-field", path, f"unknown field '{extra}' is ignored"))
    for name, value in model:
        items: Iterable[tuple[int | str, Any]] = (
            value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ())
        if isinstance(value, BaseModel):
            out += _extra_fields(value, f"{path}.{name}" if path else name)
        for key, item in items:
            if isinstance(item, BaseModel):
                sub = (f"{path}.{name}" if path else name) + (f"[{key}]" if isinstance(key, int) else f".{key}")
                out += _extra_fields(item, sub)
    return out


def _read_text(source: str | bytes | Path) -> tuple[str | None, list[Diagnostic]]:
    data: str | bytes
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as e:
            return None, [error("unreadable-input", "", f"cannot read {source}: {e.strerror or e}",
                                "pass the path of a readable JSON program file")]
    else:
        data = source
    if isinstance(data, bytes):
        if b"\x00" in data:
            return None, [error("binary-input", "", "input is binary, not JSON text", "pass a JSON program file")]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [error("binary-input", "", "input is not UTF-8 text", "pass a JSON program file")]
    if not data.strip():
        return None, [error("empty-input", "", "input is empty", "pass a JSON program")]
    return data, []


def load_program(source: dict | str | bytes | Path) -> tuple[Program | None, list[Diagnostic]]:
    """Parse and validate a program from a dict, JSON text, bytes or a file path.

    Never raises for bad input: problems come back as diagnostics (and no program).
    """
    if isinstance(source, Program):
        return source, []
    if not isinstance(source, (dict, str, bytes, Path)):
        return None, [error("not-an-object", "", f"a program is a JSON object, got {type(source).__name__}",
                            "pass a dict, JSON text or a Path")]
    if not isinstance(source, dict):
        text, diags = _read_text(source)
        if text is None:
            return None, diags
        try:
            source = json.loads(text)
        except json.JSONDecodeError as e:
            return None, [error("invalid-json", "", f"invalid JSON: {e.msg} (line {e.lineno}, col {e.colno})",
                                "send one JSON object, without comments or trailing commas")]
        except RecursionError:
            return None, [error("too-deep", "", "JSON nests too deeply")]
    if not isinstance(source, dict):
        return None, [error("not-an-object", "", f"a program is a JSON object, got {type(source).__name__}",
                            "wrap the program in { ... }")]
    try:
        program = Program.model_validate(source)
    except ValidationError as e:
        return None, _validation_diagnostics(e)
    return program, _extra_fields(program, "")
