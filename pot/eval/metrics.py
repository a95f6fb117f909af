"""Scores over result records; the key names are a contract other tools read.

Positive class = true. Accuracy counts every question (no answer = wrong), precision only
the answered ones, recall every gold-true one. A record has `error` set exactly when its
program reached no verdict.
"""

from __future__ import annotations

ENTAIL_KINDS = ("proved", "refuted", "unknown", "inconsistent", "undecided")
SAT_KINDS = ("sat", "unsat", "mixed")


def summarize(records: list[dict], semantics: str) -> dict:
    """Totals over `records`, plus `by_dataset` / `by_format` when they span several, and
    `by_group` when the dataset has a breakdown field (ProofWriter's depth: "QDep=2")."""
    summary = _metrics(records, semantics)
    for breakdown, field, default in (("by_dataset", "dataset", None), ("by_format", "format", "json")):
        values = sorted({str(r.get(field, default)) for r in records})
        if len(values) > 1:
            summary[breakdown] = {v: _metrics([r for r in records if str(r.get(field, default)) == v], semantics)
                                  for v in values}
    groups = sorted({r["group"] for r in records if r.get("group") is not None}, key=_natural)
    if groups:
        summary["by_group"] = {g: _metrics([r for r in records if r.get("group") == g], semantics) for g in groups}
    return summary


def _natural(name: str) -> tuple[str, int, str]:
    """'QDep=10' after 'QDep=2'."""
    field, _, value = name.partition("=")
    return (field, int(value), "") if value.isdigit() else (field, -1, value)


def _metrics(records: list[dict], semantics: str) -> dict:
    total = len(records)
    answered = [r for r in records if r["answer"] is not None]
    correct = sum(r["answer"] == r["ground_truth"] for r in answered)
    true_pos = sum(1 for r in answered if r["answer"] and r["ground_truth"])
    precision = _ratio(true_pos, sum(1 for r in answered if r["answer"]))
    recall = _ratio(true_pos, sum(1 for r in records if r["ground_truth"]))
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 0.0 if precision + recall == 0 else round(2 * precision * recall / (precision + recall), 4)
    kinds = ENTAIL_KINDS if semantics == "entail" else SAT_KINDS
    counts = {k: sum(r["kind"] == k for r in records) for k in ENTAIL_KINDS + SAT_KINDS}
    decided = [r for r in answered if semantics == "sat" or r["kind"] in ("proved", "refuted")]
    decided_correct = sum(r["answer"] == r["ground_truth"] for r in decided)
    attempts = [r["num_attempts"] for r in records if r.get("num_attempts") is not None]
    costs = [r["cost_usd"] for r in records if r.get("cost_usd") is not None]
    latencies = [r["latency_s"] for r in records if r.get("latency_s") is not None]
    referenced = [r for r in records if (r.get("reference") or {}).get("answer") is not None]
    return {
        "semantics": semantics,
        "total": total,
        "answered": len(answered),
        "correct": correct,
        "accuracy": _ratio(correct, total),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "errors": sum(1 for r in records if r.get("error") is not None),
        "abstained": sum(1 for r in records if (r.get("strategy") or {}).get("abstained")),
        **{k: (counts[k] if k in kinds else None) for k in ENTAIL_KINDS + SAT_KINDS},
        "decided_correct": decided_correct,
        "decided_accuracy": _ratio(decided_correct, len(decided)),
        "mean_attempts": round(sum(attempts) / len(attempts), 3) if attempts else None,
        "prompt_tokens": sum(r.get("prompt_tokens") or 0 for r in records),
        "completion_tokens": sum(r.get("completion_tokens") or 0 for r in records),
        "tokens": sum(r.get("tokens") or 0 for r in records),
        "cost_usd": round(sum(costs), 6) if costs else None,
        "latency_p50_s": _percentile(latencies, 0.50),
        "latency_p95_s": _percentile(latencies, 0.95),
        "reference_agreement": _ratio(sum(r["answer"] == r["reference"]["answer"] for r in referenced),
                                      len(referenced)),
        "reference_compared": len(referenced),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (pos - low), 4)
