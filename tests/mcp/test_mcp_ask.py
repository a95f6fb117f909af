"""The `ask` tool against a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from mcp import Client
from mcp_helpers import socrates_text, with_undeclared_function

from pot.agent.server import build_server

pytestmark = pytest.mark.litellm  # every test here goes through litellm (see tests/conftest.py)


def ask(server: FakeOpenAI, **arguments: Any):
    async def main():
        async with Client(build_server(model="openai/fake", api_base=server.api_base),
                          read_timeout_seconds=120) as client:
            return await client.call_tool("ask", {"question": "Is Socrates mortal?", **arguments})

    return anyio.run(main)


def test_ask_answers_with_a_repaired_program():
    with FakeOpenAI([program_reply(with_undeclared_function()), program_reply(socrates_text())]) as server:
        result = ask(server)
    assert not result.is_error, result.content[0].text
    answer = result.structured_content
    assert (answer["answer"], answer["kind"], len(answer["attempts"])) == (True, "proved", 2)
    assert "undeclared function 'human'" in answer["attempts"][0]["error"]
    assert [r["model"] for r in server.requests] == ["fake", "fake"]
    assert "request" not in answer["attempts"][0]  # the prompt stays out of the agent's context


def test_a_question_without_a_valid_program_is_an_error_result_with_the_answer():
    with FakeOpenAI([Reply(content="I cannot write JSON today.")]) as server:
        result = ask(server)
    assert result.is_error
    assert result.structured_content["verdict"] is None
    assert result.structured_content["error"]
    assert len(result.structured_content["attempts"]) == 3


def test_a_provider_failure_is_an_error_result():
    with FakeOpenAI([Reply(status=401, error="invalid api key")]) as server:
        result = ask(server)
    assert result.is_error
    assert result.structured_content["error"] == "provider-error"
    assert server.calls == 1
