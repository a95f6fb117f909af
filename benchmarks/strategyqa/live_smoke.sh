#!/usr/bin/env bash
# Live smoke test: 20 real StrategyQA questions through a real model.
#
# For a user with an API key; CI never runs it (it costs money and needs the network).
#
#   export OPENAI_API_KEY=...            # or ANTHROPIC_API_KEY, ... as litellm expects
#   POT_MODEL=openai/gpt-4o-mini benchmarks/strategyqa/live_smoke.sh
#   POT_MODEL=ollama/qwen3 POT_API_BASE=http://localhost:11434 benchmarks/strategyqa/live_smoke.sh
#
# Environment: POT_MODEL (required), POT_API_BASE (optional), LIMIT (default 20),
# DATA (default ../shared/data/strategyqa_train.json, the first LIMIT questions are used).
# Prints one line per question (expected, answer, verdict kind, attempts, tokens), then
# the accuracy over all questions, the number answered, tokens and cost. Answers are
# cached (POT_CACHE_DIR or the user cache dir): a second run makes no provider call.
# Exit status: 0 when the run completed (whatever the accuracy), 4 on a provider failure.
set -euo pipefail

cd "$(dirname "$0")/../.."
: "${POT_MODEL:?set POT_MODEL to a litellm model string, e.g. openai/gpt-4o-mini}"
export LIMIT="${LIMIT:-20}"
export DATA="${DATA:-../shared/data/strategyqa_train.json}"

python - <<'PY'
import json
import os
import sys

from pot.errors import ProviderError
from pot.proof_of_thought import ProofOfThought

items = json.load(open(os.environ["DATA"], encoding="utf-8"))[: int(os.environ["LIMIT"])]
pot = ProofOfThought(os.environ["POT_MODEL"], api_base=os.environ.get("POT_API_BASE") or None)
try:
    answers = pot.query_many([item["question"] for item in items], concurrency=4)
except ProviderError as exc:
    print(f"provider error: {exc}", file=sys.stderr)
    sys.exit(4)

correct = answered = tokens = 0
cost = 0.0
for item, answer in zip(items, answers):
    answered += answer.answer is not None
    correct += answer.answer is item["answer"]
    tokens += answer.tokens
    cost += answer.cost_usd or 0.0
    print(f"{item['qid']}  expected={str(item['answer']):5}  got={str(answer.answer):5}  "
          f"{answer.kind or 'error':12}  attempts={len(answer.attempts)}  tokens={answer.tokens}  "
          f"{item['question']}" + (f"\n    error: {answer.error}" if answer.error else ""))
n = len(items)
print(f"\naccuracy {correct}/{n} = {correct / n:.0%}; answered {answered}/{n}; tokens {tokens}; cost ${cost:.4f}")
PY
