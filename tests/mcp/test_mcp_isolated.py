"""The MCP server decides in child processes (pot.isolated; the pool itself: tests/core/test_isolated.py):
a child that dies is an error result, and other calls go on while a verify is pending."""

from __future__ import annotations

import sys
from typing import Any

import anyio
from mcp import Client
from mcp_helpers import socrates_text

import pot.agent.server as server_module
from pot.agent.server import build_server, verify_tool
from pot.isolated import ChildPool


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


def test_a_program_python_cannot_write_as_json_is_an_invalid_program():
    huge = {"knowledge_base": [10**5000], "verifications": [{"constraint": "True"}]}
    result = anyio.run(lambda: verify_tool(ChildPool(size=1, command=["false"]))(program=huge))
    assert result.is_error and result.structured_content["valid"] is False
