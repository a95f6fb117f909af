"""The solver-aware vote of self-consistency.

Only decided samples vote (proved/refuted, or sat/unsat under the original's semantics).
A decided sample's weight is the strength of its evidence, read from the unsat core of each
decided claim (the weakest claim sets the sample's weight):

| evidence       | core                                                        | weight |
|----------------|-------------------------------------------------------------|--------|
| derived        | at least one rule (a quantified or implication premise)     | 1.0    |
| facts          | two or more facts, no rule                                  | 0.75   |
| not computed   | no core was computed                                        | 0.75   |
| asserted       | a single fact: the model stated the answer outright         | 0.5    |
| bare           | empty: the claim is decided by no premise (valid on its own) | 0.5    |

The side with the larger summed weight wins when its share of all decided weight is at least
CLEAR_MAJORITY; otherwise the samples conflict and the vote gives no answer, with the split.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pot.answer import Step, Vote
from pot.llm.strategies.evidence import is_rule
from pot.logic.verdict import ClaimResult, Verdict

CLEAR_MAJORITY = 0.6  # the winning side's least share of the decided weight


class Evidence(StrEnum):
    DERIVED = "derived"
    FACTS = "facts"
    NOT_COMPUTED = "not computed"
    ASSERTED = "asserted"
    BARE = "bare"


WEIGHTS: dict[Evidence, float] = {Evidence.DERIVED: 1.0, Evidence.FACTS: 0.75, Evidence.NOT_COMPUTED: 0.75,
                                  Evidence.ASSERTED: 0.5, Evidence.BARE: 0.5}


def claim_evidence(result: ClaimResult) -> Evidence:
    core = result.core
    if core is None:
        return Evidence.NOT_COMPUTED
    if not core:
        return Evidence.BARE
    if any(is_rule(p) for p in core):
        return Evidence.DERIVED
    return Evidence.ASSERTED if len(core) == 1 else Evidence.FACTS


def weigh(verdict: Verdict | None) -> tuple[float | None, str]:
    """A sample's weight and why; None when it does not vote (no verdict, or not decided)."""
    if verdict is None:
        return None, "no valid program"
    if verdict.answer is None:
        return None, f"not decided ({verdict.kind})"
    decided = [r for r in verdict.results if r.answer is not None]
    if not decided:
        return WEIGHTS[Evidence.NOT_COMPUTED], f"{verdict.kind}, evidence {Evidence.NOT_COMPUTED}"
    weakest = min((claim_evidence(r) for r in decided), key=WEIGHTS.__getitem__)
    return WEIGHTS[weakest], f"{verdict.kind}, evidence {weakest.value}"


@dataclass(frozen=True)
class Tally:
    votes: list[Vote]  # [] when no sample was decided
    undecided: list[int]
    winner: bool | None  # None: no decided sample, or no clear majority
    confidence: float | None  # the leading side's share of the decided weight; None when none decided
    abstained: bool  # decided samples conflict with no clear majority
    decision: str


def yes_no(answer: bool) -> str:
    return "yes" if answer else "no"


def tally(samples: list[Step]) -> Tally:
    """The vote over weighted samples (weights already set; index i+1 names samples[i])."""
    sides: dict[bool, Vote] = {}
    undecided = []
    why_not: dict[str, list[int]] = {}  # each reason a sample did not vote, and those samples
    for index, step in enumerate(samples, 1):
        answer = step.answer.answer if step.answer is not None else None
        if step.weight is None or answer is None:
            undecided.append(index)
            why_not.setdefault(step.weight_reason or "not decided", []).append(index)
            continue
        side = sides.setdefault(answer, Vote(answer=answer, weight=0.0, samples=[]))
        side.weight += step.weight
        side.samples.append(index)
    votes = sorted(sides.values(), key=lambda v: (-v.weight, not v.answer))
    total = sum(v.weight for v in votes)
    not_voting = "; ".join(f"sample{'s' if len(indices) > 1 else ''} {', '.join(map(str, indices))}: {why}"
                           for why, indices in why_not.items())
    if not votes:
        return Tally([], undecided, None, None, False,
                     f"none of the {len(samples)} samples was decided ({not_voting})")
    lead = votes[0]
    share = lead.weight / total
    split = " vs ".join(f"{yes_no(v.answer)} {v.weight:g} (samples {', '.join(map(str, v.samples))})"
                        for v in votes)
    rest = f"; {not_voting}" if undecided else ""
    clear = share >= CLEAR_MAJORITY and (len(votes) == 1 or lead.weight > votes[1].weight)
    if not clear:
        return Tally(votes, undecided, None, round(share, 4), True,
                     f"decided samples conflict with no clear majority: {split}{rest}")
    return Tally(votes, undecided, lead.answer, round(share, 4), False,
                 f"{yes_no(lead.answer)} by weighted vote {split}{rest}; agreement {share:.2f}")
