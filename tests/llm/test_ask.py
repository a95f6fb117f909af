"""Question to verified answer, through the real litellm client and a fake server."""

import asyncio
import json

import pytest
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from fakes.retry import FAST_RETRY
from programs import inconsistent, socrates, with_type_error

from pot.errors import ProviderError
from pot.llm.schema import GENERATION_SCHEMA
from pot.proof_of_thought import ProofOfThought

pytestmark = pytest.mark.litellm  # every test here goes through litellm (see tests/conftest.py)

QUESTION = "Is Socrates mortal?"


def asker(server: FakeOpenAI, **kwargs) -> ProofOfThought:
    return ProofOfThought("openai/fake", api_base=server.api_base, retry=FAST_RETRY, **kwargs)


def test_good_program_is_proved():
    with FakeOpenAI([program_reply(socrates())]) as server:
        answer = asker(server).query(QUESTION)
    assert (answer.answer, answer.kind, answer.error) == (True, "proved", None)
    assert answer.program == socrates() and len(answer.attempts) == 1
    core = {p.id for p in answer.verdict.results[0].core}
    assert core == {"knowledge_base[0]", "rules[0]"}
    sent = server.requests[0]
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][1]["content"] == f"Question: {QUESTION}"
    assert "response_format" not in sent  # litellm knows no schema support for openai/fake
    assert answer.usage.tokens == 150 and answer.usage.cost_usd is None


def test_type_error_is_repaired_on_attempt_2():
    with FakeOpenAI([program_reply(with_type_error()), program_reply(socrates())]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.answer is True and len(answer.attempts) == 2
    first, second = answer.attempts
    assert first.diagnostics[0].code == "arity" and "takes 1 argument" in first.error
    repair = server.requests[1]["messages"]
    assert repair[:2] == server.requests[0]["messages"]
    assert json.loads(repair[2]["content"]) == with_type_error()
    assert "rules[0].implies.consequent" in repair[3]["content"]
    assert "'mortal' takes 1 argument(s), got 2" in repair[3]["content"]
    assert "\n  > mortal(b, 1)\n" in repair[3]["content"]  # what the path names, quoted from the program
    assert second.request == repair and second.error is None
    assert answer.usage.tokens == 300


def test_json_that_does_not_parse_is_quoted_from_the_reply():
    """The parse error names a line of the reply, and the repair turn quotes it: models do not count lines."""
    broken = 'Here it is:\n{"verifications": [\n  {"name": "q", "constraint": "mortal(socrates)"},,\n]}'
    with FakeOpenAI([Reply(content=broken), program_reply(socrates())]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.answer is True and len(answer.attempts) == 2
    d = answer.attempts[0].diagnostics[0]
    assert (d.code, d.path, d.column) == ("invalid-json", "line 3", 51)
    repair = server.requests[1]["messages"]
    assert repair[2]["content"] == broken
    assert '\n  >   {"name": "q", "constraint": "mortal(socrates)"},,\n' in repair[3]["content"]


def test_prose_wrapped_json_and_hidden_reasoning():
    reply = program_reply(socrates(), prefix="<think>hmm {\"rules\": 1}</think>Sure! Here it is:\n```json\n",
                          suffix="\n```\nThis proves Socrates is mortal.")
    with FakeOpenAI([reply]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.answer is True and len(answer.attempts) == 1
    assert "<think>" not in answer.attempts[0].raw_response


def test_never_valid_gives_an_answer_with_the_error():
    with FakeOpenAI([Reply(content="I am not sure.")]) as server:
        answer = asker(server, max_attempts=2).query(QUESTION)
    assert answer.answer is None and answer.verdict is None and server.calls == 2
    assert "no JSON program" in answer.error and len(answer.attempts) == 2


def test_inconsistent_premises_are_sent_back_for_repair():
    with FakeOpenAI([program_reply(inconsistent()), program_reply(socrates())]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.kind == "proved"
    assert "contradict each other" in server.requests[1]["messages"][3]["content"]
    assert "knowledge_base[1] (immortal)" in server.requests[1]["messages"][3]["content"]


def test_provider_failure_raises():
    with FakeOpenAI([Reply(status=500)]) as server, pytest.raises(ProviderError):
        asker(server).query(QUESTION)
    assert server.calls == FAST_RETRY.max_retries + 1


@pytest.mark.parametrize("model, style", [("openai/fake", "json_object"), ("hosted_vllm/fake", "json_schema")])
def test_structured_output_sends_the_schema_and_converts_the_reply(model, style):
    reply = {"sorts": [{"name": "Being", "type": "DeclareSort", "values": None}],
             "functions": socrates()["functions"],
             "constants": [{"sort": "Being", "members": ["socrates"]}],
             "variables": [],
             "knowledge_base": [{"name": None, "assertion": "human(socrates)"}],
             "rules": [{"name": None, "forall": [{"name": "b", "sort": "Being"}],
                        "implies": {"antecedent": "human(b)", "consequent": "mortal(b)"}, "constraint": None}],
             "verifications": [{"name": "claim", "exists": [], "forall": [], "implies": None,
                                "constraint": "Not(mortal(socrates))"}]}
    with FakeOpenAI([program_reply(reply)]) as server:
        pot = ProofOfThought(model, api_base=server.api_base, retry=FAST_RETRY, structured_output=True)
        answer = pot.query(QUESTION)
    sent = server.requests[0]["response_format"]
    if style == "json_object":  # the form llama.cpp's servers share (llama-cpp-python's only one)
        assert sent == {"type": "json_object", "schema": GENERATION_SCHEMA}
    else:
        assert sent["type"] == "json_schema" and sent["json_schema"]["schema"] == GENERATION_SCHEMA
    assert answer.kind == "refuted" and answer.answer is False
    assert answer.program["constants"] == {"Being": {"sort": "Being", "members": ["socrates"]}}
    assert answer.program["knowledge_base"] == ["human(socrates)"]


def _by_question(body):
    question = body["messages"][1]["content"]
    return program_reply(socrates("mortal(socrates)" if "yes" in question else "Not(mortal(socrates))"))


def test_query_many_is_ordered():
    questions = [f"q{i} {'yes' if i % 3 else 'no'}" for i in range(10)]
    with FakeOpenAI(responder=_by_question) as server:
        answers = asker(server).query_many(questions, concurrency=4)
    assert [a.question for a in answers] == questions
    assert [a.answer for a in answers] == [bool(i % 3) for i in range(10)]
    assert server.calls == 10


def test_sync_query_twice_and_from_a_running_loop():
    with FakeOpenAI(responder=_by_question) as server:
        pot = asker(server)
        assert pot.query("yes 1").answer is True
        assert pot.query("no 2").answer is False

        async def inside():
            return pot.query("yes 3")  # e.g. a notebook: sync call with a loop running

        assert asyncio.run(inside()).answer is True


def test_second_identical_run_makes_no_call():
    with FakeOpenAI([program_reply(with_type_error()), program_reply(socrates())]) as server:
        first = asker(server).query(QUESTION)
        calls = server.calls
        second = asker(server).query(QUESTION)
    assert calls == 2 and server.calls == 2
    assert second.model_dump(include={"answer", "kind", "program"}) == first.model_dump(
        include={"answer", "kind", "program"})
    assert [a.cached for a in second.attempts] == [True, True]
    assert second.usage.cost_usd is None


def test_no_cache_calls_every_time():
    with FakeOpenAI([program_reply(socrates())]) as server:
        asker(server, cache=False).query(QUESTION)
        asker(server, cache=False).query(QUESTION)
    assert server.calls == 2


def test_corrupt_entry_is_ignored_and_rewritten(provider_env):
    import diskcache

    with FakeOpenAI([program_reply(socrates())]) as server:
        asker(server).query(QUESTION)
        with diskcache.Cache(str(provider_env / "llm")) as store:
            (key,) = list(store)
            store.set(key, "{not json")
        assert asker(server).query(QUESTION).answer is True
        assert server.calls == 2
        with diskcache.Cache(str(provider_env / "llm")) as store:
            assert json.loads(store[key])["text"]
        assert asker(server).query(QUESTION).attempts[0].cached
    assert server.calls == 2


@pytest.mark.slow  # waits out slow replies on purpose
def test_query_many_overlaps_questions():
    slow = lambda body: Reply(content=_by_question(body).content, delay_s=0.5)  # noqa: E731
    with FakeOpenAI(responder=slow) as server:
        pot = asker(server, cache=False)
        answers = pot.query_many([f"yes {i}" for i in range(8)], concurrency=8)
    assert all(a.answer is True for a in answers)
    assert server.most_in_flight > 1  # each reply takes 0.5 s: the questions were asked side by side


def cut_reply(content: str, prompt_tokens: int = 100, completion_tokens: int = 64) -> Reply:
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    return Reply(content=content, finish_reason="length", usage=usage)


def test_a_reply_cut_at_the_output_cap_is_a_failed_attempt_that_is_repaired():
    cut = cut_reply(json.dumps(socrates())[:40])
    with FakeOpenAI([cut, program_reply(socrates())]) as server:
        answer = asker(server, max_tokens=64).query(QUESTION)
    first, second = answer.attempts
    assert first.diagnostics[0].code == "reply-truncated" and "cut off at the output cap (64 tokens)" in first.error
    assert "write a shorter program" in server.questions[1]  # the repair turn says why
    assert second.error is None and answer.answer is True
    assert [r["max_tokens"] for r in server.requests] == [64, 64]


def test_a_reply_cut_at_every_attempt_leaves_no_verdict_and_says_why():
    with FakeOpenAI([cut_reply('{"sorts": [', completion_tokens=2048)]) as server:
        answer = asker(server, max_attempts=2).query(QUESTION)
    assert answer.verdict is None and "cut off at the output cap" in answer.error
    assert len(server.requests) == 2


def test_a_reply_cut_below_the_output_cap_says_the_context_window_was_full():
    """A server stops at its context window too (measured: a 6,854-token repair turn left 1,169 tokens of a
    2,048-token cap); blaming the cap would be wrong."""
    with FakeOpenAI([cut_reply('{"sorts": [', prompt_tokens=6854, completion_tokens=1169),
                     program_reply(socrates())]) as server:
        answer = asker(server, max_tokens=2048).query(QUESTION)
    assert answer.attempts[0].diagnostics[0].code == "reply-truncated"
    assert "cut off after 1169 tokens, below the output cap (2048)" in answer.attempts[0].error
    assert "context window (8023 tokens)" in server.questions[1]
    assert answer.answer is True
