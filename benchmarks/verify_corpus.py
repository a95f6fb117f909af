"""Verify every JSON program of the replay corpus in one process and print figures.

    python benchmarks/verify_corpus.py [--replay DIR] [--timeout-ms N] [--show-disagreements]

Prints, for entail mode with and without evidence: programs, verdict kinds, typed
errors, total seconds, median and p99 per program; and for sat mode the agreement
with the original interpreter's recorded answers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pot import ProgramError, verify  # noqa: E402
from pot.logic.verdict import DEFAULT_TIMEOUT_MS  # noqa: E402


def load(replay_dir: Path) -> list[dict]:
    records = []
    for path in sorted(replay_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records += [r for r in map(json.loads, fh) if r["format"] == "json"]
    return records


def run(records, semantics: str, evidence: bool, timeout_ms: int):
    times, kinds, codes, answers = [], Counter(), Counter(), []
    for r in records:
        t0 = time.perf_counter()
        try:
            v = verify(r["program"], semantics=semantics, evidence=evidence, timeout_ms=timeout_ms)
            kinds[v.kind] += 1
            answers.append(v.answer)
        except ProgramError as e:
            codes.update({d.code for d in e.errors})
            kinds["error"] += 1
            answers.append("error")
        times.append(time.perf_counter() - t0)
    return times, kinds, codes, answers


def pct(times, q):
    s = sorted(times)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replay", type=Path, default=ROOT.parent / "shared" / "replay")
    ap.add_argument("--timeout-ms", type=int, default=DEFAULT_TIMEOUT_MS)
    ap.add_argument("--show-disagreements", action="store_true")
    args = ap.parse_args()
    records = load(args.replay)
    if not records:
        sys.exit(f"no JSON records under {args.replay}")
    verify(records[0]["program"])  # warm up: grammar, imports
    for evidence in (True, False):
        times, kinds, codes, _ = run(records, "entail", evidence, args.timeout_ms)
        print(f"entail evidence={'on ' if evidence else 'off'}: programs={len(records)} "
              f"verdicts={sum(kinds.values()) - kinds['error']} errors={kinds['error']} "
              f"total={sum(times):.2f}s median={statistics.median(times) * 1e3:.2f}ms "
              f"p99={pct(times, 0.99) * 1e3:.2f}ms")
        print("  kinds:", dict(kinds.most_common()), " error codes:", dict(codes.most_common()))
    times, kinds, codes, answers = run(records, "sat", True, args.timeout_ms)
    scored = [(r, a) for r, a in zip(records, answers, strict=False) if r["reference"]["success"]]
    agree = sum(a == r["reference"]["answer"] for r, a in scored)
    print(f"sat: agreement with reference {agree}/{len(scored)} = {agree / len(scored):.2%} "
          f"(records with reference.success); kinds: {dict(kinds.most_common())}")
    if args.show_disagreements:
        for r, a in scored:
            if a != r["reference"]["answer"]:
                print(f"  {r['model']} {r['id']}: ours={a} reference={r['reference']['answer']}")


if __name__ == "__main__":
    main()
