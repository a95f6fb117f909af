"""Fuzz `pot.check` and `pot.verify` with mutated replay programs; print what escaped.

    python benchmarks/fuzz_corpus.py [--programs N] [--timeout-ms MS] [--workers K] [--seed S]
                                     [--replay DIR] [--show N]

Each program is one real LLM-written JSON program from ../shared/replay, mutated by a few
of: token splices between programs, number blow-ups (huge integers, 1e99999999, 3**10**7,
huge bit-vector widths, non-ASCII digits), deep nesting (Not(, (, not, ArraySort(, sort
chains), unicode (lone surrogates, accents, superscripts), truncation (of the JSON text or
of one expression) and type swaps (a section or a field replaced by a value of another
JSON type). Programs go as JSON text or as a dict. Every program is checked, then
verified with a short `timeout_ms`; a verdict must serialise to JSON, and `check` must
find errors exactly when `verify` raises ProgramError.

Worker processes each run a slice of the programs; one that dies (a crash: segfault,
abort, out of memory) or stays in one call past `--hang-s` is counted and replaced, and
its slice goes on after the program that killed it; one whose call gave up on Z3 at the
hard limit (an abandoned solver thread still computing) is replaced too, so that thread's CPU
is not billed to later programs, and the call is counted as abandoned. Prints: programs, verdicts,
diagnostics, untyped exceptions (by type), check/verify disagreements, crashes, hangs,
calls past timeout_ms + 1 s, and the slowest calls, with the load average. A call's time is
measured twice: wall-clock, and the CPU time of its worker process (all threads), which does
not grow when other processes share the cores. Figures so far are printed every 5,000
programs and on Ctrl-C (SIGINT to the main process), which ends the run early.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPLAY = ROOT.parent / "shared" / "replay"

HUGE_NUMBERS = ["9" * 5000, "1" + "0" * 4301, "1e5000", "1e99999999", "1e-99999999", "3**10000000", "10**5000",
                "2**(2**40)", "0.0000000000000000000001", "1.5e308", "123456789012345678901234567890"]
WEIRD_TEXT = ["\ud800", "²", "café", "übung", "\u202e", "\x00", "\U0001f600", "١٢٣", "ℕ", "x\ny", "\"", "'",
              "\\", "ſ", "Ⅻ", "𝟙𝟚"]
TOKENS = ["(", ")", "[", "]", ",", "not", "and", "or", "==", "<", "**", "-", "~", "ForAll", "Exists", "Not(",
          "And(", "If(", "Implies(", "Select(", "Store(", "BitVecVal(", "True", "0", "1.5", "x", "[x]", "\"s\""]
SORT_TEXT = ["BitVecSort(²)", "BitVecSort(" + "9" * 5000 + ")", "BitVecSort(0)", "BitVecSort(-1)", "BitVecSort( 8 )",
             "ArraySort(IntSort)", "ArraySort(" * 300 + "IntSort" + ", IntSort)" * 300, "ArraySort(Foo, Bar)",
             "IntSort", "RealSort", "BoolSort", "BitVecSort(8)", "", "DeclareSort", "EnumSort"]
JSON_VALUES: list[Any] = [None, True, 0, -1, 1.5, "", "x", [], {}, [None], {"a": 1}, ["x", "y"], 10 ** 30]


# -- the generator ------------------------------------------------------------------------------


def load_corpus(replay: Path) -> list[dict]:
    programs = []
    for path in sorted(replay.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record.get("format") != "json":
                    continue
                try:
                    program = json.loads(record["program"])
                except (ValueError, TypeError):
                    continue
                if isinstance(program, dict):
                    programs.append(program)
    return programs


def _strings(node: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Every string in a JSON value, with its path (keys and indices)."""
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, (*path, k))]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _strings(v, (*path, i))]
    return []


def _containers(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        out += [p for k, v in node.items() for p in _containers(v, (*path, k))]
    elif isinstance(node, list):
        out += [p for i, v in enumerate(node) for p in _containers(v, (*path, i))]
    return out


def _set(root: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return root


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\*\*|[=!<>]=|\S")


def _splice_text(rng: random.Random, text: str, donor: str) -> str:
    tokens = _TOKEN.findall(text) or [text]
    donor_tokens = _TOKEN.findall(donor) or TOKENS
    i = rng.randrange(len(tokens))
    j = rng.randrange(len(tokens) + 1)
    if rng.random() < 0.5:
        tokens[i:j] = donor_tokens[rng.randrange(len(donor_tokens)):][: rng.randint(1, 6)]
    else:
        tokens[i] = rng.choice(TOKENS + donor_tokens)
    return " ".join(tokens)


def _blow_up(rng: random.Random, text: str) -> str:
    numbers = list(re.finditer(r"\d+(\.\d*)?", text))
    huge = rng.choice(HUGE_NUMBERS)
    if numbers and rng.random() < 0.7:
        m = rng.choice(numbers)
        return text[: m.start()] + huge + text[m.end():]
    return f"({text}) == {huge}" if rng.random() < 0.5 else f"{huge} < {huge}"


def _nest(rng: random.Random, text: str) -> str:
    k = rng.choice([50, 101, 500, 2000, 6000])
    kind = rng.randrange(5)
    if kind == 0:
        return "Not(" * k + text + ")" * k
    if kind == 1:
        return "(" * k + text + ")" * k
    if kind == 2:
        return "not " * k + text
    if kind == 3:
        return "-" * k + "1 < 2"
    return "And(" * k + text + ", True)" * k


def _unicode(rng: random.Random, text: str) -> str:
    i = rng.randint(0, len(text))
    return text[:i] + rng.choice(WEIRD_TEXT) + text[i:]


def _mutate_string(rng: random.Random, text: str, donor: str) -> str:
    pick = rng.random()
    if pick < 0.3:
        return _splice_text(rng, text, donor)
    if pick < 0.5:
        return _blow_up(rng, text)
    if pick < 0.6:
        return _nest(rng, text)
    if pick < 0.75:
        return _unicode(rng, text)
    if pick < 0.85:
        return text[: rng.randint(0, len(text))]
    if pick < 0.95:
        return rng.choice(SORT_TEXT)
    return text + " " + donor


def _sort_chain(rng: random.Random, program: dict) -> None:
    """Sorts defined through each other: S0 = ArraySort(IntSort, IntSort), S1 = ArraySort(S0, S0)..."""
    n = rng.choice([50, 400, 3000])
    sorts = [{"name": "S0", "type": "ArraySort(IntSort, IntSort)"}]
    sorts += [{"name": f"S{i}", "type": f"ArraySort(S{i - 1}, S{i - 1})"} for i in range(1, n)]
    if rng.random() < 0.5:
        rng.shuffle(sorts)
    existing = program.get("sorts")
    program["sorts"] = (existing if isinstance(existing, list) else []) + sorts
    if rng.random() < 0.5:
        program.setdefault("functions", [])
        if isinstance(program["functions"], list):
            program["functions"].append({"name": "deep_f", "domain": [f"S{n - 1}"], "range": "BoolSort"})


def mutate(rng: random.Random, corpus: list[dict]) -> dict | str:
    """One mutant of a random corpus program: a dict, or JSON text."""
    program = json.loads(json.dumps(rng.choice(corpus)))
    donor_program = rng.choice(corpus)
    donors = [s for _, s in _strings(donor_program)] or ["x"]
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        strings = _strings(program)
        pick = rng.random()
        if pick < 0.65 and strings:
            path, text = rng.choice(strings)
            program = _set(program, path, _mutate_string(rng, text, rng.choice(donors)))
        elif pick < 0.8:
            path = rng.choice(_containers(program))
            program = _set(program, path, json.loads(json.dumps(rng.choice(JSON_VALUES))))
        elif pick < 0.87 and isinstance(program, dict):
            _sort_chain(rng, program)
        elif pick < 0.95 and isinstance(program, dict) and program:
            key = rng.choice(list(program))
            if rng.random() < 0.5:
                del program[key]
            elif isinstance(program[key], list) and program[key]:
                program[key] = program[key] * rng.choice([2, 50])
        else:
            path = rng.choice(_containers(program))
            program = _set(program, path, rng.choice(HUGE_NUMBERS + WEIRD_TEXT))
    if rng.random() < 0.3:
        text = json.dumps(program, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.3:
            text = text[: rng.randint(0, len(text))]
        elif rng.random() < 0.2:
            m = list(re.finditer(r"\d+", text))
            if m:
                n = rng.choice(m)
                text = text[: n.start()] + rng.choice(["9" * 5000, "1e99999", "1" * 4400]) + text[n.end():]
        return text
    return program


# -- one call -------------------------------------------------------------------------------------


def _where(e: BaseException) -> str:
    tb = traceback.extract_tb(e.__traceback__)[-1]
    return f"{type(e).__name__} at {Path(tb.filename).name}:{tb.lineno}: {str(e)[:200]}"


def run_one(source: dict | str, timeout_ms: int) -> tuple[str, str, float, float]:
    """("verdict" | "diagnostic" | "untyped" | "disagree", detail, wall seconds, CPU seconds) for one
    program; the times are those of the slower call (check or verify) by each measure."""
    from pot import check

    t0, c0 = time.perf_counter(), time.process_time()
    try:
        errors = [d for d in check(source) if d.severity == "error"]
    except Exception as e:  # what the campaign counts
        return "untyped", f"check: {_where(e)}", time.perf_counter() - t0, time.process_time() - c0
    t1, c1 = time.perf_counter(), time.process_time()
    outcome, detail = _verify(source, timeout_ms, errors)
    t2, c2 = time.perf_counter(), time.process_time()
    return outcome, detail, max(t1 - t0, t2 - t1), max(c1 - c0, c2 - c1)


def _verify(source: dict | str, timeout_ms: int, errors: list) -> tuple[str, str]:
    from pot import ProgramError, verify

    try:
        verdict = verify(source, timeout_ms=timeout_ms)
        json.dumps(verdict.to_json(), ensure_ascii=False).encode("utf-8")  # printable, as every interface prints it
    except ProgramError as e:
        if not errors:
            return "disagree", f"check valid, verify: {e.errors[0] if e.errors else e}"[:300]
        return "diagnostic", e.errors[0].code if e.errors else "?"
    except Exception as e:  # what the campaign counts
        return "untyped", f"verify: {_where(e)}"
    if errors:
        return "disagree", f"check found {errors[0].code}, verify gave a verdict"
    return "verdict", str(verdict.kind)


def _worker(corpus: list[dict], indices: list[int], seed: int, timeout_ms: int, out: Any, current: Any) -> None:
    sys.setrecursionlimit(10_000)  # a worker has the default stack; what matters is the exception class
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process, which stops the workers
    for i in indices:
        current.value = i
        source = mutate(random.Random(seed * 1_000_003 + i), corpus)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            outcome, detail, seconds, cpu = run_one(source, timeout_ms)
        except BaseException as e:  # RecursionError in the harness itself, or a bug in it: still counted
            outcome, detail = "untyped", f"harness: {type(e).__name__}: {str(e)[:200]}"
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        out.put((i, outcome, detail, seconds, cpu))
        if _runaway():  # an abandoned solver thread would bill its CPU to the programs after it
            out.close()
            out.join_thread()
            os._exit(RUNAWAY_EXIT)
    current.value = -1


RUNAWAY_EXIT = 75
"""A worker's exit code after a call gave up on Z3 at the hard limit (pot/logic/hard_limit.py):
the worker is replaced, and the call is counted as abandoned, not as a crash."""


def _runaway() -> bool:
    from pot.logic.hard_limit import runaway

    return runaway()


def _drain(queue: Any, results: list, done: set) -> None:
    """Take the results a finished worker left in the queue."""
    while True:
        try:
            item = queue.get(timeout=0.5)
        except Exception:  # queue.Empty
            return
        results.append(item)
        done.add(item[0])


def campaign(corpus: list[dict], programs: int, seed: int, timeout_ms: int, workers: int, hang_s: float,
             progress: bool = True, every: int = 5000) -> dict:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    todo = {w: list(range(w, programs, workers)) for w in range(workers)}
    done: set[int] = set()
    results: list[tuple[int, str, str, float, float]] = []
    crashes: list[tuple[int, str]] = []
    procs: dict[int, tuple[Any, Any, float]] = {}

    def start(w: int) -> None:
        remaining = [i for i in todo[w] if i not in done]
        todo[w] = remaining
        current = ctx.Value("q", -2)
        p = ctx.Process(target=_worker, args=(corpus, remaining, seed, timeout_ms, queue, current), daemon=True)
        p.start()
        procs[w] = (p, current, time.monotonic())

    for w in range(workers):
        start(w)
    last_seen: dict[int, tuple[int, float]] = {}
    t_start = time.monotonic()
    try:
        _collect(queue, procs, results, done, crashes, last_seen, start, t_start, timeout_ms, hang_s, progress, every,
                 seed)
    except KeyboardInterrupt:  # Ctrl-C: stop the workers, report what finished
        for p, _, _ in procs.values():
            p.kill()
            p.join()
        print("interrupted: the figures below are for the programs that finished", file=sys.stderr)
        return {"results": results, "crashes": crashes, "seconds": time.monotonic() - t_start, "interrupted": True}
    return {"results": results, "crashes": crashes, "seconds": time.monotonic() - t_start}


def _collect(queue: Any, procs: dict, results: list, done: set, crashes: list, last_seen: dict, start: Any,
             t_start: float, timeout_ms: int, hang_s: float, progress: bool, every: int, seed: int) -> None:
    """Gather results until every worker has finished its slice; replace workers that die or hang."""
    while procs:
        try:
            while True:
                item = queue.get(timeout=0.5)
                results.append(item)
                done.add(item[0])
                if progress and len(results) % 1000 == 0:
                    rate = len(results) / (time.monotonic() - t_start)
                    print(f"  {len(results)} programs, {rate:.1f}/s", file=sys.stderr, flush=True)
                if progress and len(results) % every == 0:  # figures so far, in case the run is cut short
                    partial = {"results": results, "crashes": crashes, "seconds": time.monotonic() - t_start}
                    report(partial, timeout_ms, 3, seed)
                    sys.stdout.flush()
        except Exception:  # queue.Empty
            pass
        for w, (p, current, _) in list(procs.items()):
            i = current.value
            now = time.monotonic()
            if i >= 0 and last_seen.get(w, (None, 0))[0] != i:
                last_seen[w] = (i, now)
            if not p.is_alive():
                p.join()
                del procs[w]
                if p.exitcode == RUNAWAY_EXIT:
                    _drain(queue, results, done)
                    crashes.append((i, "abandoned: Z3 did not stop at the time limit (worker replaced)"))
                    start(w)
                elif p.exitcode != 0 and i >= 0:
                    crashes.append((i, f"exit code {p.exitcode}"))
                    done.add(i)
                    start(w)
            elif i >= 0 and now - last_seen[w][1] > hang_s:
                p.kill()
                p.join()
                del procs[w]
                crashes.append((i, f"hang > {hang_s:.0f} s"))
                done.add(i)
                start(w)


def report(summary: dict, timeout_ms: int, show: int, seed: int) -> int:
    results = summary["results"]
    outcomes = Counter(r[1] for r in results)
    limit = timeout_ms / 1000 + 1
    late = [r for r in results if r[3] > limit]
    late_cpu = [r for r in results if r[4] > limit]
    hangs = [c for c in summary["crashes"] if c[1].startswith("hang")]
    abandoned = [c for c in summary["crashes"] if c[1].startswith("abandoned")]
    dead = [c for c in summary["crashes"] if c not in hangs and c not in abandoned]
    cut = ", interrupted" if summary.get("interrupted") else ""
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"programs:            {len(results) + len(hangs) + len(dead)}  (seed {seed}, "
          f"{summary['seconds']:.0f} s wall{cut}; load average now {load} on {os.cpu_count()} cores)")
    print(f"verdicts:            {outcomes['verdict']}")
    print(f"diagnostics:         {outcomes['diagnostic']}")
    print(f"untyped exceptions:  {outcomes['untyped']}")
    print(f"check/verify differ: {outcomes['disagree']}")
    print(f"crashes:             {len(dead)}")
    print(f"hangs (killed):      {len(hangs)}")
    print(f"solver abandoned:    {len(abandoned)}  (Z3 past timeout_ms + 0.5 s in an uninterruptible step: "
          f"the call answered undecided, the worker was replaced)")
    print(f"past timeout_ms+1 s: {len(late)} by the wall clock, {len(late_cpu)} in CPU time  "
          f"(timeout_ms {timeout_ms}; the slower of check and verify)")
    slowest = sorted(results, key=lambda r: -r[3])[:5]
    print("slowest (wall):      " + ", ".join(f"#{r[0]} {r[3]:.2f} s ({r[1]})" for r in slowest))
    slowest = sorted(results, key=lambda r: -r[4])[:5]
    print("slowest (CPU):       " + ", ".join(f"#{r[0]} {r[4]:.2f} s ({r[1]})" for r in slowest))
    kinds = Counter(r[2].split(": ")[0] + ": " + r[2].split(": ")[1][:60] for r in results if r[1] == "untyped")
    for kind, n in kinds.most_common():
        print(f"  untyped {n:6d}  {kind}")
    shown = [r for r in results if r[1] in ("untyped", "disagree")][:show] + late_cpu[:show] + \
        [r for r in late if r not in late_cpu][:show]
    for r in shown:
        print(f"  #{r[0]} {r[1]} {r[3]:.2f} s wall, {r[4]:.2f} s CPU: {r[2]}")
    for c in summary["crashes"][:show]:
        print(f"  #{c[0]} {c[1]}")
    bad = outcomes["untyped"] + outcomes["disagree"] + len(hangs) + len(dead) + len(late)
    return 1 if bad or summary.get("interrupted") else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--timeout-ms", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang-s", type=float, default=60.0, help="kill a worker stuck this long in one call")
    parser.add_argument("--replay", type=Path, default=DEFAULT_REPLAY)
    parser.add_argument("--show", type=int, default=20, help="examples of each problem to print")
    parser.add_argument("--one", type=int, help="print mutant number N (with --seed) and run it here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    corpus = load_corpus(args.replay)
    if not corpus:
        print(f"no JSON programs under {args.replay}", file=sys.stderr)
        return 2
    if args.one is not None:
        source = mutate(random.Random(args.seed * 1_000_003 + args.one), corpus)
        print(source if isinstance(source, str) else json.dumps(source, ensure_ascii=False)[:3000])
        print(run_one(source, args.timeout_ms))
        return 0
    # a run started in the background inherits SIGINT ignored; `kill -INT` should still end it with figures
    signal.signal(signal.SIGINT, signal.default_int_handler)
    summary = campaign(corpus, args.programs, args.seed, args.timeout_ms, args.workers, args.hang_s)
    return report(summary, args.timeout_ms, args.show, args.seed)


if __name__ == "__main__":
    sys.exit(main())
