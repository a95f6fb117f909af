"""Cold start: `pot verify PROGRAM` against the original Proof of Thought interpreter's CLI, side by side.

Each round starts both commands as fresh processes on the same program, in alternating
order, so both see the same machine load; the figures are medians over the rounds, of wall
time and of CPU time (user + system of the child: steadier on a shared machine). Then
`python -X importtime` shows where pot's start-up goes, summed by package (self time, ms).

    python benchmarks/cold_start.py [--original PATH] [--rounds 15] [--ladder] [--program PROGRAM.json]

PATH is a checkout of DebarghaG/proofofthought (the directory holding `z3adapter/`); without
it, or when it is absent, only pot is measured. Target (issue 13): pot ≤ 1.6 × the original.
`--ladder` adds processes that only import what `pot verify` cannot do without (z3, then
click): the floor any pot start-up stands on.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 1.6
LADDER = {
    "import z3": "import z3",
    "import z3, click": "import z3, click",
}
GROUPS = ("pot.dsl", "pot.checker", "pot.logic", "pot.eval", "pot.llm", "pot", "pydantic_core", "pydantic",
          "annotated_types", "typing_extensions", "click", "rich", "lark", "z3", "platformdirs", "litellm")


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _group(name: str) -> str | None:
    return next((g for g in GROUPS if name == g or name.startswith(g + ".")), None)


def import_profile(cmd: list[str], env: dict[str, str], rounds: int) -> dict[str, float]:
    """Median import time (ms) by group: each module's self time goes to the nearest group among it and
    its importers (so the standard-library modules pydantic pulls in count as pydantic's)."""
    totals: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        err = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=env, cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        rows = []
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, _cumulative, name = line[len("import time:"):].split("|")
            rows.append((int(self_us) / 1000, (len(name) - len(name.lstrip()) - 1) // 2, name.strip()))
        sums: dict[str, float] = defaultdict(float)
        # importtime lists a module after everything it imported: walk backwards, keeping the importer chain
        chain: list[tuple[int, str]] = []
        for ms, depth, name in reversed(rows):
            while chain and chain[-1][0] >= depth:
                chain.pop()
            chain.append((depth, name))
            owner = next((g for _, n in reversed(chain) if (g := _group(n))), None)
            sums[owner or "python start-up, site, stdlib"] += ms
        for group, ms in sums.items():
            totals[group].append(ms)
    return {group: statistics.median(values) for group, values in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--original", type=Path, help="a checkout of DebarghaG/proofofthought")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--program", type=Path, default=REPO / "dsl_spec" / "examples" / "socrates.json")
    parser.add_argument("--ladder", action="store_true", help="also time bare imports of pot's dependencies")
    args = parser.parse_args()
    program = args.program.resolve()
    # .pyc files written and used, as in any installed copy (a PYTHONDONTWRITEBYTECODE=1 shell would
    # otherwise make every run compile the sources it changed since the last .pyc)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**base, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    commands = {"python -c pass": ([sys.executable, "-c", "pass"], env, REPO),
                "pot verify": ([sys.executable, "-m", "pot", "verify", str(program)], env, REPO)}
    if args.original is None or not (args.original / "z3adapter" / "cli.py").is_file():
        print(f"original interpreter: skipped ({'not given' if args.original is None else 'no z3adapter/cli.py in '}"
              f"{args.original or ''}); pass --original PATH to compare")
    else:
        original_env = {**base, "PYTHONPATH": str(args.original.resolve())}
        commands["original z3adapter.cli"] = ([sys.executable, "-m", "z3adapter.cli", str(program)],
                                              original_env, args.original)
    if args.ladder:
        commands.update({name: ([sys.executable, "-c", code], env, REPO) for name, code in LADDER.items()})
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for spec in commands.values():
        timed(*spec)  # warm the file cache and the .pyc files
    for round_ in range(args.rounds):
        order = list(commands.items()) if round_ % 2 == 0 else list(reversed(commands.items()))
        for name, spec in order:
            w, c = timed(*spec)
            wall[name].append(w)
            cpu[name].append(c)
    print(f"program: {program.relative_to(REPO) if program.is_relative_to(REPO) else program}; "
          f"{args.rounds} rounds, alternating order; seconds; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    original_cpu = statistics.median(cpu["original z3adapter.cli"]) if "original z3adapter.cli" in cpu else None
    print(f"{'command':<26}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}"
          + ("  cpu / original" if original_cpu else ""))
    for name in commands:
        print(f"{name:<26}{statistics.median(wall[name]):12.3f}{min(wall[name]):8.3f}{max(wall[name]):8.3f}"
              f"{statistics.median(cpu[name]):12.3f}"
              + (f"{statistics.median(cpu[name]) / original_cpu:16.2f}" if original_cpu else ""))
    if "original z3adapter.cli" in commands:
        pot, original = "pot verify", "original z3adapter.cli"
        ratios = {"wall medians": statistics.median(wall[pot]) / statistics.median(wall[original]),
                  "wall minima": min(wall[pot]) / min(wall[original]),
                  "cpu medians": statistics.median(cpu[pot]) / statistics.median(cpu[original])}
        print("ratio pot / original: " + ", ".join(f"{r:.2f} ({k})" for k, r in ratios.items())
              + f"; target ≤ {TARGET}")
    print("\nwhere pot verify's imports go (median ms, by package, with the stdlib modules each pulls in):")
    profile = import_profile(commands["pot verify"][0], env, rounds=max(3, args.rounds // 3))
    for group, ms in sorted(profile.items(), key=lambda item: -item[1]):
        print(f"  {group:<28}{ms:8.1f}")
    print(f"  {'total':<28}{sum(profile.values()):8.1f}")
    stages: dict[str, list[float]] = defaultdict(list)
    for _ in range(max(3, args.rounds // 3)):
        out = subprocess.run([*commands["pot verify"][0], "--json"], env=env, cwd=REPO, capture_output=True,
                             text=True).stdout
        for stage, ms in json.loads(out)["timings"].items():
            stages[stage].append(ms)
    print("after the imports, pot verify's own stages (median ms, from --json timings):")
    print("  " + ", ".join(f"{stage} {statistics.median(values):.1f}" for stage, values in stages.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
