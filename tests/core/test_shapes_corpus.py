"""Shape variants of real programs: rewritten into each shape the original interpreter accepts
(constants as a list of groups, `{}` or null for empty sections, names in other scripts, ...),
every program pot runs as written gives the same `sat` answer in every shape.

pot's answer on the program as written is the expected value; nothing is read from `reference`.
A sample of the corpus here; `benchmarks/shape_variants.py` runs all of it and prints figures.
"""

from __future__ import annotations

import json

import pytest
from corpus import replay_records
from shape_variants import MUTATORS

import pot
from pot import ProgramError

pytestmark = pytest.mark.slow

SAMPLE_EVERY = 32


def _answer(program: dict) -> object:
    try:
        return pot.verify(program, semantics="sat", evidence=False).answer
    except ProgramError as e:
        return "error: " + ", ".join(sorted({f"{d.code}@{d.path}" for d in e.errors}))


@pytest.fixture(scope="module")
def programs() -> list[tuple[str, dict, object]]:
    """Every SAMPLE_EVERY-th corpus program that pot runs as written, with its answer."""
    records = replay_records("json")
    out = []
    for r in records[::SAMPLE_EVERY]:
        program = json.loads(r["program"]) if isinstance(r["program"], str) else r["program"]
        base = _answer(program)
        if not isinstance(base, str):
            out.append((f"{r['model']}/{r['id']}", program, base))
    assert len(out) >= 0.9 * len(records[::SAMPLE_EVERY])
    return out


@pytest.mark.parametrize("shape", list(MUTATORS))
def test_every_shape_keeps_the_sat_answer(programs, shape):
    mutate = MUTATORS[shape]
    compared, differ = 0, {}
    for key, program, base in programs:
        variant = mutate(program)
        if variant is None:
            continue
        compared += 1
        got = _answer(variant)
        if got != base:
            differ[key] = (base, got)
    assert compared >= len(programs) // 2, f"the {shape} shape applied to only {compared} programs"
    assert differ == {}
