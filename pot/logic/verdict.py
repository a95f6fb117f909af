"""The verdict of a program: what was decided, and the evidence for it.

Plain slotted dataclasses (no pydantic): `pot verify` builds and prints one per run, and
start-up time is part of the interface. `to_json()` gives the JSON every interface prints
(`None` kept as null: "not computed" differs from `[]`); `from_json()` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from typing import Any, Literal, cast

from pot.choice import Choice
from pot.errors import Diagnostic
from pot.logic.cross_check import ClaimCheck, CrossCheck

DEFAULT_TIMEOUT_MS = 5000
"""The solver time-out every entry point uses unless told otherwise."""


class Semantics(Choice, option="semantics"):
    """How a verification is decided: entailment (ours) or the original's satisfiability rule."""

    ENTAIL = "entail"
    SAT = "sat"


class ClaimKind(StrEnum):
    """What was decided about one claim.

    entail: P ⊨ φ (proved), P ⊨ ¬φ (refuted), neither (unknown), P unsatisfiable
    (inconsistent), Z3 gave up (undecided).  sat: the original Proof of Thought rule,
    φ checked for satisfiability together with P (sat / unsat)."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"
    INCONSISTENT = "inconsistent"
    UNDECIDED = "undecided"
    SAT = "sat"
    UNSAT = "unsat"


class NotComputed(StrEnum):
    """Why evidence a result would carry (a model) is absent: None means it was computed or does not apply."""

    TIMEOUT = "timeout"  # the call's time limit ran out before the model was read


class VerdictKind(StrEnum):
    """What was decided about the program as a whole: a claim kind, or `mixed` (sat semantics:
    some claims sat, some unsat)."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"
    INCONSISTENT = "inconsistent"
    UNDECIDED = "undecided"
    SAT = "sat"
    UNSAT = "unsat"
    MIXED = "mixed"


def _json(value: Any, nulls: bool = True) -> Any:
    """A value as JSON data: dataclasses by their fields (None-valued ones left out unless
    `nulls`), enums by their value; models and other dicts as they are."""
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "__dataclass_fields__"):
        items = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {k: _json(v, nulls) for k, v in items if nulls or v is not None}
    if isinstance(value, list | tuple):
        return [_json(v, nulls) for v in value]
    if isinstance(value, dict):
        return {k: _json(v, nulls) for k, v in value.items()}
    return value


def _status(value: object) -> Literal["sat", "unsat", "unknown"]:
    if value not in ("sat", "unsat", "unknown"):
        raise ValueError(f"optimization status must be sat, unsat or unknown, not {value!r}")
    return cast(Literal["sat", "unsat", "unknown"], value)


def _not_computed(value: object) -> NotComputed | None:
    return None if value is None else NotComputed(str(value))


def _premises(data: list[dict[str, Any]] | None) -> list[Premise] | None:
    return None if data is None else [Premise.from_json(p) for p in data]


@dataclass(slots=True, kw_only=True)
class Premise:
    """A fact or rule of the program, as it appears in an unsat core."""

    id: str  # "knowledge_base[3]" or "rules[1]"
    name: str | None = None
    text: str

    def to_json(self) -> dict[str, Any]:
        return _json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Premise:
        return cls(id=data["id"], name=data.get("name"), text=data["text"])


@dataclass(slots=True, kw_only=True)
class ClaimResult:
    """The decision about one verification.

    `core` is None when no core was computed (no evidence asked, or none applies), `[]` when
    the claim is decided by no premise at all."""

    id: str  # "verifications[0]"
    name: str | None = None
    text: str  # the claim as the program states it
    kind: ClaimKind
    answer: bool | None
    reason: str
    core: list[Premise] | None = None  # proved/refuted: premises that suffice
    counter_model: dict[str, Any] | None = None  # unknown: premises hold, claim fails
    witness_model: dict[str, Any] | None = None  # unknown: premises and claim both hold
    undecided_reason: str | None = None  # "timeout", "incomplete-quantifiers", ...
    model_not_computed: NotComputed | None = None  # why counter_model / witness_model are None though decided
    cross_check: ClaimCheck | None = None  # a second solver's answer (verify --cross-check)

    def to_json(self) -> dict[str, Any]:
        return _json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClaimResult:
        """A claim result from its JSON; `text` may be absent (records written before it existed)."""
        return cls(id=data["id"], name=data.get("name"), text=data.get("text", ""), kind=ClaimKind(data["kind"]),
                   answer=data.get("answer"), reason=data["reason"], core=_premises(data.get("core")),
                   counter_model=data.get("counter_model"), witness_model=data.get("witness_model"),
                   undecided_reason=data.get("undecided_reason"),
                   model_not_computed=_not_computed(data.get("model_not_computed")),
                   cross_check=ClaimCheck.from_json(data.get("cross_check")))


@dataclass(slots=True, kw_only=True)
class OptimizationResult:
    status: Literal["sat", "unsat", "unknown"]
    objectives: list[dict[str, Any]] = field(default_factory=list)
    model: dict[str, Any] | None = None
    reason: str | None = None
    # each objective: expression, goal, status ("optimal", "unbounded", "supremum", "infimum",
    # "unproven"), value (the optimum, the bound approached, "+inf"/"-inf", None when unproven),
    # model_value (its value in `model`)
    optimal: bool | None = None  # sat: whether `model` attains every objective's optimum; None: no model

    def to_json(self) -> dict[str, Any]:
        return _json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OptimizationResult:
        return cls(status=_status(data["status"]), objectives=list(data.get("objectives") or []),
                   model=data.get("model"), reason=data.get("reason"), optimal=data.get("optimal"))


@dataclass(slots=True, kw_only=True)
class Verdict:
    """The answer of a program, per verification and as a whole."""

    semantics: Semantics
    answer: bool | None
    kind: VerdictKind
    reason: str
    results: list[ClaimResult]
    inconsistency_core: list[Premise] | None = None
    optimization: OptimizationResult | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    cross_check: CrossCheck | None = None  # a second solver's answers compared (verify --cross-check)

    def contradiction(self) -> list[Premise] | None:
        """The premises that contradict each other (the unsat core): the program's, else a claim's
        found inconsistent; None when no core was computed."""
        return self.inconsistency_core or next(
            (r.core for r in self.results if r.kind == ClaimKind.INCONSISTENT and r.core), None)

    def to_json(self, *, nulls: bool = True) -> dict[str, Any]:
        """The verdict as JSON data, every field present (null where nothing was computed);
        with nulls=False the fields that are None are left out (as result records store it)."""
        return _json(self, nulls)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Verdict:
        """A verdict from its JSON; a missing optional field (records leave nulls out) is None.

        Raises KeyError, TypeError or ValueError when `data` is not a verdict's JSON."""
        optimization = data.get("optimization")
        return cls(semantics=Semantics(data["semantics"]), answer=data.get("answer"), kind=VerdictKind(data["kind"]),
                   reason=data["reason"], results=[ClaimResult.from_json(r) for r in data["results"]],
                   inconsistency_core=_premises(data.get("inconsistency_core")),
                   optimization=None if optimization is None else OptimizationResult.from_json(optimization),
                   warnings=[Diagnostic.from_json(w) for w in data.get("warnings") or []],
                   timings=dict(data.get("timings") or {}), cross_check=CrossCheck.from_json(data.get("cross_check")))
