"""The transport: retries are ours, bounded, and honour Retry-After."""

import asyncio
import time

import pytest
from fakes.openai_server import FakeOpenAI, Reply
from fakes.retry import FAST_RETRY

from pot.errors import ProviderError, UsageError
from pot.llm.client import DEFAULT_MAX_TOKENS, FinishReason, LLMClient, RequestFailed, RetryPolicy, retry_after_s

MESSAGES = [{"role": "user", "content": "hello"}]


def complete(server: FakeOpenAI, **kwargs):
    kwargs.setdefault("retry", FAST_RETRY)
    client = LLMClient("openai/fake", api_base=server.api_base, **kwargs)
    return asyncio.run(client.complete(MESSAGES))


@pytest.mark.litellm
def test_a_completion_with_usage_and_no_price():
    with FakeOpenAI([Reply(content="hi")]) as server:
        got = complete(server)
    assert (got.text, got.usage.prompt_tokens, got.usage.completion_tokens, got.usage.tokens) == ("hi", 100, 50, 150)
    assert got.usage.cost_usd is None  # openai/fake has no price
    assert server.requests[0]["messages"] == MESSAGES


@pytest.mark.litellm
def test_a_priced_model_reports_its_cost():
    with FakeOpenAI([Reply(content="hi")]) as server:
        client = LLMClient("openai/gpt-4o-mini", api_base=server.api_base, retry=FAST_RETRY)
        got = asyncio.run(client.complete(MESSAGES))
    assert got.usage.cost_usd is not None and got.usage.cost_usd > 0  # 100 prompt + 50 completion tokens at its price


def test_a_missing_key_is_named_before_any_request(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ProviderError, match="OPENAI_API_KEY"):  # no api_base: it would go to the provider
        LLMClient("openai/gpt-4o-mini", retry=FAST_RETRY)


@pytest.mark.litellm
def test_a_key_litellm_alone_knows_is_checked_at_the_first_call(monkeypatch):
    monkeypatch.delenv("COHERE_API_KEY", raising=False)
    monkeypatch.delenv("CO_API_KEY", raising=False)
    client = LLMClient("cohere/command-r", retry=FAST_RETRY)  # not in pot's table: litellm's check at the call
    with pytest.raises(ProviderError, match="COHERE_API_KEY"):
        asyncio.run(client.complete(MESSAGES))


@pytest.mark.slow  # waits the 1 s Retry-After
def test_429_waits_for_retry_after_then_succeeds():
    with FakeOpenAI([Reply(status=429, headers={"Retry-After": "1"}), Reply(content="ok")]) as server:
        start = time.monotonic()
        got = complete(server)
        waited = time.monotonic() - start
    assert got.text == "ok" and got.retries == 1 and server.calls == 2
    assert waited >= 1.0


@pytest.mark.litellm
def test_retry_after_longer_than_we_wait_fails_at_once():
    with (
        FakeOpenAI([Reply(status=429, headers={"Retry-After": "3600"})]) as server,
        pytest.raises(ProviderError, match="asks to wait 3600s"),
    ):
        complete(server)
    assert server.calls == 1


@pytest.mark.litellm
def test_500_forever_gives_up_after_bounded_retries():
    with FakeOpenAI([Reply(status=500, error="upstream exploded")]) as server, pytest.raises(ProviderError) as caught:
        complete(server)
    assert server.calls == FAST_RETRY.max_retries + 1
    message = str(caught.value)
    assert "upstream exploded" in message and "gave up after 2 retries" in message and "\n" not in message


@pytest.mark.slow  # real time-outs
def test_a_silent_server_times_out_once_and_is_not_asked_again():
    with (
        FakeOpenAI([Reply(content="too late", delay_s=2.0)]) as server,
        pytest.raises(RequestFailed, match=r"timed out.*not resent"),
    ):
        complete(server, timeout_s=0.5, retry=RetryPolicy(max_retries=3, base_delay_s=0.01))
    time.sleep(2.0)  # had the client resent it, the copy would have arrived by now
    assert server.calls == 1


@pytest.mark.slow  # real time-outs
def test_a_stream_that_goes_silent_midway_times_out_and_is_not_resent():
    with (
        FakeOpenAI([Reply(content="abcdef", chunks=3, chunk_delay_s=2.0)]) as server,
        pytest.raises(RequestFailed, match=r"timed out.*not resent"),
    ):
        complete(server, timeout_s=0.5, retry=RetryPolicy(max_retries=3, base_delay_s=0.01))
    time.sleep(2.0)
    assert server.calls == 1


@pytest.mark.slow  # real waits between chunks
def test_a_slow_model_that_keeps_streaming_is_not_cut_off():
    reply = Reply(content="a" * 12, chunks=6, chunk_delay_s=0.3)  # 1.5 s in all, never 0.6 s of silence
    seen: list[int] = []
    with FakeOpenAI([reply]) as server:
        client = LLMClient("openai/fake", api_base=server.api_base, retry=FAST_RETRY, timeout_s=0.6)
        got = asyncio.run(client.complete(MESSAGES, on_tokens=seen.append))
    assert got.text == "a" * 12 and got.finish == FinishReason.STOP and not got.truncated
    assert seen == [1, 2, 3, 4, 5, 6] and server.calls == 1


@pytest.mark.litellm
def test_every_request_streams_with_the_default_output_cap():
    with FakeOpenAI([Reply(content="hi")]) as server:
        complete(server)
    body = server.requests[0]
    assert body["stream"] is True and body["max_tokens"] == DEFAULT_MAX_TOKENS


@pytest.mark.litellm
@pytest.mark.parametrize("finish, expected", [("length", FinishReason.LENGTH), (None, FinishReason.INTERRUPTED)])
def test_a_reply_cut_short_is_a_completion_that_says_so(finish, expected):
    with FakeOpenAI([Reply(content='{"sorts": [', finish_reason=finish)]) as server:
        got = complete(server, max_tokens=5)
    assert got.text == '{"sorts": [' and got.finish == expected and got.truncated
    assert server.requests[0]["max_tokens"] == 5


@pytest.mark.litellm
def test_a_refused_connection_says_the_provider_is_down_and_a_500_only_this_request():
    with FakeOpenAI([Reply(status=500)]) as server:
        with pytest.raises(RequestFailed):
            complete(server)
        base = server.api_base
    with pytest.raises(ProviderError) as caught:
        asyncio.run(LLMClient("openai/fake", api_base=base, retry=FAST_RETRY).complete(MESSAGES))
    assert not isinstance(caught.value, RequestFailed) and "connection refused" in str(caught.value)


@pytest.mark.litellm
def test_auth_error_is_not_retried():
    with (
        FakeOpenAI([Reply(status=401, error="invalid api key")]) as server,
        pytest.raises(ProviderError, match="invalid api key"),
    ):
        complete(server)
    assert server.calls == 1


def test_no_model_is_a_clear_usage_error():
    with pytest.raises(UsageError, match="POT_MODEL"):
        LLMClient(None)


class _Exc(Exception):
    def __init__(self, headers):
        self.litellm_response_headers = headers


@pytest.mark.parametrize("headers, seconds", [
    ({"Retry-After": "2"}, 2.0), ({"retry-after-ms": "1500"}, 1.5), ({"retry-after": "soon"}, None), ({}, None)])
def test_retry_after_header_forms(headers, seconds):
    assert retry_after_s(_Exc(headers)) == seconds


def test_retry_after_http_date():
    assert 0 <= retry_after_s(_Exc({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) <= 0.0 + 1e-9


@pytest.mark.litellm
def test_unknown_provider_fails_at_once():
    client = LLMClient("no-such-provider-model-xyz", retry=FAST_RETRY)
    with pytest.raises(ProviderError, match="no-such-provider-model-xyz"):
        asyncio.run(client.complete(MESSAGES))


@pytest.mark.litellm
def test_unknown_model_404_is_not_retried():
    with (
        FakeOpenAI([Reply(status=404, error="The model `fake` does not exist")]) as server,
        pytest.raises(ProviderError, match="does not exist"),
    ):
        complete(server)
    assert server.calls == 1


@pytest.mark.litellm
def test_a_stream_without_usage_still_reports_tokens():  # litellm counts them (llama-cpp-python sends none)
    with FakeOpenAI([Reply(content="abcdef " * 20, chunks=3, stream_usage=False)]) as server:
        got = complete(server)
    assert got.usage.completion_tokens > 3 and got.usage.prompt_tokens > 0


@pytest.mark.litellm
def test_a_stream_closed_before_any_text_says_so_and_why_a_local_server_does_that():
    # llama-cpp-python answers 200 and closes the stream when the prompt and output cap exceed its context
    empty = Reply(content="", finish_reason=None, stream_usage=False)
    with FakeOpenAI([empty] * (FAST_RETRY.max_retries + 1)) as server, pytest.raises(RequestFailed) as caught:
        complete(server)
    message = str(caught.value)
    assert "reply ended before any text (gave up after 2 retries; " in message
    assert "context window" in message and "HTTP 500" not in message
