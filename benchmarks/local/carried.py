"""Issue 14's table, whole: the figures of the chunks whose run directories were lost, plus the run
directories kept since.

Sessions 4-9 kept their run directories in pot's cache (`~/.cache/pot/local/results/qwen-bench`),
which did not survive the move to a new machine; their figures survive in the table this page
showed at 23:47 UTC on 2026-11-27 (git history of benchmarks/local/README.md), copied below. The
chunks run since are committed under results/qwen-bench/. Counts add up; seconds per question
are weighted by questions, seconds per model attempt by the attempts the model wrote.

    python benchmarks/local/carried.py [benchmarks/local/results/qwen-bench]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# (dataset, variant): questions, valid per attempt, answered, correct, decided correct, decided, replies cut
# off, attempts, prompt tokens, completion tokens, s per question, s per model attempt, cached attempts,
# load (1 min) lowest and highest
CARRIED: dict[tuple[str, str], tuple[Any, ...]] = {
    ("prontoqa", "plain"): (20, ["1/20", "1/20", "2/20"], 0, 0, 0, 0, 3, 60, 210351, 56330, 704.4, 299.7, 13, 0.6, 2.1),
    ("strategyqa", "plain"): (18, ["4/18", "1/14", "1/14"], 3, 1, 1, 3, 4, 46, 131822, 20951, 303.2, 118.6, 0, 0.7,
                              2.0),
    ("prontoqa", "structured"): (5, ["0/5", "0/5", "0/5"], 0, 0, 0, 0, 6, 15, 48521, 13610, 920.0, 353.8, 2, 0.5, 2.7),
    ("strategyqa", "structured"): (5, ["0/5", "0/5", "0/5"], 0, 0, 0, 0, 3, 15, 43080, 8618, 432.2, 166.2, 2, 1.9,
                                   1.9),
    ("prontoqa", "smt2"): (15, ["7/15", "1/8", "0/7"], 1, 1, 1, 1, 6, 30, 74704, 25447, 479.1, 239.5, 0, 0.8, 2.3),
    ("strategyqa", "smt2"): (15, ["5/15", "1/10", "0/9"], 1, 0, 0, 1, 0, 34, 57971, 6330, 98.8, 43.6, 0, 0.8, 2.7),
}


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("local_bench", HERE / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _add(a: str, b: str) -> str:
    (n1, d1), (n2, d2) = (map(int, x.split("/")) for x in (a, b))
    return f"{n1 + n2}/{d1 + d2}"


def rows(out: Path) -> list[str]:
    new = {(r["dataset"], r["variant"]): r for r in _bench().rows_of(out, 3)}
    lines = []
    for (dataset, variant), carried in CARRIED.items():
        q, valid, ans, cor, dcor, dec, cut, att, pt, ct, sq, sa, cached, lo, hi = carried
        r = new.get((dataset, variant))
        if r:
            sent, sent_new = att - cached, r["attempts"] - r["cached_attempts"]
            valid = [_add(a, b) for a, b in zip(valid, r["valid_per_attempt"], strict=True)]
            sq = round((q * sq + r["questions"] * r["wall_per_question_s"]) / (q + r["questions"]), 1)
            sa = round((sent * sa + sent_new * (r["s_per_model_attempt"] or 0)) / (sent + sent_new), 1)
            if r["load"] != "n/a":
                low, high = (float(x) for x in r["load"].split("–"))
                lo, hi = min(lo, low), max(hi, high)
            q, ans, cor = q + r["questions"], ans + r["answered"], cor + r["correct"]
            dcor, dec, cut = dcor + r["decided_correct"], dec + r["decided"], cut + r["cut_off"]
            att, pt, ct = att + r["attempts"], pt + r["prompt_tokens"], ct + r["completion_tokens"]
            cached += r["cached_attempts"]
        lines.append(f"| {dataset} | {variant} | {q} | {' · '.join(valid)} | {ans} | {cor} | {dcor}/{dec} "
                     f"| {cut}/{att} | {pt} / {ct} | {sq} | {sa} ({cached}) | {lo:.1f}–{hi:.1f} |")
    return lines


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results" / "qwen-bench"
    print("\n".join(rows(out)))
