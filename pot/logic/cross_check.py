"""A second solver's answers beside Z3's: what it decided per claim, and where the two disagree.

Only the types live here (the verdict carries them); pot.smtlib.cross_check runs the
second solver. A disagreement is two *decided* answers that differ; a claim one solver
left undecided (time-out, incomplete quantifier reasoning) is not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pot.choice import Choice


class SecondSolver(Choice, option="cross_check"):
    """The solvers a verdict can be cross-checked with."""

    CVC5 = "cvc5"


class Agreement(StrEnum):
    """How the second solver's answer on a claim compares with Z3's."""

    AGREE = "agree"  # both decided, the same kind
    DISAGREE = "disagree"  # both decided, different kinds: one solver is wrong, or the problems differ
    NOT_COMPARED = "not-compared"  # either solver left the claim undecided


@dataclass
class ClaimCheck:
    """The second solver on one claim: the kind it decided (a ClaimKind) and the comparison with Z3's."""

    solver: str  # "cvc5 1.4.2"
    kind: str  # proved / refuted / unknown / inconsistent / undecided (entail); sat / unsat / undecided (sat)
    agreement: Agreement
    reason: str  # what the second solver answered, e.g. "cvc5: P ∧ ¬φ unsat, P ∧ φ unknown (INCOMPLETE)"
    undecided_reason: str | None = None  # "timeout", "incomplete", "error: ..." when kind is undecided

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ClaimCheck | None:
        if data is None:
            return None
        return cls(solver=data["solver"], kind=data["kind"], agreement=Agreement(data["agreement"]),
                   reason=data["reason"], undecided_reason=data.get("undecided_reason"))


@dataclass
class CrossCheck:
    """The second solver over a whole verdict: counts, the claims in disagreement, and its time."""

    solver: str
    agreed: int
    disagreed: int
    not_compared: int
    disagreements: list[str] = field(default_factory=list)  # ids of the claims in disagreement
    error: str | None = None  # why the second solver could not read part of the problem (those claims: not compared)
    time_ms: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CrossCheck | None:
        if data is None:
            return None
        return cls(solver=data["solver"], agreed=data["agreed"], disagreed=data["disagreed"],
                   not_compared=data["not_compared"], disagreements=list(data.get("disagreements") or []),
                   error=data.get("error"), time_ms=data.get("time_ms", 0.0))

    @property
    def summary(self) -> str:
        """One line for people: loud when the solvers disagree."""
        head = f"DISAGREEMENT with {self.solver}" if self.disagreed else f"cross-check with {self.solver}"
        text = f"{head}: {self.agreed} agree, {self.disagreed} disagree, {self.not_compared} not compared"
        if self.disagreements:
            text += " (" + ", ".join(self.disagreements) + ")"
        if self.error is not None:
            text += f"; {self.error}"
        return text
