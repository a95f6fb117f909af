"""The `ask` tool against a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import sys
from typing import Any

import anyio
import pytest
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from mcp import Client
from mcp_helpers import socrates_text, with_undeclared_function
from runaway import POWER_JSON, blocked_z3

import pot.agent.server as server_module
from pot.agent.server import build_server
from pot.isolated import ChildPool
from pot.logic.hard_limit import OVERRUN

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


def _socrates(claim: str) -> str:
    program = json.loads(socrates_text())
    program["verifications"] = [{"name": "claim", "constraint": claim}]
    return json.dumps(program)


def test_self_consistency_reports_every_sample_and_the_vote():
    replies = [program_reply(_socrates("mortal(socrates)"))] * 2 + [program_reply(_socrates("Not(mortal(socrates))"))]
    with FakeOpenAI(replies) as server:
        result = ask(server, strategy="self-consistency", samples=3)
    assert not result.is_error, result.content[0].text
    answer = result.structured_content
    run = answer["strategy"]
    assert (answer["answer"], run["name"], len(run["steps"])) == (True, "self-consistency", 3)
    assert sorted(v["answer"] for v in run["votes"]) == [False, True]
    assert run["confidence"] == pytest.approx(2 / 3, abs=1e-3)  # rounded to 4 places
    assert server.calls == 3
    assert all("request" not in a for s in run["steps"] for a in s["answer"]["attempts"])


def test_an_abstaining_vote_is_a_result_not_an_error():
    replies = [program_reply(_socrates("mortal(socrates)")), program_reply(_socrates("Not(mortal(socrates))"))]
    with FakeOpenAI(replies) as server:
        result = ask(server, strategy="self-consistency", samples=2)
    assert not result.is_error, result.content[0].text
    answer = result.structured_content
    assert (answer["answer"], answer["kind"], answer["strategy"]["abstained"]) == (None, "no-answer", True)


def test_an_unknown_strategy_is_refused_by_the_tool_schema():
    with FakeOpenAI([program_reply(socrates_text())]) as server:
        result = ask(server, strategy="majority")
    assert result.is_error
    assert server.calls == 0


def test_the_programs_the_model_writes_are_decided_in_child_processes(children):
    with FakeOpenAI([program_reply(with_undeclared_function()), program_reply(socrates_text())]) as server:
        result = ask(server)
    assert not result.is_error, result.content[0].text
    # both attempts went to the one child: the invalid program's diagnostics came back from it too
    assert "undeclared function 'human'" in result.structured_content["attempts"][0]["error"]
    assert result.structured_content["kind"] == "proved"
    assert len(children) == 1 and children[0].poll() is not None  # stopped with the server


@pytest.mark.slow
def test_a_program_z3_cannot_stop_is_undecided_and_its_child_is_stopped(children, monkeypatch):
    blocked = blocked_z3("pot.isolated")  # the overrun made certain (tests/runaway.py)
    monkeypatch.setattr(server_module, "ChildPool", lambda: ChildPool(command=blocked))
    with FakeOpenAI([program_reply(json.dumps(POWER_JSON))]) as server:
        result = ask(server)
    assert not result.is_error, result.content[0].text
    [claim] = result.structured_content["verdict"]["results"]
    assert (claim["kind"], claim["reason"]) == ("undecided", OVERRUN)
    assert children[0].wait(timeout=30) is not None  # killed after it answered, not left computing


def test_a_solver_process_that_dies_ends_the_question_with_an_error_result(monkeypatch):
    crash = [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"]
    monkeypatch.setattr(server_module, "ChildPool", lambda: ChildPool(command=crash))
    with FakeOpenAI([program_reply(socrates_text())]) as server:
        result = ask(server)
    assert result.is_error
    assert result.structured_content == {
        "error": "solver-failed", "message": "the solver process ended without an answer (exit code 3)"}
