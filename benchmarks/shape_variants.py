"""Shape variants of the replay corpus: does pot give the same `sat` answer on every shape?

Each JSON program in ../shared/replay is rewritten into each shape of
tests/core/shape_variants.py that applies to it (constants as a list of groups, `{}` or
null for empty sections, unicode names, ...). pot's answer on the variant is compared with
pot's answer on the program as written (no reference answer is used). Prints the figures.

    PYTHONPATH=$PWD python benchmarks/shape_variants.py [--every N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "core"))

from shape_variants import MUTATORS  # noqa: E402

import pot  # noqa: E402
from pot import ProgramError  # noqa: E402

REPLAY = ROOT.parent / "shared" / "replay"


def answer(program: object) -> object:
    try:
        return pot.verify(program, semantics="sat", evidence=False).answer  # type: ignore[arg-type]
    except ProgramError as e:
        return "error: " + ", ".join(sorted({d.code for d in e.errors}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1, help="take every N-th program (default: all)")
    args = parser.parse_args()
    records = [r for path in sorted(REPLAY.glob("*.jsonl")) for r in map(json.loads, path.open(encoding="utf-8"))
               if r["format"] == "json"][::args.every]
    checked = ran = 0
    count: Counter[str] = Counter()
    agree: Counter[str] = Counter()
    differ: list[tuple[str, str, str, object, object]] = []
    for r in records:
        checked += 1
        program = json.loads(r["program"]) if isinstance(r["program"], str) else r["program"]
        base = answer(program)
        if isinstance(base, str):
            continue
        ran += 1
        for name, mutate in MUTATORS.items():
            variant = mutate(program)
            if variant is None:
                continue
            count[name] += 1
            got = answer(variant)
            if got == base:
                agree[name] += 1
            else:
                differ.append((name, r["model"], r["id"], base, got))
    print(f"programs: {checked} checked, {ran} run by pot as written")
    for name in MUTATORS:
        print(f"  {name:32s} {agree[name]:5d}/{count[name]:5d} same answer")
    total, same = sum(count.values()), sum(agree.values())
    print(f"variants: {total}, same answer: {same} ({same / max(total, 1):.2%})")
    for d in differ[:20]:
        print("  differs:", *d)


if __name__ == "__main__":
    main()
