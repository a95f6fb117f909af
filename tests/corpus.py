"""The shared replay corpus (../shared/replay/*.jsonl: real LLM-written programs) for the tests.

Test data only: the `reference` fields are the original interpreter's answers, never expected
values. A clone without ../shared beside it skips these tests, saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPLAY = SHARED / "replay"


def replay_dir() -> Path:
    """The corpus directory; skips the calling test when it is absent."""
    if not REPLAY.is_dir():
        pytest.skip(f"no replay corpus at {REPLAY} (CI has ../shared beside its clone; a local clone may not)")
    return REPLAY


def replay_records(program_format: str | None = None) -> list[dict]:
    """Every record of the corpus, file by file in name order (only those of `program_format`,
    "json" or "smt2", when given); skips the calling test when there are none."""
    records = []
    for path in sorted(replay_dir().glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records += [r for r in map(json.loads, fh) if program_format is None or r["format"] == program_format]
    if not records:
        kind = f"{program_format} records" if program_format else "records"
        pytest.skip(f"no {kind} in {REPLAY}/*.jsonl")
    return records
