"""Batch verification: `pot verify --jsonl` on the JSON programs of ../shared/replay, against the
original Proof of Thought interpreter deciding the same programs one after another, on this machine.

    python benchmarks/batch_verify.py [--original /tmp/pot-original] [--rounds 1] [--workers N]

The original is run as its own runner runs it: one process, for each program file in turn what
`JSONBackend.execute(path)` does (Z3JSONInterpreter(path).run() with output captured, then the
sat/unsat counts; the backend module itself is not imported, its package needs scikit-learn). pot runs
as a user runs it: the `pot verify --jsonl FILE --json` command, start-up included, on all cores
(and once with --workers 1, to show what the pool adds). Prints each wall time and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPLAY = REPO.parent / "shared" / "replay"

ORIGINAL_RUNNER = """
import io, json, logging, sys, time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
logging.disable(logging.CRITICAL)
from z3adapter.interpreter import Z3JSONInterpreter
paths = sorted(Path(sys.argv[1]).glob("*.json"))
answers = {}
start = time.perf_counter()
for path in paths:  # JSONBackend.execute, minus its package's sklearn import: same calls, same order
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            interpreter = Z3JSONInterpreter(str(path), verify_timeout=10000, optimize_timeout=100000)
            interpreter.run()
        sat, unsat = interpreter.get_verification_counts()
        answers[path.stem] = True if sat and not unsat else False if unsat and not sat else None
    except Exception:
        answers[path.stem] = None
print(json.dumps({"seconds": time.perf_counter() - start, "programs": len(paths),
                  "answered": sum(a is not None for a in answers.values())}))
"""


def programs() -> list[dict]:
    out = []
    for path in sorted(REPLAY.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["format"] == "json" and record["program"] is not None:
                out.append({"id": f"{path.stem}:{record['id']}", "format": "json", "program": record["program"]})
    return out


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, float] = {}  # CPU seconds (user + system, every process) of the last run of each side


def run_pot(jsonl: Path, workers: int | None, semantics: str, evidence: bool) -> tuple[float, dict[str, int]]:
    cmd = [sys.executable, "-m", "pot", "verify", "--jsonl", str(jsonl), "--json", "--semantics", semantics]
    if not evidence:
        cmd.append("--no-evidence")
    if workers is not None:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu, start = children_cpu_s(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    seconds = time.perf_counter() - start
    CPU[f"pot workers={workers or 'all'}"] = children_cpu_s() - cpu
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    kinds: dict[str, int] = {}
    for line in lines:
        kind = line["kind"] or "no verdict"
        kinds[kind] = kinds.get(kind, 0) + 1
    return seconds, kinds


def run_original(original: Path, directory: Path) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(original)}
    cpu, start = children_cpu_s(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ORIGINAL_RUNNER, str(directory)], capture_output=True, text=True,
                          cwd=original, env=env)
    seconds = time.perf_counter() - start
    CPU["original"] = children_cpu_s() - cpu
    if done.returncode != 0:
        raise SystemExit(f"the original failed: {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--original", type=Path, default=Path("/tmp/pot-original"),
                        help="a checkout of DebarghaG/proofofthought (holding z3adapter/)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each side; the median is reported")
    parser.add_argument("--workers", type=int, help="pot's processes [default: all cores]")
    parser.add_argument("--semantics", choices=["sat", "entail"], default="sat",
                        help="pot's rule: sat is the original's (one check per claim, the same work); entail "
                             "decides each claim both ways, with cores and counter-models")
    parser.add_argument("--no-evidence", action="store_true",
                        help="pot skips cores and counter-models (the original computes none)")
    args = parser.parse_args()
    if not REPLAY.is_dir():
        print(f"skipped: {REPLAY} is absent")
        return 0
    items = programs()
    print(f"{len(items)} JSON programs from {REPLAY}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "programs.jsonl"
        jsonl.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
        directory = Path(tmp) / "programs"
        directory.mkdir()
        for n, item in enumerate(items):
            text = item["program"] if isinstance(item["program"], str) else json.dumps(item["program"])
            (directory / f"{n:04d}.json").write_text(text, encoding="utf-8")
        pot_pool = [run_pot(jsonl, args.workers, args.semantics, not args.no_evidence) for _ in range(args.rounds)]
        pot_one = [run_pot(jsonl, 1, args.semantics, not args.no_evidence) for _ in range(args.rounds)]
        pool_s, one_s = statistics.median(t for t, _ in pot_pool), statistics.median(t for t, _ in pot_one)
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        flags = f"--semantics {args.semantics}{' --no-evidence' if args.no_evidence else ''}"
        print(f"pot verify --jsonl {flags} (all cores): {pool_s:7.2f} s  verdicts {pot_pool[0][1]}")
        print(f"pot verify --jsonl {flags} --workers 1: {one_s:7.2f} s")
        if not (args.original / "z3adapter").is_dir():
            print(f"original: skipped (no z3adapter/ in {args.original})")
            return 0
        original = [run_original(args.original, directory) for _ in range(args.rounds)]
        orig_s = statistics.median(t for t, _ in original)
        print(f"original JSONBackend, sequential: {orig_s:7.2f} s  (its own loop: {original[0][1]['seconds']:.2f} s, "
              f"answered {original[0][1]['answered']}/{original[0][1]['programs']})")
        print(f"ratio original / pot (all cores): {orig_s / pool_s:5.2f}x")
        print(f"ratio original / pot (1 worker):  {orig_s / one_s:5.2f}x")
        print("CPU seconds (user + system, all processes): "
              + ", ".join(f"{name} {seconds:.1f}" for name, seconds in CPU.items()))
        print(f"load average after: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores: a pool only helps "
              "when cores are free)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
