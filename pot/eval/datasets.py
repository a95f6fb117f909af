"""Loading and selecting questions; a bad file is a `DatasetError` (CLI exit 2).

A question is a plain dict with the fields result records share with the replay corpus:
`id, dataset, question, ground_truth`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from pot.errors import UsageError

DATASETS = ("strategyqa",)
_MAX_REPORTED = 5


class DatasetError(UsageError):
    """A data file is missing or has the wrong shape."""


def read_json_items(path: Path) -> list[tuple[str, Any]]:
    """(location, value) for each item of a JSON list or a JSONL file.

    A JSONL file whose last line is cut off (no newline, not JSON) loses that line only:
    it is what a killed writer leaves behind.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a directory, not a data file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from None
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}: not valid JSON: {exc}") from None
        return [(f"item {i}", item) for i, item in enumerate(items)]
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            if number == len(lines):  # torn last line: no newline after it
                continue
            raise DatasetError(f"{path}: line {number} is not JSON: {exc}") from None
    if not out:
        raise DatasetError(f"{path}: no records (expected a JSON list or JSON lines)")
    return out


def check_items(path: Path, items: list[tuple[str, Any]], fields: dict[str, tuple[type, ...]]) -> None:
    """Raise one `DatasetError` listing the first few items that lack a field or have the wrong type."""
    problems = []
    for where, item in items:
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, got {type(item).__name__}")
            continue
        for name, types in fields.items():
            value = item.get(name)
            if name not in item or not isinstance(value, types):
                wanted = " or ".join("null" if t is type(None) else t.__name__ for t in types)
                got = "missing" if name not in item else f"got {json.dumps(value)[:40]}"
                problems.append(f"{where}: field '{name}' must be {wanted} ({got})")
    if problems:
        more = f"\n  … and {len(problems) - _MAX_REPORTED} more" if len(problems) > _MAX_REPORTED else ""
        raise DatasetError(f"{path}: bad records:\n  " + "\n  ".join(problems[:_MAX_REPORTED]) + more)


def load_strategyqa(path: Path) -> list[dict[str, Any]]:
    """StrategyQA as published (JSON list of {qid, question, answer, …}) or as JSONL."""
    items = read_json_items(path)
    check_items(path, items, {"qid": (str,), "question": (str,), "answer": (bool,)})
    questions = [
        {"id": item["qid"], "dataset": "strategyqa", "question": item["question"], "ground_truth": item["answer"]}
        for _, item in items
    ]
    seen: set[str] = set()
    for q in questions:
        if q["id"] in seen:
            raise DatasetError(f"{path}: qid {q['id']!r} appears more than once")
        seen.add(q["id"])
    return questions


def select(questions: list[dict[str, Any]], *, offset: int = 0, limit: int | None = None,
           sample: int | None = None, seed: int = 0) -> list[dict[str, Any]]:
    """offset/limit cut a slice; sample then draws N of it with `seed`, kept in file order."""
    pool = questions[offset:] if limit is None else questions[offset:offset + limit]
    if sample is None or sample >= len(pool):
        return pool
    picked = sorted(random.Random(seed).sample(range(len(pool)), sample))
    return [pool[i] for i in picked]
