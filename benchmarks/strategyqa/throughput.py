"""Throughput of `pot eval`: 100 questions, a provider that takes 0.5 s per answer, concurrency 1 vs 16.

The fake provider (tests/fakes/openai_server.py) runs in its own process, so it shares no GIL
with the client. The run goes through `pot eval`'s own function (`evaluate`); each wall time is the
run's (`wall_s` of its summary), after a two-question warm-up that pays the imports and
first calls. Ideal ratio 100/⌈100/16⌉ ≈ 14.3.

    python benchmarks/strategyqa/throughput.py [--questions 100] [--delay 0.5] [--model openai/fake-model]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pot.eval.evaluate import evaluate  # noqa: E402
from pot.eval.spec import EvalSpec  # noqa: E402

TARGET = 12.0


def timed_run(data: Path, api_base: str, model: str, concurrency: int, out: Path, limit: int | None = None) -> dict:
    """The run's summary, plus the CPU seconds this process spent on it (every thread)."""
    cpu = time.process_time()
    spec = EvalSpec.create(dataset="strategyqa", data=data, model=model, api_base=api_base, limit=limit,
                           concurrency=concurrency, cache=False, out=out)
    summary = evaluate(spec)
    return {**summary, "cpu_s": round(time.process_time() - cpu, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--model", default="openai/fake-model",
                        help="the model name sent (the fake server answers any); litellm's per-call bookkeeping "
                             "is lighter for a model in its price map, e.g. openai/gpt-4o-mini")
    args = parser.parse_args()
    fake = REPO / "tests" / "fakes" / "openai_server.py"
    server = subprocess.Popen([sys.executable, str(fake), "--delay", str(args.delay)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None
        api_base = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            os.environ.update(OPENAI_API_KEY="sk-fake", POT_CACHE_DIR=str(tmp / "cache"))
            data = tmp / "questions.json"
            data.write_text(json.dumps([{"qid": f"q{i}", "question": f"Question {i} [true]?", "answer": True}
                                        for i in range(args.questions)]))
            timed_run(data, api_base, args.model, 1, tmp / "warm-up", limit=2)  # imports, first calls: in neither
            runs = {c: timed_run(data, api_base, args.model, c, tmp / f"run-{c}") for c in (1, 16)}
    finally:
        server.terminate()
        server.wait()
    ratio = runs[1]["wall_s"] / runs[16]["wall_s"]
    ideal = args.questions / -(-args.questions // 16)
    for c, s in runs.items():
        print(f"concurrency {c:2d}: {s['wall_s']:7.2f} s   ({s['answered']}/{s['total']} answered, "
              f"{s['errors']} errors, {s['cpu_s']} s CPU)")
    load = os.getloadavg()[0]
    print(f"ratio: {ratio:.1f}x  (ideal {ideal:.1f}x, target >= {TARGET:.0f}x) "
          f"— {args.questions} questions, provider delay {args.delay} s, load average {load:.2f} "
          f"on {os.cpu_count()} CPUs")
    results = REPO / "benchmarks" / "strategyqa" / "results"
    results.mkdir(exist_ok=True)
    (results / "throughput.json").write_text(json.dumps({
        "questions": args.questions, "delay_s": args.delay, "model": args.model,
        "wall_s_concurrency_1": runs[1]["wall_s"], "wall_s_concurrency_16": runs[16]["wall_s"],
        "ratio": round(ratio, 2), "ideal_ratio": round(ideal, 2),
        "cpu_s_concurrency_1": runs[1]["cpu_s"], "cpu_s_concurrency_16": runs[16]["cpu_s"],
        "load_average": round(load, 2), "cpus": os.cpu_count(),
    }, indent=2) + "\n")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
