"""One chat completion through litellm, streamed, with our own bounded retries and the disk cache.

Retries live here and only here: litellm's `num_retries` and the OpenAI SDK's
`max_retries` are set to 0, so the number of calls and the waits between them are
ours. A 429's Retry-After is honoured; 5xx and dropped connections back off
exponentially; anything else (bad key, unknown model, bad request) fails at once.

A time-out is never retried. Replies are streamed, and the time-out is an idle time-out:
the longest wait for the next bytes of the reply (before the first token: while the server
reads the prompt; llama.cpp's server sends keep-alive pings meanwhile). A model that is slow
but generating is therefore never cut off (the output cap bounds it), and a server that went
quiet for that long is busy or stuck: sending the same request again would queue a duplicate
behind the first one on a single-slot server (measured: three copies of a 2,400-token prompt,
ten minutes of silence). The question fails instead, as a retryable error.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pot.answer import Answer, Usage
from pot.errors import ProviderError, UsageError
from pot.llm import litellm
from pot.llm.cache import ResponseCache, cache_key
from pot.llm.keys import missing_key
from pot.llm.repetition import RepetitionWatch

DEFAULT_TIMEOUT_S = 300.0  # idle time-out: seconds without any bytes of the reply
# The longest reply accepted. LLM-written programs in the replay corpus are at most ~1,300 tokens
# (p99 ~930); a 1.5B model on CPU once ran on for 5,731 tokens. Reasoning models need more.
DEFAULT_MAX_TOKENS = 2048
# A request identical to one the question already sent gets, at temperature 0, the same reply
# from a deterministic model (measured: a 1.5B model answered a repair turn with its program
# unchanged, and the identical next turn alike). Such a repeat is sampled at this temperature
# instead: a new sample, so never answered from the cache.
REPEAT_TEMPERATURE = 0.7


class FinishReason(StrEnum):
    """Why the model stopped: its own end, or the output cap. INTERRUPTED: the stream ended with
    no reason (a server that dropped the request); REPETITION: pot stopped reading a reply that
    repeated itself (pot.llm.repetition); UNKNOWN: a reason pot does not know."""

    STOP = "stop"
    LENGTH = "length"
    INTERRUPTED = "interrupted"
    REPETITION = "repetition"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: str | None) -> FinishReason:
        if value is None:
            return cls.INTERRUPTED
        if value in ("stop", "eos", "end_turn", "tool_calls", "function_call"):
            return cls.STOP
        if value in ("length", "max_tokens"):
            return cls.LENGTH
        return cls.UNKNOWN


class RequestFailed(ProviderError):
    """One request failed (timed out, server errors past the retries, a request the provider
    refused) while the provider itself may serve others: a run records the question as
    errored and goes on. Its base, ProviderError, says the provider is down (refused
    connections, bad credentials, unknown host).

    `partial`: the question's answer so far (its earlier attempts, and the failed one), set by
    the attempt loop so that a run keeps what was asked and answered before the failure."""

    partial: Answer | None = None


@dataclass
class Completion:
    text: str
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    cached: bool = False
    retries: int = 0
    finish: FinishReason = FinishReason.STOP
    temperature: float | None = None  # what the request was sent at (None: the provider's default)
    repeated: str | None = None  # REPETITION: the stretch the reply kept repeating

    @property
    def truncated(self) -> bool:
        """The reply was cut (the output cap, a loop) or dropped before the model finished it."""
        return self.finish in (FinishReason.LENGTH, FinishReason.INTERRUPTED, FinishReason.REPETITION)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4  # transport retries per call, on top of the first try
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0  # a longer Retry-After is not waited for: the call fails


def resolve_model(model: str | None) -> str:
    """The model, or $POT_MODEL; no model at all is the caller's mistake (UsageError, exit 2)."""
    model = model or os.environ.get("POT_MODEL")
    if not model:
        raise UsageError("no model given: pass --model (or model=...) or set POT_MODEL, e.g. openai/gpt-4o-mini")
    return model


def check_key(model: str, api_base: str | None) -> None:
    """Raise ProviderError naming the key variable when a known provider's key is not set."""
    names = missing_key(model, api_base)
    if names:
        raise ProviderError(f"{model}: missing credentials: set {' or '.join(names)} in the environment "
                            "(a local server: pass --api-base, no key needed)")


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500] or type(exc).__name__


class LLMClient:
    def __init__(self, model: str | None = None, *, api_base: str | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S,
                 temperature: float | None = 0.0, cache: ResponseCache | None = None,
                 retry: RetryPolicy | None = None, max_tokens: int | None = DEFAULT_MAX_TOKENS):
        self.model = resolve_model(model)
        check_key(self.model, api_base)  # before anything imports litellm: "no key" should come at once
        self.api_base = api_base
        self.timeout_s = timeout_s
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.cache = cache
        self.retry = retry or RetryPolicy()

    @property
    def where(self) -> str:
        """The endpoint, for error messages."""
        from pot.llm.keys import provider_of

        return self.api_base or f"the {provider_of(self.model) or 'provider'}'s default endpoint"

    def temperature_for(self, repeat: int) -> float | None:
        """The temperature of a request that `repeat` identical ones of the same question came before:
        the client's, except that a repeat at temperature 0 is sampled (REPEAT_TEMPERATURE)."""
        return REPEAT_TEMPERATURE if repeat and self.temperature == 0 else self.temperature

    async def complete(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None, *,
                       repeat: int = 0, fresh: bool = False,
                       on_tokens: Callable[[int], None] | None = None) -> Completion:
        """One completion. `repeat`: how many identical requests this question sent before (a
        repeat is a new sample, see `temperature_for`); `fresh`: do not read the cache (a retried
        question), but store the new answer; `on_tokens(n)`: called as the reply streams in, with
        the number of chunks (about tokens) received so far.

        The cache answers only when the answer is a function of the request: at temperature 0.
        Above it (or at the provider's default, None) each request is a new sample."""
        temperature = self.temperature_for(repeat)
        params: dict[str, Any] = {"temperature": temperature, "response_format": response_format,
                                  "api_base": self.api_base}
        if self.max_tokens is not None:
            params["max_tokens"] = self.max_tokens
        key = cache_key(self.model, messages, params, repeat)
        start = time.monotonic()
        cache = self.cache if temperature == 0 else None
        if cache is not None and not fresh and (hit := cache.get(key)) is not None:
            usage = Usage(prompt_tokens=hit.get("prompt_tokens", 0), completion_tokens=hit.get("completion_tokens", 0),
                          cost_usd=None if hit.get("cost_usd") is None else 0.0)  # nothing spent this time
            return Completion(text=hit["text"], usage=usage, latency_s=time.monotonic() - start, cached=True,
                              finish=_cached_finish(hit.get("finish")), temperature=temperature,
                              repeated=hit["repeated"] if isinstance(hit.get("repeated"), str) else None)
        completion = await self._call_with_retries(messages, response_format, on_tokens, temperature)
        completion.temperature = temperature
        completion.latency_s = time.monotonic() - start
        if cache is not None and completion.finish != FinishReason.INTERRUPTED:  # a dropped reply is no answer
            cache.set(key, {"text": completion.text, "finish": str(completion.finish),
                            **({"repeated": completion.repeated} if completion.repeated else {}),
                            **completion.usage.model_dump(exclude={"tokens"})})
        return completion

    async def _call_with_retries(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None,
                                 on_tokens: Callable[[int], None] | None, temperature: float | None) -> Completion:
        lib = litellm()
        self._check_keys(lib)
        # `timeout` goes to the HTTP client as its read time-out: with a stream, the longest silence
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "timeout": self.timeout_s,
                                  "num_retries": 0, "max_retries": 0, "drop_params": True, "stream": True,
                                  "stream_options": {"include_usage": True}}
        if self.api_base:
            kwargs["api_base"] = self.api_base
            if not self._has_key():  # a local server needs no key, but the OpenAI client insists on one
                kwargs["api_key"] = "unused"
        if self.max_tokens is not None:
            kwargs["max_tokens"] = self.max_tokens
        if temperature is not None:
            kwargs["temperature"] = temperature
        if response_format is not None:
            kwargs["response_format"] = response_format
        attempt = 0
        while True:
            try:
                return await self._stream(lib, kwargs, attempt, on_tokens)
            except Exception as exc:
                cause = failure_cause(lib, exc)
                error = ProviderError if cause in PROVIDER_DOWN_CAUSES else RequestFailed
                if cause == "timed out":
                    raise error(f"{self.model} at {self.where}: timed out: no reply data for {self.timeout_s:g}s "
                                "(not resent: the server may still be computing it; raise --timeout for a slow "
                                "server): " + one_line(exc)) from exc
                if not _transient(lib, exc) or cause in FINAL_CAUSES:
                    raise error(f"{self.model} at {self.where}: {cause}: {one_line(exc)}") from exc
                if attempt == self.retry.max_retries:
                    raise error(f"{self.model} at {self.where}: {cause} (gave up after {attempt} retries"
                                f"{_EMPTY_STREAM_HINT if cause == EMPTY_STREAM else ''}): "
                                f"{one_line(exc)}") from exc
                await asyncio.sleep(self._delay(exc, attempt))
                attempt += 1

    def _has_key(self) -> bool:
        from pot.llm.keys import PROVIDER_KEYS, provider_of

        names = PROVIDER_KEYS.get(provider_of(self.model) or "", ())
        return not names or any(os.environ.get(name) for name in names)

    def _check_keys(self, lib: Any) -> None:
        """A missing API key is the user's to fix: say which one, before any request.
        With --api-base (a local or proxied server) the server decides what it needs."""
        if self.api_base:
            return
        try:
            missing = lib.validate_environment(model=self.model).get("missing_keys") or []
        except Exception:  # a provider litellm cannot check: let the call itself tell
            return
        keys = [k for k in missing if k.endswith(("_KEY", "_TOKEN"))]
        if keys:
            raise ProviderError(f"{self.model} at {self.where}: missing credentials: set {' and '.join(keys)} "
                                "in the environment")

    def _delay(self, exc: Exception, attempt: int) -> float:
        asked = retry_after_s(exc)
        if asked is not None:
            if asked > self.retry.max_delay_s:
                raise ProviderError(f"{self.model} at {self.where}: rate limited; the provider asks to wait "
                                    f"{asked:.0f}s, more than {self.retry.max_delay_s:.0f}s: {one_line(exc)}") from exc
            return asked
        return min(self.retry.max_delay_s, self.retry.base_delay_s * 2 ** attempt) * random.uniform(0.5, 1.0)

    async def _stream(self, lib: Any, kwargs: dict[str, Any], retries: int,
                      on_tokens: Callable[[int], None] | None) -> Completion:
        """Read one streamed reply: its text, why it ended, and the usage the last chunk reports.
        A reply that loops is not read to its end: the stream is closed, which stops the server
        generating it (llama.cpp's server stops at the next token; a hosted provider bills what it
        sent)."""
        stream = await lib.acompletion(**kwargs)
        parts: list[str] = []
        finish: str | None = None
        usage: Any = None
        chunks = 0
        watch = RepetitionWatch()
        repeated: str | None = None
        try:
            async for chunk in stream:
                usage = getattr(chunk, "usage", None) or usage
                for choice in getattr(chunk, "choices", None) or []:
                    text = getattr(getattr(choice, "delta", None), "content", None)
                    if text:
                        parts.append(text)
                        chunks += 1
                        if on_tokens is not None:
                            on_tokens(chunks)
                        repeated = watch.feed(text)
                    finish = getattr(choice, "finish_reason", None) or finish
                if repeated is not None:
                    break
        except Exception as exc:  # litellm raises when the stream stops with no finish reason
            if not parts or _INTERRUPTED not in _chain_text(exc):
                raise
            finish = None  # what came is kept, marked as cut short: not resent (see the module's docstring)
        if repeated is not None:
            await _close(stream)
            # no usage chunk comes: count as litellm does at a stream's end for a server that sends none
            prompt, completion = _counted(lib, self.model, kwargs["messages"]), chunks
            reason = FinishReason.REPETITION
        else:  # a server that streams no usage (llama-cpp-python 0.3): litellm counts the tokens itself
            prompt = getattr(usage, "prompt_tokens", 0) or 0
            completion = getattr(usage, "completion_tokens", 0) or 0
            reason = FinishReason.parse(finish)
        return Completion(text="".join(parts), retries=retries, finish=reason, repeated=repeated,
                          usage=Usage(prompt_tokens=prompt, completion_tokens=completion,
                                      cost_usd=self._cost(lib, prompt, completion)))

    def _cost(self, lib: Any, prompt_tokens: int, completion_tokens: int) -> float | None:
        """The price of the tokens at litellm's rates; None when the model has no known price
        (local, fine-tuned, proxied)."""
        try:
            prompt_cost, completion_cost = lib.cost_per_token(model=self.model, prompt_tokens=prompt_tokens,
                                                              completion_tokens=completion_tokens)
        except Exception:
            return None
        return float(prompt_cost + completion_cost)


# causes that no retry can fix, and time-outs (a retry would queue behind the request the server may
# still be computing): the call fails at once
FINAL_CAUSES = frozenset({"connection refused", "unknown host", "missing credentials", "credentials refused",
                          "timed out"})
# causes that say the provider itself cannot be used (not this one question): a run stops on them
PROVIDER_DOWN_CAUSES = frozenset({"connection refused", "unknown host", "missing credentials",
                                  "credentials refused", "HTTP 403", "HTTP 404"})


_INTERRUPTED = "Stream ended before a finish_reason"
EMPTY_STREAM = "reply ended before any text"  # the cause of a stream that closed before its first token
# measured: llama-cpp-python 0.3 answers 200, then closes the stream at once, when prompt and output cap
# exceed its context window (a repair turn of 160 diagnostics: 12,351 tokens against 8,192)
_EMPTY_STREAM_HINT = ("; the server accepted the request and sent nothing: a llama.cpp server does this when the "
                      "prompt and the output cap exceed its context window (its log says so): start it with a "
                      "larger context, or lower --max-tokens")


def _cached_finish(value: object) -> FinishReason:
    """A cache entry's finish reason (entries without one are from before it was kept: complete)."""
    if value is None:
        return FinishReason.STOP
    try:
        return FinishReason(str(value))
    except ValueError:
        return FinishReason.UNKNOWN


async def _close(stream: Any) -> None:
    """Close a reply stream pot stops reading, so that the server stops writing it."""
    close = getattr(stream, "aclose", None)
    if close is not None:
        with contextlib.suppress(Exception):  # the connection is dropped either way
            await close()


def _counted(lib: Any, model: str, messages: list[dict[str, Any]]) -> int:
    """The prompt's tokens by litellm's count (an estimate for a model it does not know)."""
    try:
        return int(lib.token_counter(model=model, messages=messages))
    except Exception:
        return 0


def failure_cause(lib: Any, exc: Exception) -> str:
    """A short name for why a call failed, as a user would look for it (litellm wraps the socket's
    error, so the whole chain of causes is read)."""
    text = _chain_text(exc).lower()
    if "connection refused" in text or "connect call failed" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "unknown host"
    if isinstance(exc, lib.AuthenticationError) or getattr(exc, "status_code", None) == 401:
        missing = "api_key" in text or ("api key" in text and "missing" in text)
        return "missing credentials" if missing else "credentials refused"
    if isinstance(exc, lib.RateLimitError):
        return "rate limited"
    if isinstance(exc, lib.Timeout):
        return "timed out"
    if _INTERRUPTED.lower() in text:  # (a stream that ended after some text is kept: see _stream)
        return EMPTY_STREAM
    if isinstance(exc, lib.APIConnectionError):
        return "connection failed"
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if isinstance(status, int) else type(exc).__name__


def _chain_text(exc: BaseException) -> str:
    parts, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(str(current))
        current = current.__cause__ or current.__context__
    return " | ".join(parts)


def _transient(lib: Any, exc: Exception) -> bool:
    if isinstance(exc, (lib.RateLimitError, lib.Timeout, lib.APIConnectionError)):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and status >= 500


def retry_after_s(exc: Exception) -> float | None:
    """Seconds the provider asked us to wait (retry-after-ms / Retry-After), if it did."""
    raw = getattr(exc, "litellm_response_headers", None) or getattr(getattr(exc, "response", None), "headers", None)
    headers = {str(k).lower(): str(v) for k, v in (raw or {}).items()}
    try:
        if "retry-after-ms" in headers:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        if "retry-after" in headers:
            value = headers["retry-after"]
            if value.strip().replace(".", "", 1).isdigit():
                return float(value)
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (ValueError, TypeError, OverflowError):
        pass
    return None
