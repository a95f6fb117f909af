"""`pot mcp` over stdio, driven by the SDK's client: one server process, one scripted session.

The session runs once (module fixture) and each test checks one part of what came back:
starting the server is the slow part, and the calls share nothing but the process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult, ListToolsResult, ReadResourceResult
from mcp_helpers import fermat_cubes, pot_mcp, socrates_text, with_undeclared_function
from netguard.sitecustomize import MARKER

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.slow  # a `pot mcp` server process


@dataclass
class Session:
    tools: ListToolsResult
    valid: CallToolResult
    invalid: CallToolResult
    timed_out: CallToolResult
    after_failures: CallToolResult
    spec: ReadResourceResult
    stderr: str


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    tmp = tmp_path_factory.mktemp("mcp-stdio")
    params = pot_mcp(cache_dir=tmp / "cache")

    async def script(errlog: TextIO) -> Session:
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=120) as client:
            tools = await client.list_tools()
            valid = await client.call_tool("verify", {"program": socrates_text()})
            invalid = await client.call_tool("verify", {"program": with_undeclared_function()})
            timed_out = await client.call_tool("verify", {"program": fermat_cubes(), "timeout_ms": 50})
            after = await client.call_tool("check", {"program": socrates_text()})
            spec = await client.read_resource("pot://dsl/spec")
        return Session(tools, valid, invalid, timed_out, after, spec, stderr="")

    with open(tmp / "stderr", "w", encoding="utf-8") as errlog:
        session = anyio.run(script, errlog)
    session.stderr = (tmp / "stderr").read_text(encoding="utf-8")
    return session


def test_lists_the_tools_without_ask_when_no_model_is_configured(session):
    assert sorted(t.name for t in session.tools.tools) == ["check", "schema", "verify"]
    verify = next(t for t in session.tools.tools if t.name == "verify")
    assert verify.input_schema["required"] == ["program"]
    assert set(verify.input_schema["properties"]) == {"program", "semantics", "timeout_ms", "evidence", "format",
                                                      "cross_check"}
    assert verify.output_schema is not None and "results" in verify.output_schema["properties"]


def test_a_valid_program_gets_its_verdict(session):
    result = session.valid
    assert not result.is_error
    verdict = result.structured_content
    assert (verdict["kind"], verdict["answer"]) == ("proved", True)
    assert {p["name"] for p in verdict["results"][0]["core"]} == {"socrates_is_human", "humans_are_mortal"}
    assert json.loads(result.content[0].text) == verdict  # the text the model reads says the same


def test_an_invalid_program_gets_the_diagnostics_of_pot_check_json(session):
    result = session.invalid
    assert result.is_error
    report = json.loads(result.content[0].text)
    assert report["valid"] is False
    assert [(d["code"], d["path"]) for d in report["diagnostics"]] == [("undeclared-name", "knowledge_base[0]")]
    assert set(report["diagnostics"][0]) == {"severity", "code", "path", "column", "message", "hint", "excerpt"}
    assert report["diagnostics"][0]["excerpt"] == "human(socrates)"  # quoted in the verifying child process


def test_a_verify_past_its_time_out_is_undecided(session):
    result = session.timed_out
    assert not result.is_error
    claim = result.structured_content["results"][0]
    assert (result.structured_content["kind"], claim["kind"], claim["answer"]) == ("undecided", "undecided", None)
    assert claim["undecided_reason"] == "timeout"


def test_the_server_keeps_serving_after_failures(session):
    assert not session.after_failures.is_error
    assert session.after_failures.structured_content == {"valid": True, "diagnostics": []}
    assert MARKER not in session.stderr


def test_the_specification_is_a_resource(session):
    (content,) = session.spec.contents
    assert content.mime_type == "text/markdown"
    assert content.text == (ROOT / "dsl_spec" / "README.md").read_text(encoding="utf-8")
