"""The verdict of a program: what was decided, and the evidence for it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from pot.errors import Diagnostic
from pot.logic.cross_check import ClaimCheck, CrossCheck

DEFAULT_TIMEOUT_MS = 5000
"""The solver time-out every entry point uses unless told otherwise."""


class Semantics(StrEnum):
    """How a verification is decided: entailment (ours) or the original's satisfiability rule."""

    ENTAIL = "entail"
    SAT = "sat"

    @classmethod
    def parse(cls, value: object) -> Semantics:
        """The semantics named by `value`, or a ValueError that lists the choices."""
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        raise ValueError(f"semantics must be 'entail' or 'sat', not {value!r}")

# entail: P ⊨ φ (proved), P ⊨ ¬φ (refuted), neither (unknown), P unsatisfiable
# (inconsistent), Z3 gave up (undecided).  sat: the original Proof of Thought rule,
# φ checked for satisfiability together with P.
ClaimKind = Literal["proved", "refuted", "unknown", "inconsistent", "undecided", "sat", "unsat"]
VerdictKind = Literal["proved", "refuted", "unknown", "inconsistent", "undecided", "sat", "unsat", "mixed"]


class Premise(BaseModel):
    """A fact or rule of the program, as it appears in an unsat core."""

    id: str  # "knowledge_base[3]" or "rules[1]"
    name: str | None = None
    text: str


class ClaimResult(BaseModel):
    """The decision about one verification."""

    id: str  # "verifications[0]"
    name: str | None = None
    kind: ClaimKind
    answer: bool | None
    reason: str
    core: list[Premise] | None = None  # proved/refuted: premises that suffice
    counter_model: dict[str, Any] | None = None  # unknown: premises hold, claim fails
    witness_model: dict[str, Any] | None = None  # unknown: premises and claim both hold
    undecided_reason: str | None = None  # "timeout", "incomplete-quantifiers", ...
    cross_check: ClaimCheck | None = None  # a second solver's answer (verify --cross-check)


class OptimizationResult(BaseModel):
    status: Literal["sat", "unsat", "unknown"]
    objectives: list[dict[str, Any]] = Field(default_factory=list)
    model: dict[str, Any] | None = None
    reason: str | None = None


class Verdict(BaseModel):
    """The answer of a program, per verification and as a whole."""

    semantics: Semantics
    answer: bool | None
    kind: VerdictKind
    reason: str
    results: list[ClaimResult]
    inconsistency_core: list[Premise] | None = None
    optimization: OptimizationResult | None = None
    warnings: list[Diagnostic] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)  # milliseconds per stage
    cross_check: CrossCheck | None = None  # a second solver's answers compared (verify --cross-check)
