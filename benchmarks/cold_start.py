"""Cold start: `pot verify PROGRAM` against the original Proof of Thought interpreter's CLI, side by side.

Each round starts both commands as fresh processes on the same program, in alternating
order, so both see the same machine load; the figures are medians over the rounds, of wall
time and of CPU time (user + system of the child: steadier on a shared machine). Then
`python -X importtime` shows where pot's start-up goes, summed by package (self time, ms).

    python benchmarks/cold_start.py [--original PATH] [--rounds 15] [--program dsl_spec/examples/socrates.json]

PATH is a checkout of DebarghaG/proofofthought (the directory holding `z3adapter/`); without
it, or when it is absent, only pot is measured. Target (issue 13): pot ≤ 1.6 × the original.
"""

from __future__ import annotations

import argparse
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


def import_profile(cmd: list[str], env: dict[str, str], rounds: int) -> dict[str, float]:
    """Median self time (ms) of the modules each group imports while running `cmd`."""
    totals: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        err = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=env, cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        sums: dict[str, float] = defaultdict(float)
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, _cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            group = next((g for g in GROUPS if name == g or name.startswith(g + ".")), "other (stdlib, site, …)")
            sums[group] += int(self_us) / 1000
        for group, ms in sums.items():
            totals[group].append(ms)
    return {group: statistics.median(values) for group, values in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--original", type=Path, help="a checkout of DebarghaG/proofofthought")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--program", type=Path, default=REPO / "dsl_spec" / "examples" / "socrates.json")
    args = parser.parse_args()
    program = args.program.resolve()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    commands = {"python -c pass": ([sys.executable, "-c", "pass"], env, REPO),
                "pot verify": ([sys.executable, "-m", "pot", "verify", str(program)], env, REPO)}
    if args.original is None or not (args.original / "z3adapter" / "cli.py").is_file():
        print(f"original interpreter: skipped ({'not given' if args.original is None else 'no z3adapter/cli.py in '}"
              f"{args.original or ''}); pass --original PATH to compare")
    else:
        original_env = {**os.environ, "PYTHONPATH": str(args.original.resolve())}
        commands["original z3adapter.cli"] = ([sys.executable, "-m", "z3adapter.cli", str(program)],
                                              original_env, args.original)
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
    print(f"{'command':<26}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}")
    for name in commands:
        print(f"{name:<26}{statistics.median(wall[name]):12.3f}{min(wall[name]):8.3f}{max(wall[name]):8.3f}"
              f"{statistics.median(cpu[name]):12.3f}")
    if "original z3adapter.cli" in commands:
        pot, original = "pot verify", "original z3adapter.cli"
        ratios = {"wall medians": statistics.median(wall[pot]) / statistics.median(wall[original]),
                  "wall minima": min(wall[pot]) / min(wall[original]),
                  "cpu medians": statistics.median(cpu[pot]) / statistics.median(cpu[original])}
        print("ratio pot / original: " + ", ".join(f"{r:.2f} ({k})" for k, r in ratios.items())
              + f"; target ≤ {TARGET}")
    print("\nwhere pot verify's imports go (median self time, ms, by package):")
    profile = import_profile(commands["pot verify"][0], env, rounds=max(3, args.rounds // 3))
    for group, ms in sorted(profile.items(), key=lambda item: -item[1]):
        print(f"  {group:<28}{ms:8.1f}")
    print(f"  {'total':<28}{sum(profile.values()):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
