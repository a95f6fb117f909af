"""Each test-time strategy against the plain run, on N ProntoQA and N StrategyQA questions.

For every dataset and strategy: answered, accuracy (over all questions), decided accuracy
(over proved/refuted answers), abstentions, LLM requests and tokens per question, wall time.
Prints a markdown table; --out also writes it (with the command line) to a file.

    PYTHONPATH=. python benchmarks/strategies.py --model openai/NAME --api-base http://127.0.0.1:8080/v1 -n 20
        [--strategies plain,self-consistency,...] [--samples 5] [--rounds 2] [--parts 4]
        [--concurrency 2] [--no-cache] [--out benchmarks/strategies.md] [--json]
    PYTHONPATH=. python benchmarks/strategies.py --fake -n 3      # smoke: the fake provider, numbers meaningless

Requests are counted whether or not the cache answered them (at temperature 0 the plain run's
program is the first program of self-refine and counterexample too); pass --no-cache when wall
time should be compared as well.

With --fake, an in-process fake provider answers with small programs chosen at random (proved,
refuted, unknown; plans, reviews and fact checks in the shape each strategy asks for): it shows
the harness works end to end, not how good any strategy is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pot.answer import Answer, Strategy  # noqa: E402
from pot.eval.datasets import DATASETS, load_questions, select  # noqa: E402
from pot.proof_of_thought import ProofOfThought  # noqa: E402

DATA = {"prontoqa": "ProntoQA_dev_processed.json", "strategyqa": "strategyqa_train.json"}
DECIDED = ("proved", "refuted")


def questions(shared: Path, name: str, n: int) -> list[dict[str, Any]]:
    return select(load_questions(shared / "data" / DATA[name], DATASETS[name]), limit=n)


def calls(answer: Answer) -> int:
    return answer.strategy.calls if answer.strategy is not None else len(answer.attempts)


def row(dataset: str, strategy: Strategy, items: list[dict[str, Any]], answers: list[Answer], wall_s: float) -> dict:
    n = len(items)
    answered = [(q, a) for q, a in zip(items, answers, strict=True) if a.answer is not None]
    correct = sum(a.answer == q["ground_truth"] for q, a in answered)
    decided = [(q, a) for q, a in answered if str(a.kind) in DECIDED]
    return {"dataset": dataset, "strategy": strategy.value, "n": n, "answered": len(answered),
            "accuracy": round(correct / n, 3) if n else None,
            "decided": len(decided),
            "decided_accuracy": round(sum(a.answer == q["ground_truth"] for q, a in decided) / len(decided), 3)
            if decided else None,
            "abstained": sum(1 for a in answers if a.strategy is not None and a.strategy.abstained),
            "no_program": sum(1 for a in answers if a.verdict is None and not (a.strategy and a.strategy.abstained)),
            "calls_per_q": round(sum(map(calls, answers)) / n, 2) if n else None,
            "tokens_per_q": round(sum(a.usage.tokens for a in answers) / n) if n else None,
            "wall_s": round(wall_s, 1)}


COLUMNS = ("dataset", "strategy", "n", "answered", "accuracy", "decided", "decided_accuracy", "abstained",
           "no_program", "calls_per_q", "tokens_per_q", "wall_s")


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join("—" if r[c] is None else str(r[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


async def measure(args: argparse.Namespace, api_base: str | None) -> list[dict]:
    rows = []
    for dataset in args.datasets.split(","):
        items = questions(args.shared, dataset, args.n)
        for name in args.strategies.split(","):
            strategy = Strategy.parse(name)
            asker = ProofOfThought(args.model, api_base=api_base, strategy=strategy, samples=args.samples,
                                   rounds=args.rounds, parts=args.parts, cache=not args.no_cache,
                                   max_tokens=args.max_tokens, timeout_s=args.timeout)
            start = time.perf_counter()
            answers = await asker.aquery_many([q["question"] for q in items], concurrency=args.concurrency)
            rows.append(row(dataset, strategy, items, answers, time.perf_counter() - start))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="openai/local")
    parser.add_argument("--api-base", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    parser.add_argument("-n", type=int, default=20, help="questions per dataset")
    parser.add_argument("--datasets", default="prontoqa,strategyqa")
    parser.add_argument("--strategies", default=",".join(s.value for s in Strategy))
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=2, help="questions in flight")
    parser.add_argument("--max-tokens", type=int)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per request")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--fake", action="store_true", help="smoke run against an in-process fake provider")
    parser.add_argument("--out", type=Path, help="also write the table here (markdown)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"no datasets: {args.shared / 'data'} is missing (pass --shared)")
    if args.fake:
        rows = fake_run(args)
    else:
        if not args.api_base:
            sys.exit("--api-base is required (a local OpenAI-compatible server), or --fake")
        rows = asyncio.run(measure(args, args.api_base))
    text = table(rows)
    print(json.dumps(rows, indent=2) if args.json else text)
    if args.out:
        command = "PYTHONPATH=. python benchmarks/strategies.py " + shlex.join(sys.argv[1:])
        args.out.write_text(f"# Test-time strategies\n\n`{command}`\n\n{text}\n", encoding="utf-8")


def fake_run(args: argparse.Namespace) -> list[dict]:
    import os
    import tempfile

    sys.path.insert(0, str(REPO / "tests"))
    from fakes.openai_server import FakeOpenAI

    os.environ.setdefault("OPENAI_API_KEY", "sk-fake")
    args.model = "openai/fake"
    with tempfile.TemporaryDirectory() as cache, FakeOpenAI(responder=FakeModel()) as server:
        os.environ["POT_CACHE_DIR"] = cache
        return asyncio.run(measure(args, server.api_base))


class FakeModel:
    """Answers each kind of request a strategy sends, programs at random (seeded): a smoke test."""

    def __init__(self, seed: int = 0):
        import random

        self.random = random.Random(seed)

    def __call__(self, body: dict[str, Any]) -> Any:
        from fakes.openai_server import MARKERS, Reply, marker_program

        from pot.llm.strategies.counterexample import CHECKER
        from pot.llm.strategies.plan import PLANNER
        from pot.llm.strategies.self_refine import NOTHING_TO_CHANGE, REVIEWER

        system = next((m["content"] for m in body["messages"] if m["role"] == "system"), "")
        if system == PLANNER:
            return Reply(content="1. Is it good?\n2. Is it here?")
        if system == REVIEWER:
            return Reply(content=self.random.choice([NOTHING_TO_CHANGE, "1. A fact is missing."]))
        if system == CHECKER:
            return Reply(content="1: true\n2: " + self.random.choice(["true", "false"]))
        marker = self.random.choice([m for m in MARKERS if m != "[invalid]"])
        return Reply(content=json.dumps(marker_program(marker)))


if __name__ == "__main__":
    main()
