"""Helpers shared by the evaluation tests (not fixtures: plain functions and paths)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pot.cli import main

REPO = Path(__file__).resolve().parents[2]


def write_dataset(path: Path, specs: list[tuple[str, bool]]) -> Path:
    """A StrategyQA-shaped JSON file: question i carries marker specs[i][0], gold answer specs[i][1]."""
    items = [{"qid": f"q{i:03d}", "term": "t", "description": "d", "question": f"Question {i} {marker}?",
              "answer": gold, "facts": [], "decomposition": []} for i, (marker, gold) in enumerate(specs)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def read_results(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()]


_FLAGS = {"data": "--data", "model": "--model", "api_base": "--api-base", "limit": "--limit", "offset": "--offset",
          "sample": "--sample", "seed": "--seed", "concurrency": "--concurrency", "max_attempts": "--max-attempts",
          "semantics": "--semantics", "out": "--out", "replay": "--replay", "replay_dataset": "--dataset",
          "replay_format": "--format", "temperature": "--temperature", "max_tokens": "--max-tokens",
          "timeout": "--timeout", "question_field": "--question-field", "answer_field": "--answer-field",
          "id_field": "--id-field"}
_SWITCHES = {"json_output": "--json", "no_cache": "--no-cache", "retry_errors": "--retry-errors"}


def pot_eval(dataset: str | None = None, **options: object) -> int:
    """`pot eval` in this process, through the CLI's own entry point; the exit code it gives.

    Options are named as the command's parameters (`max_attempts=2`, `json_output=True`);
    None leaves an option out. Output goes to stdout/stderr (read it with capsys)."""
    argv = ["pot", "eval"] + ([dataset] if dataset is not None else [])
    for name, value in options.items():
        if name in _SWITCHES:
            argv += [_SWITCHES[name]] if value else []
        elif value is not None:
            argv += [_FLAGS[name], str(value)]
    saved = sys.argv
    sys.argv = argv
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        sys.argv = saved
    return 0
