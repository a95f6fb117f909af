"""A reply that repeats itself is stopped while it streams (pot.llm.repetition): the stream is
closed, the attempt says why, the repair turn tells the model; real programs never trip it."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from corpus import replay_records
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from fakes.retry import FAST_RETRY
from programs import socrates

from pot.llm.cache import ResponseCache
from pot.llm.client import FinishReason, LLMClient
from pot.llm.repetition import REPEATS, WINDOW, RepetitionWatch
from pot.proof_of_thought import ProofOfThought

EXAMPLES = Path(__file__).parents[2] / "dsl_spec" / "examples"
# the shape of a measured loop (Qwen2.5-Coder 1.5B under a JSON grammar): one verification, again and again
ONE = ('{"name": "wumpus_not_metall", "exists": [{"name": "w", "sort": "Wumpus"}], "forall": [{"name": "m", '
       '"sort": "Metallic"}], "implies": {"antecedent": "Not(m)", "consequent": "w != metallic"},'
       '"constraint": "t == wumpus"}, ')
LOOP = '{"sorts": [], "functions": [], "constants": [], "verifications": [' + ONE * 40


def fed(text: str, piece: int = 7) -> tuple[str | None, int]:
    """What the watch says of `text` streamed in pieces, and how much it had read by then."""
    watch = RepetitionWatch()
    for start in range(0, len(text), piece):
        if (stretch := watch.feed(text[start:start + piece])) is not None:
            return stretch, start + piece
    return None, len(text)


def test_a_loop_is_caught_after_a_few_rounds():
    stretch, read = fed(LOOP)
    assert stretch is not None and len(stretch) == WINDOW and stretch in ONE * 2
    assert read < len(LOOP) // 5
    assert read <= 60 + (REPEATS + 1) * len(ONE) + WINDOW  # a round or so after the REPEATS-th


def test_short_loops_are_caught_too():
    assert fed("Not(Not(" * 400)[0] is not None


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_the_worked_examples_do_not_trip_it(path):
    text = path.read_text(encoding="utf-8")
    assert fed(text) == (None, len(text))
    compact = json.dumps(json.loads(text))
    assert fed(compact)[0] is None


def test_no_program_of_the_replay_corpus_trips_it():
    """1,984 programs real models wrote (JSON pretty and compact, SMT-LIB): none looks like a loop."""
    tripped = []
    for record in replay_records():
        program = record["program"]
        texts = [program] if isinstance(program, str) else [json.dumps(program, indent=2), json.dumps(program)]
        tripped += [record["id"] for text in texts if fed(text)[0] is not None]
    assert tripped == []


@pytest.mark.litellm
def test_a_looping_reply_is_stopped_early_and_cached_with_why(tmp_path):
    looping = Reply(content=LOOP, chunks=len(LOOP) // 10, chunk_delay_s=0.002, stream_usage=False)
    with FakeOpenAI([looping]) as server:
        llm = LLMClient("openai/fake", api_base=server.api_base, retry=FAST_RETRY,
                        cache=ResponseCache(tmp_path / "cache"))
        messages = [{"role": "user", "content": "hello"}]
        first = asyncio.run(llm.complete(messages))
        again = asyncio.run(llm.complete(messages))
    assert first.finish == FinishReason.REPETITION and first.truncated
    assert LOOP.startswith(first.text) and len(first.text) < len(LOOP) // 4
    assert first.repeated is not None and first.repeated in ONE * 2
    per_chunk = -(-len(LOOP) // looping.chunks)  # the fake server's piece size
    assert first.usage.completion_tokens == -(-len(first.text) // per_chunk)  # chunks read (about a token each)
    assert first.usage.prompt_tokens > 0  # counted, as litellm does for a server that sends no usage
    assert (again.cached, again.finish, again.repeated, again.text) == (True, first.finish, first.repeated,
                                                                         first.text)
    assert server.calls == 1
    for _ in range(1000):  # the server's thread notices at its next write
        if server.streams_dropped:
            break
        time.sleep(0.01)
    assert server.streams_dropped == 1  # the client closed the stream: a real server stops generating


@pytest.mark.litellm
def test_the_looping_attempt_says_why_and_the_repair_turn_asks_for_each_thing_once():
    looping = Reply(content=LOOP, chunks=len(LOOP) // 10)
    with FakeOpenAI([looping, program_reply(socrates())]) as server:
        answer = ProofOfThought("openai/fake", api_base=server.api_base, retry=FAST_RETRY).query(
            "Is Socrates mortal?")
    first, second = answer.attempts
    assert first.diagnostics[0].code == "reply-repeats"
    assert "kept repeating the same text ('" in first.error and "and was stopped after" in first.error
    assert "write each sort, fact, rule and verification once" in server.questions[1]
    assert second.error is None and answer.answer is True
