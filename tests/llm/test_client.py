"""The transport: retries are ours, bounded, and honour Retry-After."""

import asyncio
import time

import pytest
from fakes.openai_server import FakeOpenAI, Reply
from fakes.retry import FAST_RETRY

from pot.errors import ProviderError, UsageError
from pot.llm.client import LLMClient, RetryPolicy, retry_after_s

MESSAGES = [{"role": "user", "content": "hello"}]


def complete(server: FakeOpenAI, **kwargs):
    kwargs.setdefault("retry", FAST_RETRY)
    client = LLMClient("openai/fake", api_base=server.api_base, **kwargs)
    return asyncio.run(client.complete(MESSAGES))


def test_a_completion_with_usage_and_no_price():
    with FakeOpenAI([Reply(content="hi")]) as server:
        got = complete(server)
    assert (got.text, got.usage.prompt_tokens, got.usage.completion_tokens, got.usage.tokens) == ("hi", 100, 50, 150)
    assert got.usage.cost_usd is None  # openai/fake has no price
    assert server.requests[0]["messages"] == MESSAGES


def test_a_priced_model_reports_its_cost():
    with FakeOpenAI([Reply(content="hi")]) as server:
        client = LLMClient("openai/gpt-4o-mini", api_base=server.api_base, retry=FAST_RETRY)
        got = asyncio.run(client.complete(MESSAGES))
    assert got.usage.cost_usd is not None and got.usage.cost_usd > 0  # 100 prompt + 50 completion tokens at its price


def test_a_missing_key_is_named_before_any_request(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ProviderError, match="OPENAI_API_KEY"):  # no api_base: it would go to the provider
        LLMClient("openai/gpt-4o-mini", retry=FAST_RETRY)


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


def test_retry_after_longer_than_we_wait_fails_at_once():
    with (
        FakeOpenAI([Reply(status=429, headers={"Retry-After": "3600"})]) as server,
        pytest.raises(ProviderError, match="asks to wait 3600s"),
    ):
        complete(server)
    assert server.calls == 1


def test_500_forever_gives_up_after_bounded_retries():
    with FakeOpenAI([Reply(status=500, error="upstream exploded")]) as server, pytest.raises(ProviderError) as caught:
        complete(server)
    assert server.calls == FAST_RETRY.max_retries + 1
    message = str(caught.value)
    assert "upstream exploded" in message and "gave up after 2 retries" in message and "\n" not in message


@pytest.mark.slow  # real time-outs
def test_slow_beyond_timeout_is_retried_then_fails():
    with (
        FakeOpenAI([Reply(content="too late", delay_s=2.0)]) as server,
        pytest.raises(ProviderError, match=r"(?i)time"),
    ):
        complete(server, timeout_s=0.3, retry=RetryPolicy(max_retries=1, base_delay_s=0.01))
    assert server.calls == 2


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


def test_unknown_provider_fails_at_once():
    client = LLMClient("no-such-provider-model-xyz", retry=FAST_RETRY)
    with pytest.raises(ProviderError, match="no-such-provider-model-xyz"):
        asyncio.run(client.complete(MESSAGES))


def test_unknown_model_404_is_not_retried():
    with (
        FakeOpenAI([Reply(status=404, error="The model `fake` does not exist")]) as server,
        pytest.raises(ProviderError, match="does not exist"),
    ):
        complete(server)
    assert server.calls == 1
