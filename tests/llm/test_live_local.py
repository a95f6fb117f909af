"""A real model in the loop (issue 14): a local OpenAI-compatible server, e.g. llama.cpp's.

Skipped unless POT_LIVE_API_BASE names a server that answers (start one with
`python benchmarks/local/run.py serve`, then
`POT_LIVE_API_BASE=http://127.0.0.1:8765/v1 pytest -m live tests/llm/test_live_local.py`).
POT_LIVE_MODEL is the litellm model string [openai/qwen2.5-coder-1.5b]. On a CPU it takes
minutes. The whole path with real completions: the first attempt is a program with a type
error, so the checker's diagnostics go to the real model in a repair turn; its reply is
extracted, checked and decided.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import urllib.parse
from typing import Any

import pytest
from programs import with_type_error

from pot.llm.client import Completion, LLMClient
from pot.llm.translate import Translator

pytestmark = [pytest.mark.live, pytest.mark.litellm]

API_BASE = os.environ.get("POT_LIVE_API_BASE")
MODEL = os.environ.get("POT_LIVE_MODEL", "openai/qwen2.5-coder-1.5b")
QUESTION = "Socrates is a human. All humans are mortal. Is Socrates mortal?"


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _reachable(api_base: str) -> bool:
    """Something listens there: a llama.cpp server busy with another request answers no `/models`
    until it is done, but accepts the connection (the test's requests then wait their turn)."""
    url = urllib.parse.urlsplit(api_base)
    try:
        with socket.create_connection((url.hostname or "", url.port or 80), timeout=5):
            return True
    except OSError:
        return False


if not API_BASE:
    pytest.skip("no local model server: set POT_LIVE_API_BASE (see benchmarks/local/README.md)",
                allow_module_level=True)
if urllib.parse.urlsplit(API_BASE).hostname not in LOOPBACK:
    pytest.skip(f"POT_LIVE_API_BASE={API_BASE} is not on this machine: tests talk to loopback only",
                allow_module_level=True)
if not _reachable(API_BASE):
    pytest.skip(f"nothing listens at {API_BASE}", allow_module_level=True)


class FirstReplyBroken(LLMClient):
    """The real client, except that the first request is answered with a program holding a type error
    (so a repair turn always happens); every later request goes to the server."""

    sent: list[list[dict[str, Any]]]

    async def complete(self, messages: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Completion:
        self.sent = [*getattr(self, "sent", []), messages]
        if len(self.sent) == 1:
            return Completion(text=json.dumps(with_type_error()))
        return await super().complete(messages, *args, **kwargs)


def test_a_real_model_repairs_from_the_checker_diagnostics_to_a_verdict():
    client = FirstReplyBroken(MODEL, api_base=API_BASE, timeout_s=1800, cache=None)
    translator = Translator(client, max_attempts=3, structured=os.environ.get("POT_LIVE_STRUCTURED") == "1")
    answer = asyncio.run(translator.answer(QUESTION))
    first, second = answer.attempts[:2]
    assert any(d.code == "arity" for d in first.diagnostics)
    repair = client.sent[1][-1]["content"]
    assert "pot could not use this program" in repair and "mortal" in repair  # the diagnostics went back
    assert second.usage.completion_tokens > 0 and not second.cached  # a real completion
    assert second.program_text is not None or second.diagnostics  # extracted, or told why not
    assert answer.verdict is not None, [a.error for a in answer.attempts]
    assert answer.kind in ("proved", "refuted", "unknown")
