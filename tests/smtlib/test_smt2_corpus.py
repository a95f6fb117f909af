"""Every SMT-LIB program real LLMs wrote (../shared/replay) gets a verdict or a typed error, and
under sat semantics our answers agree with the original interpreter's recorded answers.

Nothing is copied from the corpus: the reference answers are read at run time, agreement is
computed, and the threshold (0.995) is the specification's.
"""

from __future__ import annotations

import pytest
from corpus import replay_records

import pot
from pot import ProgramError, Verdict

MIN_AGREEMENT = 0.995


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return replay_records("smt2")


def _outcome(program: str, semantics: str) -> Verdict | ProgramError:
    try:
        return pot.verify(program, format="smt2", semantics=semantics, evidence=False)
    except ProgramError as e:
        return e


@pytest.mark.slow
def test_sat_semantics_agrees_with_the_original(corpus):
    succeeded = [r for r in corpus if r["reference"]["success"]]
    assert succeeded
    outcomes = [_outcome(r["program"], "sat") for r in succeeded]  # any other exception fails the test
    answers = [o.answer if isinstance(o, Verdict) else None for o in outcomes]
    agree = sum(a == r["reference"]["answer"] for a, r in zip(answers, succeeded, strict=True))
    differing = [r["id"] for a, r in zip(answers, succeeded, strict=True) if a != r["reference"]["answer"]]
    assert agree / len(succeeded) >= MIN_AGREEMENT, differing


@pytest.mark.slow
def test_entail_semantics_ends_in_a_verdict_or_a_located_error(corpus):
    outcomes = [_outcome(r["program"], "entail") for r in corpus]
    for o in outcomes:
        if isinstance(o, ProgramError):
            assert o.errors and all(d.path.startswith("line ") or d.code == "smt2-no-check-sat" for d in o.errors)
    verdicts = [o for o in outcomes if isinstance(o, Verdict)]
    assert len(verdicts) > len(corpus) // 2
    assert {v.kind for v in verdicts} <= {"proved", "refuted", "unknown", "inconsistent", "undecided"}
