"""A sample of the fuzz campaign of `benchmarks/fuzz_corpus.py`: 300 mutated replay
programs (number blow-ups, deep nesting, unicode, truncation, type swaps, token splices)
each end in a verdict or a ProgramError, `check` agreeing with `verify`."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from corpus import replay_dir

pytestmark = pytest.mark.slow  # 300 programs, each checked and verified

ROOT = Path(__file__).resolve().parents[2]


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_corpus", ROOT / "benchmarks" / "fuzz_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mutated_corpus_programs_end_in_a_verdict_or_a_located_diagnostic():
    fuzz = _fuzz_module()
    corpus = fuzz.load_corpus(replay_dir())
    outcomes = []
    for i in range(300):
        source = fuzz.mutate(random.Random(20_261_127 + i), corpus)
        outcome, detail, *_ = fuzz.run_one(source, 200)  # then wall and CPU seconds
        outcomes.append((i, outcome, detail))
    escaped = [o for o in outcomes if o[1] not in ("verdict", "diagnostic")]
    assert not escaped, escaped[:5]
    assert {o[1] for o in outcomes} == {"verdict", "diagnostic"}  # the sample reaches both ends
