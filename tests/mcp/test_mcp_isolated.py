"""`verify` in child processes (pot.isolated): a computation Z3 cannot interrupt is stopped
with its process, a child that dies is an error result, and other calls go on meanwhile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_helpers import socrates_text
from runaway import POWER_JSON

import pot
import pot.agent.server as server_module
from pot import isolated
from pot.agent.server import build_server, verify_tool
from pot.isolated import ChildPool, Failed, Invalid
from pot.logic.hard_limit import OVERRUN


def verify(pool: ChildPool, program: Any, timeout_ms: int = 5000) -> Any:
    return anyio.run(lambda: pool.verify(program, semantics="entail", timeout_ms=timeout_ms, evidence=True,
                                         format=None))


def test_a_child_serves_one_program_after_another(children):
    pool = ChildPool(size=1)
    try:
        first, second = verify(pool, socrates_text()), verify(pool, socrates_text())
        invalid = verify(pool, {"knowledge_base": ["human(socrates)"], "verifications": [{"constraint": "True"}]})
    finally:
        pool.close()
    assert first["kind"] == second["kind"] == "proved"
    assert isinstance(invalid, Invalid) and any(d["code"] == "undeclared-name" for d in invalid.diagnostics)
    assert len(children) == 1 and children[0].poll() is not None  # closed with the pool


@pytest.mark.slow
def test_a_child_left_computing_past_its_limit_is_stopped_and_replaced(children):
    pool = ChildPool(size=1)
    try:
        runaway = verify(pool, POWER_JSON, timeout_ms=1000)
        assert children[0].wait(timeout=30) is not None  # stopped right after it answered
        after = verify(pool, socrates_text())
    finally:
        pool.close()
    [claim] = runaway["results"]
    assert claim["kind"] == "undecided" and claim["undecided_reason"] == "timeout" and claim["reason"] == OVERRUN
    assert after["kind"] == "proved" and len(children) == 2


def test_a_child_that_dies_is_a_failure_and_the_next_call_gets_a_new_one(children):
    crash = [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"]
    pool = ChildPool(size=1, command=crash)
    first, second = verify(pool, socrates_text()), verify(pool, socrates_text())
    assert first == second == Failed("the solver process ended without an answer (exit code 3)")
    assert len(children) == 2


def test_a_child_that_does_not_answer_is_stopped(children, monkeypatch):
    monkeypatch.setattr(isolated, "SPARE_S", 0.5)
    silent = [sys.executable, "-c", "import sys, time; sys.stdin.readline(); time.sleep(60)"]
    outcome = verify(ChildPool(size=1, command=silent), socrates_text(), timeout_ms=100)
    assert isinstance(outcome, Failed) and "did not answer" in outcome.message
    assert children[0].poll() is not None


def test_a_bug_in_pot_is_the_childs_error_reply(monkeypatch):
    def broken(*args: Any, **kwargs: Any):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(pot, "verify", broken)
    reply = isolated.answer({"program": socrates_text(), "semantics": "entail", "timeout_ms": 100,
                             "evidence": True, "format": None})
    assert reply == {"error": "RuntimeError: solver exploded", "runaway": False}


def test_a_failure_is_an_error_result_and_the_server_keeps_serving(monkeypatch, tmp_path):
    crash = [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"]
    monkeypatch.setattr(server_module, "ChildPool", lambda: ChildPool(command=crash))

    async def main() -> Any:
        async with Client(build_server(), read_timeout_seconds=120) as client:
            return (await client.call_tool("verify", {"program": socrates_text()}),
                    await client.call_tool("check", {"program": socrates_text()}))

    crashed, still_there = anyio.run(main)
    assert crashed.is_error
    assert crashed.structured_content == {
        "error": "internal-error", "message": "the solver process ended without an answer (exit code 3)"}
    assert not still_there.is_error


def test_other_calls_are_answered_while_a_verify_is_pending(monkeypatch, tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    held = [sys.executable, "-c", "import pathlib, time; from pot.isolated import main; "
            f"pathlib.Path({str(started)!r}).touch()\n"
            f"while not pathlib.Path({str(release)!r}).exists(): time.sleep(0.01)\n"
            "main()"]
    monkeypatch.setattr(server_module, "ChildPool", lambda: ChildPool(command=held))
    order: list[str] = []

    async def script(client: Client) -> None:
        async def slow() -> None:
            result = await client.call_tool("verify", {"program": socrates_text()})
            order.append(f"verify:{result.structured_content['kind']}")

        async with anyio.create_task_group() as tg:
            tg.start_soon(slow)
            with anyio.fail_after(60):
                while not started.exists():
                    await anyio.sleep(0.01)
            schema = await client.call_tool("schema", {})
            order.append("schema" if not schema.is_error else "schema-failed")
            release.touch()

    async def main() -> None:
        async with Client(build_server(), read_timeout_seconds=120) as client:
            await script(client)

    try:
        anyio.run(main)
    finally:
        release.touch()
    assert order == ["schema", "verify:proved"]


def test_a_program_python_cannot_write_as_json_is_verified_in_process(children):
    huge = {"knowledge_base": [10**5000], "verifications": [{"constraint": "True"}]}
    outcome = verify(ChildPool(size=1, command=["false"]), huge)
    assert isinstance(outcome, Invalid) and not children  # refused here: no child was started
    result = anyio.run(lambda: verify_tool(ChildPool(size=1, command=["false"]))(program=huge))
    assert result.is_error and result.structured_content["valid"] is False


def test_the_child_imports_this_checkouts_pot(tmp_path):
    """The child imports this checkout's pot whatever the working directory."""
    done = subprocess.run([sys.executable, "-c", "import pot.isolated as m; print(m.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(isolated.__file__).resolve().parents[1])})
    assert Path(done.stdout.strip()).resolve() == Path(isolated.__file__).resolve()


def test_a_child_that_cannot_start_is_a_failure(tmp_path):
    outcome = verify(ChildPool(size=1, command=[str(tmp_path / "no-such-python")]), socrates_text())
    assert isinstance(outcome, Failed) and outcome.message.startswith("could not start the solver process")
