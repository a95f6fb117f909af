"""`pot mcp --http 0`: streamable HTTP on a free loopback port, driven by the SDK's client."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator

import anyio
import pytest
from mcp import Client
from mcp_helpers import EXAMPLES, ROOT, subprocess_pythonpath

pytestmark = pytest.mark.slow  # a `pot mcp --http` server process


def first_stderr_line(proc: subprocess.Popen, wait_s: float) -> str:
    """The server's first line on stderr (its URL), or '' if it exits or stays silent."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stderr.readline()), daemon=True)
    reader.start()
    reader.join(wait_s)
    return lines[0] if lines else ""


@pytest.fixture
def http_url(tmp_path) -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": subprocess_pythonpath()}
    proc = subprocess.Popen([sys.executable, "-m", "pot", "mcp", "--http", "0"], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = first_stderr_line(proc, wait_s=120)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/mcp", line)
        assert found and found.group(1) != "0", f"pot mcp --http 0 did not say where it listens: {line!r}"
        yield found.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()


def test_verify_and_read_an_example_over_streamable_http(http_url):
    async def script():
        async with Client(http_url, read_timeout_seconds=120) as client:
            tools = await client.list_tools()
            example = await client.read_resource("pot://dsl/examples/pear_sinks")
            verdict = await client.call_tool("verify", {"program": example.contents[0].text})
            return tools, example, verdict

    tools, example, verdict = anyio.run(script)
    assert {t.name for t in tools.tools} == {"verify", "check", "schema"}
    assert example.contents[0].text == (EXAMPLES / "pear_sinks.json").read_text(encoding="utf-8")
    assert not verdict.is_error
    assert (verdict.structured_content["kind"], verdict.structured_content["answer"]) == ("refuted", False)
