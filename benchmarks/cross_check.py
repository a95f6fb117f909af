"""Cross-check pot's Z3 verdicts with cvc5 over the replay corpus (JSON and SMT-LIB programs).

For every valid program of ../shared/replay: pot.verify (Z3), then the same claims decided
by cvc5 (pot.verify(..., cross_check="cvc5")). Prints, per format: claims, claims each
solver decided, agreement on the claims both decided, the claims only one decided (with
cvc5's reason: incomplete quantifier reasoning, time-out, a term it could not read), every
disagreement, and the time cvc5 adds.

    PYTHONPATH=. python benchmarks/cross_check.py [--shared ../shared] [--semantics entail]
        [--timeout-ms 2000] [--limit N] [--format json|smt2] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pot  # noqa: E402
from pot.errors import ProgramError  # noqa: E402
from pot.logic.cross_check import Agreement  # noqa: E402


def _has_quantifier(program: str) -> bool:
    return any(word in program for word in ("forall", "exists", "ForAll", "Exists"))


def run_record(record: dict, semantics: str, timeout_ms: int) -> dict:
    """One program: Z3's verdict time, cvc5's, and per claim both kinds."""
    fmt = record["format"]
    source = record["program"]
    try:
        t0 = time.perf_counter()
        plain = pot.verify(source, format=fmt, semantics=semantics, timeout_ms=timeout_ms, evidence=False)
        t1 = time.perf_counter()
        checked = pot.verify(source, format=fmt, semantics=semantics, timeout_ms=timeout_ms, evidence=False,
                             cross_check="cvc5")
    except ProgramError:
        return {"status": "invalid"}
    except Exception as e:  # a crash: reported, never hidden
        return {"status": "crash", "error": f"{type(e).__name__}: {e}"}
    cc = checked.cross_check
    assert cc is not None
    claims = []
    for r in checked.results:
        assert r.cross_check is not None
        claims.append({"claim": r.id, "z3": r.kind, "z3_why": r.undecided_reason, "cvc5": r.cross_check.kind,
                       "cvc5_why": r.cross_check.undecided_reason, "agreement": str(r.cross_check.agreement),
                       "cvc5_reason": r.cross_check.reason})
    return {"status": "ok", "z3_ms": (t1 - t0) * 1e3, "cvc5_ms": cc.time_ms, "claims": claims,
            "quantified": _has_quantifier(source), "plain_kinds": [r.kind for r in plain.results]}


def _why_bucket(why: str | None, reason: str) -> str:
    if why == "unreadable":
        return "cvc5 could not read: " + reason.split("): ", 1)[-1][:70]
    if why and why.startswith("error"):
        return "cvc5 error: " + why.split(":", 1)[-1].strip()[:70]
    return why or "?"


def summarize(rows: list[tuple[dict, dict]]) -> dict:
    out: dict = {"programs": len(rows), "invalid": 0, "crashes": 0, "claims": 0, "z3_decided": 0,
                 "cvc5_decided": 0, "both_decided": 0, "agree": 0, "disagree": 0,
                 "only_z3_decided": Counter(), "only_cvc5_decided": 0, "neither": 0, "disagreements": [],
                 "not_compared": []}
    z3_ms, cvc5_ms = [], []
    for record, res in rows:
        if res["status"] == "invalid":
            out["invalid"] += 1
            continue
        if res["status"] == "crash":
            out["crashes"] += 1
            print(f"  crash on {record['id']}: {res['error']}", file=sys.stderr)
            continue
        z3_ms.append(res["z3_ms"])
        cvc5_ms.append(res["cvc5_ms"])
        for c in res["claims"]:
            out["claims"] += 1
            z3_ok, cvc5_ok = c["z3"] != "undecided", c["cvc5"] != "undecided"
            out["z3_decided"] += z3_ok
            out["cvc5_decided"] += cvc5_ok
            if z3_ok and cvc5_ok:
                out["both_decided"] += 1
                out["agree"] += c["agreement"] == Agreement.AGREE
                if c["agreement"] == Agreement.DISAGREE:
                    out["disagree"] += 1
                    out["disagreements"].append({"id": record["id"], "model": record["model"], **c,
                                                 "quantified": res["quantified"]})
            else:
                out["not_compared"].append({"id": record["id"], "model": record["model"], **c,
                                            "quantified": res["quantified"]})
                if z3_ok:
                    out["only_z3_decided"][_why_bucket(c["cvc5_why"], c["cvc5_reason"])] += 1
                elif cvc5_ok:
                    out["only_cvc5_decided"] += 1
                else:
                    out["neither"] += 1
    out["agreement"] = round(out["agree"] / out["both_decided"], 4) if out["both_decided"] else None
    out["only_z3_decided"] = dict(out["only_z3_decided"].most_common())
    out["z3_ms_total"] = round(sum(z3_ms))
    out["cvc5_ms_total"] = round(sum(cvc5_ms))
    out["z3_ms_median"] = round(statistics.median(z3_ms), 1) if z3_ms else None
    out["cvc5_ms_median"] = round(statistics.median(cvc5_ms), 1) if cvc5_ms else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--semantics", choices=["entail", "sat"], default="entail")
    ap.add_argument("--timeout-ms", type=int, default=2000)
    ap.add_argument("--limit", type=int, help="at most N programs per replay file and format")
    ap.add_argument("--format", choices=["json", "smt2"], help="only the programs of this format")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    args = ap.parse_args()
    by_format: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for source in sorted((args.shared / "replay").glob("*.jsonl")):
        taken: Counter = Counter()
        for line in source.read_text().splitlines():
            record = json.loads(line)
            fmt = record["format"]
            if args.format is not None and fmt != args.format:
                continue
            if args.limit is not None and taken[fmt] >= args.limit:
                continue
            taken[fmt] += 1
            by_format[fmt].append((record, run_record(record, args.semantics, args.timeout_ms)))
            done = sum(len(rows) for rows in by_format.values())
            if done % 100 == 0:
                print(f"  {done} programs", file=sys.stderr, flush=True)
    summary = {fmt: summarize(rows) for fmt, rows in sorted(by_format.items())}
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
        return
    cols = ["programs", "invalid", "crashes", "claims", "z3_decided", "cvc5_decided", "both_decided", "agree",
            "disagree", "agreement", "only_cvc5_decided", "neither", "z3_ms_total", "cvc5_ms_total",
            "z3_ms_median", "cvc5_ms_median"]
    print(f"semantics {args.semantics}, timeout {args.timeout_ms} ms per check")
    print("| format | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for fmt, s in summary.items():
        print(f"| {fmt} | " + " | ".join("-" if s[c] is None else str(s[c]) for c in cols) + " |")
    for fmt, s in summary.items():
        print(f"\n{fmt}: claims Z3 decided and cvc5 did not, by cvc5's reason")
        for why, n in s["only_z3_decided"].items():
            print(f"  {n:5d}  {why}")
        print(f"{fmt}: claims not compared ({len(s['not_compared'])})")
        for d in s["not_compared"]:
            print(f"  {d['model']} {d['id']} {d['claim']}: z3 {d['z3']} ({d['z3_why'] or '-'}), cvc5 {d['cvc5']}"
                  f"{' (quantified)' if d['quantified'] else ''} — {d['cvc5_reason'][:160]}")
        print(f"{fmt}: disagreements ({len(s['disagreements'])})")
        for d in s["disagreements"]:
            print(f"  {d['model']} {d['id']} {d['claim']}: z3 {d['z3']}, cvc5 {d['cvc5']}"
                  f"{' (quantified)' if d['quantified'] else ''} — {d['cvc5_reason']}")


if __name__ == "__main__":
    main()
