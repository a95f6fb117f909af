"""The program model: the Proof of Thought JSON DSL as plain dataclasses, and its loader.

The loader takes every shape the original interpreter takes, with the same meaning, or
says exactly what to write instead (dsl_spec/README.md, "Program shapes"): missing, null
or empty sections (`[]` or `{}` alike) are empty; knowledge-base entries are strings or
objects; constant members are a list or a dict (its values ignored); `constants` may be a
list of groups. Every problem comes back at once as a located diagnostic. Expressions stay
strings here; the checker parses them.

No pydantic here: `pot verify` never imports it. The JSON Schema is generated from these
types by pydantic in `json_schema()` only, reading the `Accepts` shapes.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pot.errors import Diagnostic, error, errors_only, warning

DSL_VERSION = "1.0"
OPTIMIZE = "optimize"
MAX_DECLARATIONS = 5000
"""Sorts, functions, constants (members of all groups) or variables a program may declare, per section."""
MAX_FORMULAS = 5000
"""Facts, rules and verifications a program may hold; past it nothing is parsed."""


class Accepts:
    """Field metadata for the JSON Schema: the input shapes the loader accepts for a field.

    Read by pydantic (`json_schema()`) only: the field's schema is the schema of `shape`.
    """

    __slots__ = ("shape",)

    def __init__(self, shape: Any):
        self.shape = shape

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return handler(self.shape)


class EmptyObject:
    """`{}`: accepted wherever a list is expected (the original iterates nothing)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.dict_schema(max_length=0)


_OPEN: dict[str, Any] = {"extra": "allow"}  # pydantic config: unknown keys are allowed (and warned about)


@dataclass(slots=True)
class SortDecl:
    """`DeclareSort`, `EnumSort` (with `values`), `BoolSort`/`IntSort`/`RealSort` (an alias),
    `BitVecSort(n)` or `ArraySort(D, R)`."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    name: str
    type: str
    values: list[str] | None = None


@dataclass(slots=True)
class FunctionDecl:
    """`name: domain -> range`; an empty (or null) domain declares a constant-like function."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    name: str
    range: str
    domain: Annotated[list[str], Accepts(list[str] | EmptyObject | None)] = field(default_factory=list)


@dataclass(slots=True)
class ConstantGroup:
    """Members are names, or a dict from name to anything (a description; the values are ignored)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    sort: str
    members: Annotated[list[str] | dict[str, Any], Accepts(list[str] | dict[str, Any] | None)]


@dataclass(slots=True)
class VariableDecl:
    """A named variable of a sort (free, or bound by `forall`/`exists`)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    name: str
    sort: str


@dataclass(slots=True)
class Fact:
    """A knowledge-base entry; `value: false` asserts its negation."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    assertion: str
    value: bool = True
    name: str | None = None


@dataclass(slots=True)
class Implication:
    """`antecedent` implies `consequent`."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    antecedent: str
    consequent: str


_VariableList = Annotated[list[VariableDecl] | None, Accepts(list[VariableDecl] | None)]


@dataclass(slots=True)
class Rule:
    """`forall` + `implies`, or a `constraint` (quantified when `forall` is given)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    name: str | None = None
    forall: _VariableList = None
    implies: Implication | None = None
    constraint: str | None = None


@dataclass(slots=True)
class Verification:
    """`constraint`; `exists` + `constraint`; or `forall` + `implies` (or `constraint`)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    name: str | None = None
    constraint: str | None = None
    exists: _VariableList = None
    forall: _VariableList = None
    implies: Implication | None = None


@dataclass(slots=True)
class Objective:
    """`maximize` or `minimize` an expression."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    type: Literal["maximize", "minimize"]
    expression: str


def _section(item: Any) -> Accepts:
    return Accepts(list[item] | EmptyObject | None)


@dataclass(slots=True)
class Optimization:
    """Solved on its own (as in the original DSL): its variables, constraints and objectives."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    variables: Annotated[list[VariableDecl], _section(VariableDecl)] = field(default_factory=list)
    constraints: Annotated[list[str], _section(str)] = field(default_factory=list)
    objectives: Annotated[list[Objective], _section(Objective)] = field(default_factory=list)


@dataclass(slots=True)
class NamedConstantGroup:
    """A constant group in the list form of `constants` (`name` is optional). Describes the
    input for the JSON Schema; the loader keeps such groups as ConstantGroup, keyed `[i]`."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    sort: str
    members: Annotated[list[str] | dict[str, Any], Accepts(list[str] | dict[str, Any] | None)]
    name: str | None = None


@dataclass(slots=True)
class Program:
    """A Proof of Thought program."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _OPEN
    dsl_version: str | None = None
    sorts: Annotated[list[SortDecl], _section(SortDecl)] = field(default_factory=list)
    functions: Annotated[list[FunctionDecl], _section(FunctionDecl)] = field(default_factory=list)
    constants: Annotated[dict[str, ConstantGroup],
                         Accepts(dict[str, ConstantGroup] | list[NamedConstantGroup] | None)] = \
        field(default_factory=dict)
    variables: Annotated[list[VariableDecl], _section(VariableDecl)] = field(default_factory=list)
    knowledge_base: Annotated[list[Fact], _section(str | Fact)] = field(default_factory=list)
    rules: Annotated[list[Rule], _section(Rule)] = field(default_factory=list)
    verifications: Annotated[list[Verification], _section(Verification)] = field(default_factory=list)
    optimization: Annotated[Optimization | None, Accepts(Optimization | EmptyObject | None)] = None
    actions: Annotated[list[str], _section(str)] = field(default_factory=list)


def constant_group_path(key: str) -> str:
    """Where a constant group is: `constants.people`, or `constants[2]` for the list form."""
    return f"constants{key}" if key.startswith("[") else f"constants.{key}"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of what the loader accepts, generated by pydantic from the types above."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Program).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/pot-toolkit/pot/dsl_spec/pot-dsl.schema.json"
    return schema


# limits -----------------------------------------------------------------------------------------


def too_many_in_sections(counts: dict[str, int]) -> list[Diagnostic]:
    """An error for each section (name → number of declarations) past MAX_DECLARATIONS."""
    return [error("too-many", section, f"{count} declarations (limit {MAX_DECLARATIONS})",
                  "split the problem into smaller programs") for section, count in counts.items()
            if count > MAX_DECLARATIONS]


def too_many_formulas(total: int) -> list[Diagnostic]:
    """An error when the facts, rules and verifications number more than MAX_FORMULAS."""
    if total <= MAX_FORMULAS:
        return []
    return [error("too-many", "knowledge_base", f"{total} facts, rules and verifications (limit {MAX_FORMULAS})",
                  "split the problem")]


def _length(value: Any) -> int:
    """Entries in a section as written (0 for a value of the wrong type: the loader reports it)."""
    return len(value) if isinstance(value, list | dict) else 0


def _member_count(constants: Any) -> int:
    groups = constants.values() if isinstance(constants, dict) else constants if isinstance(constants, list) else ()
    return sum(_length(g.get("members")) for g in groups if isinstance(g, dict))


def _over_the_limits(data: dict[str, Any]) -> list[Diagnostic]:
    """The declaration and formula limits, counted on the JSON before any entry is built (building
    300,000 entries of an 8 MB program takes a second; counting them takes nothing)."""
    counts = {section: _length(data.get(section)) for section in ("sorts", "functions")}
    counts["constants"] = _member_count(data.get("constants"))
    counts["variables"] = _length(data.get("variables"))
    total = sum(_length(data.get(section)) for section in ("knowledge_base", "rules", "verifications"))
    return too_many_in_sections(counts) + too_many_formulas(total)


# loading ----------------------------------------------------------------------------------------

_JSON_TYPES = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number",
               type(None): "null"}


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Missing(Exception):
    """A required field is absent or has the wrong type (already reported)."""


def _members_hint(group: dict[str, Any], more: tuple[str, ...]) -> str:
    """How to list a group's constants, naming the field the names were put under instead."""
    misplaced = next((key for key, value in group.items()
                      if key not in ("sort", *more) and isinstance(value, list)), None)
    if misplaced is not None:
        return f"a group lists its constants under \"members\": rename \"{misplaced}\" to \"members\""
    return "list the group's constants: \"members\": [\"name1\", \"name2\"]"


_FORMULA_FIELDS = ("assertion", "constraint", "formula", "expression", "statement", "condition", "rule", "claim")


def _formula_hint(entry: dict[str, Any], field: str, otherwise: str) -> str:
    """How to give an entry its formula, naming the field it was written under instead (a rule
    with a fact's "assertion", say)."""
    misplaced = next((key for key in _FORMULA_FIELDS if key != field and isinstance(entry.get(key), str)), None)
    if misplaced is not None:
        return f"this entry writes its formula under \"{misplaced}\": rename it to \"{field}\""
    return otherwise


class _Loader:
    """Turns a JSON object into a Program, collecting every problem as a located diagnostic."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        self.claim_names: dict[str, str] = {}  # verification name → where it is first used

    def fail(self, path: str, message: str, hint: str | None = None) -> None:
        self.diags.append(error("invalid-field", path, message, hint))

    # generic shapes -------------------------------------------------------------------------

    def fields(self, value: Any, path: str, known: tuple[str, ...], what: str) -> dict[str, Any] | None:
        """An object; unknown keys are warnings."""
        if not isinstance(value, dict):
            example = "{\"" + known[0] + "\": ...}"
            self.fail(path, f"{what} must be an object, got {_kind(value)}", f"write it as {example}")
            return None
        for key in value:
            if key not in known:
                self.diags.append(warning("unknown-field", path, f"unknown field '{key}' is ignored"))
        return value

    def required(self, obj: dict[str, Any], key: str, path: str) -> str:
        if key not in obj:
            self.fail(path, f"missing field '{key}'")
            raise _Missing
        return self.string(obj[key], _at(path, key))

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            hint = f"write it in quotes: \"{value}\"" if isinstance(value, (int, float)) else None
            self.fail(path, f"input should be a valid string, got {_kind(value)}", hint)
            raise _Missing
        return value

    def optional_string(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        return None if value is None else self.string(value, _at(path, key))

    def items(self, value: Any, path: str, example: str, item_keys: tuple[str, ...] = ()) -> list[Any]:
        """A list section: null, `{}` and `[]` are empty; an object with an item's keys is one item too many."""
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, dict) and not value:
            return []
        if isinstance(value, dict) and item_keys and any(k in value for k in item_keys):
            self.fail(path, f"'{path}' must be a list, got one object", "wrap it in a list: [{...}]")
        elif isinstance(value, str):
            self.fail(path, f"'{path}' must be a list, got a string", f"write a list: [\"{value[:40]}\"]"
                      if example == "strings" else f"write a list: {example}")
        else:
            self.fail(path, f"'{path}' must be a list, got {_kind(value)}", f"write a list: {example}")
        return []

    def each(self, value: Any, path: str, example: str, load: Any, item_keys: tuple[str, ...] = ()) -> list[Any]:
        out = []
        for i, item in enumerate(self.items(value, path, example, item_keys)):
            try:
                out.append(load(item, f"{path}[{i}]"))
            except _Missing:
                continue
        return out

    def strings(self, value: Any, path: str) -> list[str]:
        return self.each(value, path, "strings", self.string)

    # the sections ------------------------------------------------------------------------------

    def sort(self, value: Any, path: str) -> SortDecl:
        obj = self.fields(value, path, ("name", "type", "values"), "a sort")
        if obj is None:
            raise _Missing
        name, type_ = self._both(obj, path, "name", "type")
        values = None if obj.get("values") is None else self.strings(obj["values"], f"{path}.values")
        return SortDecl(name, type_, values)

    def _both(self, obj: dict[str, Any], path: str, a: str, b: str) -> tuple[str, str]:
        """Two required strings, both checked before giving up."""
        out: list[str] = []
        for key in (a, b):
            with contextlib.suppress(_Missing):
                out.append(self.required(obj, key, path))
        if len(out) != 2:
            raise _Missing
        return out[0], out[1]

    def function(self, value: Any, path: str) -> FunctionDecl:
        obj = self.fields(value, path, ("name", "domain", "range"), "a function")
        if obj is None:
            raise _Missing
        name, range_ = self._both(obj, path, "name", "range")
        domain = obj.get("domain")
        if isinstance(domain, str):
            self.fail(f"{path}.domain", "the domain must be a list of sorts, got a string",
                      f"write \"domain\": [\"{domain}\"]")
            raise _Missing
        return FunctionDecl(name, range_, self.strings(domain, f"{path}.domain"))

    def variable(self, value: Any, path: str) -> VariableDecl:
        obj = self.fields(value, path, ("name", "sort"), "a variable")
        if obj is None:
            raise _Missing
        return VariableDecl(*self._both(obj, path, "name", "sort"))

    def variables(self, value: Any, path: str) -> list[VariableDecl]:
        return self.each(value, path, "[{\"name\": \"x\", \"sort\": \"Person\"}]", self.variable, ("name", "sort"))

    def constants(self, value: Any) -> dict[str, ConstantGroup]:
        """A dict of groups; also the list form `[{"sort": ..., "members": [...]}, ...]` (null/[] empty)."""
        out: dict[str, ConstantGroup] = {}
        if value is None or value == []:
            return out
        if isinstance(value, list):
            for i, item in enumerate(value):
                try:
                    out[f"[{i}]"] = self.group(item, f"constants[{i}]", ("name",))
                except _Missing:
                    continue
            return out
        if not isinstance(value, dict):
            self.fail("constants", f"'constants' must be an object of groups, got {_kind(value)}",
                      "write \"constants\": {\"people\": {\"sort\": \"Person\", \"members\": [\"alice\"]}}")
            return out
        if "sort" in value and "members" in value and not isinstance(value["sort"], dict):
            self.fail("constants", "'constants' holds groups, got a single group",
                      "name the group: \"constants\": {\"group\": {\"sort\": ..., \"members\": [...]}}")
            return out
        for key, item in value.items():
            try:
                out[key] = self.group(item, constant_group_path(key))
            except _Missing:
                continue
        return out

    def group(self, value: Any, path: str, more: tuple[str, ...] = ()) -> ConstantGroup:
        obj = self.fields(value, path, ("sort", "members", *more), "a constant group")
        if obj is None:
            raise _Missing
        sort = None
        with contextlib.suppress(_Missing):
            sort = self.required(obj, "sort", path)
        members: list[str] | dict[str, Any] = []
        raw = obj.get("members")
        if "members" not in obj:
            self.fail(path, "missing field 'members'", _members_hint(obj, more))
        elif isinstance(raw, dict):
            members = dict(raw)  # the names are the keys; the values are descriptions, ignored
        elif isinstance(raw, str):
            self.fail(f"{path}.members", "members must be a list of names, got a string",
                      f"write \"members\": [\"{raw}\"]")
        elif raw is not None:
            members = self.strings(raw, f"{path}.members")
        if "name" in more:
            self.optional_string(obj, "name", path)
        if sort is None or "members" not in obj:
            raise _Missing
        return ConstantGroup(sort, members)

    def fact(self, value: Any, path: str) -> Fact:
        if isinstance(value, str):
            return Fact(value)
        obj = self.fields(value, path, ("assertion", "value", "name"), "a fact")
        if obj is None:
            raise _Missing
        truth = obj.get("value", True)
        if not isinstance(truth, bool):
            shown = f" {json.dumps(truth)}" if isinstance(truth, (str, int, float)) and len(str(truth)) < 20 else ""
            self.fail(f"{path}.value", f"'value' must be true or false, got {_kind(truth)}{shown}",
                      "write \"value\": false to assert its negation (or drop 'value')")
        if "assertion" not in obj:
            self.fail(path, "missing field 'assertion'", _formula_hint(obj, "assertion", "add \"assertion\": \"...\""))
            raise _Missing
        assertion = self.required(obj, "assertion", path)
        name = self.optional_string(obj, "name", path)
        if not isinstance(truth, bool):
            raise _Missing
        return Fact(assertion, truth, name)

    def implication(self, obj: dict[str, Any], path: str) -> Implication | None:
        if obj.get("implies") is None:
            return None
        where = f"{path}.implies"
        imp = self.fields(obj["implies"], where, ("antecedent", "consequent"), "'implies'")
        if imp is None:
            raise _Missing
        return Implication(*self._both(imp, where, "antecedent", "consequent"))

    def quantifier(self, obj: dict[str, Any], key: str, path: str) -> list[VariableDecl] | None:
        value = obj.get(key)
        return None if value is None else self.variables(value, f"{path}.{key}")

    def rule(self, value: Any, path: str) -> Rule:
        obj = self.fields(value, path, ("name", "forall", "implies", "constraint"), "a rule")
        if obj is None:
            raise _Missing
        rule = Rule(self.optional_string(obj, "name", path), self.quantifier(obj, "forall", path),
                    self.implication(obj, path), self.optional_string(obj, "constraint", path))
        if rule.implies is None and rule.constraint is None:
            otherwise = "add \"constraint\": \"...\" or \"implies\": {\"antecedent\": ..., \"consequent\": ...}"
            self.fail(path, "a rule needs exactly one of 'implies' or 'constraint'",
                      _formula_hint(obj, "constraint", otherwise))
            raise _Missing
        if rule.implies is not None and rule.constraint is not None:
            self.fail(path, "a rule needs exactly one of 'implies' or 'constraint', got both",
                      "keep 'implies' and move the constraint to a rule of its own "
                      "(the original interpreter silently ignores it)")
            raise _Missing
        return rule

    def verification(self, value: Any, path: str) -> Verification:
        obj = self.fields(value, path, ("name", "constraint", "exists", "forall", "implies"), "a verification")
        if obj is None:
            raise _Missing
        name = self.optional_string(obj, "name", path)
        if name is not None and name in self.claim_names:
            # the original keeps verifications in a dict by name: only the last of each name is checked
            self.fail(f"{path}.name", f"verification name '{name}' is already used at {self.claim_names[name]}",
                      "give each verification its own name (the original interpreter checks only the last one)")
        if name is not None:
            self.claim_names.setdefault(name, path)
        v = Verification(name, self.optional_string(obj, "constraint", path),
                         self.quantifier(obj, "exists", path), self.quantifier(obj, "forall", path),
                         self.implication(obj, path))
        problem = None
        if v.implies is None and v.constraint is None:
            problem = ("a verification needs exactly one of 'constraint' or 'implies'",
                       _formula_hint(obj, "constraint", "add \"constraint\": \"...\" (the claim to decide)"))
        elif v.implies is not None and v.constraint is not None:
            problem = ("a verification needs exactly one of 'constraint' or 'implies', got both",
                       "split it into two verifications")
        elif v.exists is not None and v.forall is not None:
            problem = ("a verification takes 'exists' or 'forall', not both",
                       "keep one; nest the other in the constraint: ForAll([y], ...)")
        elif v.implies is not None and v.exists is not None:
            problem = ("'exists' goes with 'constraint', not 'implies'",
                       "write \"constraint\": \"And(antecedent, consequent)\" for some x with both")
        if problem is not None:
            self.fail(path, *problem)
            raise _Missing
        return v

    def objective(self, value: Any, path: str) -> Objective:
        obj = self.fields(value, path, ("type", "expression"), "an objective")
        if obj is None:
            raise _Missing
        kind, expression = self._both(obj, path, "type", "expression")
        if kind not in ("maximize", "minimize"):
            self.fail(f"{path}.type", f"the objective type must be 'maximize' or 'minimize', got '{kind}'",
                      "write 'maximize' or 'minimize'")
            raise _Missing
        return Objective("maximize" if kind == "maximize" else "minimize", expression)

    def optimization(self, value: Any) -> Optimization | None:
        if value is None or value == [] or value == {}:
            return None
        obj = self.fields(value, "optimization", ("variables", "constraints", "objectives"), "'optimization'")
        if obj is None:
            return None
        return Optimization(self.variables(obj.get("variables"), "optimization.variables"),
                            self.strings(obj.get("constraints"), "optimization.constraints"),
                            self.each(obj.get("objectives"), "optimization.objectives",
                                      "[{\"type\": \"maximize\", \"expression\": \"x\"}]", self.objective,
                                      ("type", "expression")))

    def program(self, data: dict[str, Any]) -> Program:
        known = ("dsl_version", "sorts", "functions", "constants", "variables", "knowledge_base", "rules",
                 "verifications", "optimization", "actions")
        self.fields(data, "", known, "a program")
        version = data.get("dsl_version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            version = str(version)
        elif version is not None and not isinstance(version, str):
            self.fail("dsl_version", f"dsl_version must be a string, got {_kind(version)}", f"write \"{DSL_VERSION}\"")
            version = None
        actions = self.strings(data.get("actions"), "actions")
        return Program(
            dsl_version=version,
            sorts=self.each(data.get("sorts"), "sorts", "[{\"name\": \"Person\", \"type\": \"DeclareSort\"}]",
                            self.sort, ("name", "type")),
            functions=self.each(data.get("functions"), "functions",
                                "[{\"name\": \"f\", \"domain\": [\"Person\"], \"range\": \"BoolSort\"}]",
                                self.function, ("name", "range")),
            constants=self.constants(data.get("constants")),
            variables=self.variables(data.get("variables"), "variables"),
            knowledge_base=self.each(data.get("knowledge_base"), "knowledge_base", "[\"p(a)\", ...]", self.fact,
                                     ("assertion",)),
            rules=self.each(data.get("rules"), "rules", "[{\"constraint\": \"...\"}]", self.rule,
                            ("forall", "implies", "constraint")),
            verifications=self.each(data.get("verifications"), "verifications",
                                    "[{\"name\": \"claim\", \"constraint\": \"...\"}]", self.verification,
                                    ("constraint", "exists", "forall", "implies")),
            optimization=self._unused_optimization(data.get("optimization"), actions),
            actions=actions,
        )

    def _unused_optimization(self, value: Any, actions: list[str]) -> Optimization | None:
        """Without the "optimize" action the section is never solved (as in the original): its
        shape problems are warnings, and a malformed section is dropped."""
        if OPTIMIZE in actions:
            return self.optimization(value)
        before = len(self.diags)
        section = self.optimization(value)
        problems = self.diags[before:]
        errors = errors_only(problems)
        if not errors:
            return section
        self.diags[before:] = [
            warning("optimization-ignored", d.path, f"{d.message} (ignored: no \"optimize\" action)", d.hint)
            if d in errors else d for d in problems]
        return None



_LONG_INTEGER = re.compile(r"\d{4301,}")


def _position(text: str, offset: int) -> tuple[str, int]:
    """The diagnostic path (`line 2`) and column of a place in JSON text."""
    return f"line {text.count(chr(10), 0, offset) + 1}", offset - (text.rfind(chr(10), 0, offset) + 1) + 1


def _decode(text: str, source: object) -> tuple[Any, list[Diagnostic]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as e:
        hint = "send one JSON object, without comments or trailing commas"
        if isinstance(source, str) and _names_a_file(source):
            hint = f"this text names a file: pass pathlib.Path({source.strip()!r}) to read it"
        return None, [error("invalid-json", f"line {e.lineno}", f"invalid JSON: {e.msg}", hint, column=e.colno)]
    except RecursionError:
        return None, [error("too-deep", "", "JSON nests too deeply", "flatten the program")]
    except ValueError as e:  # an integer past Python's digit limit
        m = _LONG_INTEGER.search(text)
        path, column = _position(text, m.start()) if m else ("", None)
        return None, [error("invalid-json", path, f"a number with {len(m.group()) if m else 'too many'} digits: "
                            f"{str(e).split(';')[0]}", "numbers in a program have at most 4300 digits", column)]


def _names_a_file(text: str) -> bool:
    name = text.strip()
    if not name or len(name) > 4096 or "\n" in name or name.startswith(("{", "[")):
        return False
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


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


def load_program(source: dict | str | bytes | Path | Program) -> tuple[Program | None, list[Diagnostic]]:
    """Parse and validate a program from a dict, JSON text, bytes or a file path.

    Never raises for bad input: problems come back as diagnostics (and no program).
    """
    if isinstance(source, Program):
        return source, []
    if not isinstance(source, (dict, str, bytes, Path)):
        return None, [error("not-an-object", "", f"a program is a JSON object, got {type(source).__name__}",
                            "pass a dict, JSON text or a Path")]
    data: Any = source
    if not isinstance(source, dict):
        text, diags = _read_text(source)
        if text is None:
            return None, diags
        data, diags = _decode(text, source)
        if diags:
            return None, diags
    if not isinstance(data, dict):
        hint = "wrap the program in { ... }"
        if isinstance(source, str) and _names_a_file(source):
            hint = f"this text names a file: pass pathlib.Path({source.strip()!r}) to read it"
        return None, [error("not-an-object", "", f"a program is a JSON object, got {_kind(data)}", hint)]
    over = _over_the_limits(data)
    if over:  # refused unread: none of its entries is built
        return None, over
    loader = _Loader()
    program = loader.program(data)
    if errors_only(loader.diags):
        return None, loader.diags
    return program, loader.diags
