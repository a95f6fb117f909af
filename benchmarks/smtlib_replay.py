"""Verify every SMT-LIB record of ../shared/replay and print, per model and dataset:

- sat semantics: agreement of pot's answer with the original's `reference.answer`
  (over the records where the original succeeded), and accuracy vs ground truth;
- entail semantics: accuracy (no answer counts as wrong), answered share, and decided
  accuracy (over the answered records) vs `ground_truth`;
- invalid programs (ProgramError) and crashes (any other exception: should be 0).

    PYTHONPATH=. python benchmarks/smtlib_replay.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pot.errors import ProgramError  # noqa: E402
from pot.logic.verdict import Semantics  # noqa: E402
from pot.smtlib.api import verify_script  # noqa: E402


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def run(record: dict, semantics: Semantics, timeout_ms: int) -> tuple[str, bool | None]:
    """("ok" | "invalid" | "crash", answer) for one record."""
    try:
        verdict = verify_script(record["program"], semantics=semantics, timeout_ms=timeout_ms, evidence=False)
    except ProgramError:
        return "invalid", None
    except Exception as e:
        print(f"  crash on {record['id']}: {type(e).__name__}: {e}", file=sys.stderr)
        return "crash", None
    return "ok", verdict.answer


def score(records: list[dict], outcomes: list[tuple[str, bool | None]]) -> dict:
    n = len(records)
    answered = sum(a is not None for _, a in outcomes)
    correct = sum(a is not None and a == r["ground_truth"] for r, (_, a) in zip(records, outcomes, strict=True))
    ref = [(r, a) for r, (_, a) in zip(records, outcomes, strict=True) if r["reference"]["success"]]
    agree = sum(a == r["reference"]["answer"] for r, a in ref)
    return {"programs": n, "invalid": sum(s == "invalid" for s, _ in outcomes),
            "crashes": sum(s == "crash" for s, _ in outcomes), "answered": _ratio(answered, n),
            "accuracy": _ratio(correct, n), "decided_accuracy": _ratio(correct, answered),
            "reference_agreement": _ratio(agree, len(ref))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--timeout-ms", type=int, default=5000)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args()
    results = []
    for source in sorted((args.shared / "replay").glob("*.jsonl")):
        by_dataset: dict[str, list[dict]] = defaultdict(list)
        for line in source.read_text().splitlines():
            r = json.loads(line)
            if r["format"] == "smt2":
                by_dataset[r["dataset"]].append(r)
        for semantics in (Semantics.SAT, Semantics.ENTAIL):
            t0 = time.perf_counter()
            outcomes = {d: [run(r, semantics, args.timeout_ms) for r in rs] for d, rs in by_dataset.items()}
            wall = round(time.perf_counter() - t0, 1)
            everything = [r for d in sorted(by_dataset) for r in by_dataset[d]]
            all_outcomes = [o for d in sorted(by_dataset) for o in outcomes[d]]
            for dataset in sorted(by_dataset):
                results.append({"model": source.stem, "dataset": dataset, "semantics": str(semantics),
                                **score(by_dataset[dataset], outcomes[dataset])})
            results.append({"model": source.stem, "dataset": "all", "semantics": str(semantics),
                            **score(everything, all_outcomes), "wall_s": wall})
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cols = ["model", "dataset", "semantics", "programs", "invalid", "crashes", "answered", "accuracy",
            "decided_accuracy", "reference_agreement", "wall_s"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in results:
        print("| " + " | ".join("-" if row.get(c) is None else str(row[c]) for c in cols) + " |")


if __name__ == "__main__":
    main()
