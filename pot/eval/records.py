"""The result record: one line of `results.jsonl`, the same for live runs and replays.

It keeps the replay corpus's field names where they mean the same (`id, dataset, model,
format, question, ground_truth, program`), so a run can itself be replayed.
"""

from __future__ import annotations

from pot.logic.verdict import Verdict


def result_record(question: dict, *, model: str | None, program: str | dict | None,
                  verdict: Verdict | None, error: str | None, **extra) -> dict:
    """`error` is set exactly when there is no verdict; `extra` carries attempts, tokens, cost, latency."""
    return {
        "id": question["id"],
        "dataset": question["dataset"],
        "model": model,
        "format": "json",
        "question": question["question"],
        "ground_truth": question["ground_truth"],
        "program": program,
        "answer": verdict.answer if verdict else None,
        "kind": verdict.kind if verdict else None,
        "reason": verdict.reason if verdict else None,
        "error": None if verdict else (error or "no verdict"),
        **extra,
        "verdict": verdict.model_dump(mode="json", exclude_none=True) if verdict else None,
    }
