"""Helpers shared by the evaluation tests (not fixtures: plain functions and paths)."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def write_dataset(path: Path, specs: list[tuple[str, bool]]) -> Path:
    """A StrategyQA-shaped JSON file: question i carries marker specs[i][0], gold answer specs[i][1]."""
    items = [{"qid": f"q{i:03d}", "term": "t", "description": "d", "question": f"Question {i} {marker}?",
              "answer": gold, "facts": [], "decomposition": []} for i, (marker, gold) in enumerate(specs)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def read_results(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()]
