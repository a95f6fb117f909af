"""The tools and resources in detail, through the SDK's client connected in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_helpers import EXAMPLES, ROOT, fermat_cubes, socrates_text, subprocess_pythonpath, with_undeclared_function

import pot
from pot.agent.server import build_server
from pot.dsl.program import json_schema


def exchange(script: Callable[[Client], Awaitable[Any]], **server_args: Any) -> Any:
    """Run `script` against a fresh server, in-process, through the SDK's client."""

    async def main() -> Any:
        async with Client(build_server(**server_args), read_timeout_seconds=120) as client:
            return await script(client)

    return anyio.run(main)


@pytest.fixture(scope="module")
def call() -> Iterator[Callable[..., Any]]:
    """`call(tool, **arguments)` through one server and client session for the whole module: opening
    a session costs more than most calls, and the calls share nothing but the server (which keeps
    no state between them). The tests that need a server of their own use `exchange`."""
    with pytest.MonkeyPatch.context() as env, anyio.from_thread.start_blocking_portal() as portal:
        env.delenv("POT_MODEL", raising=False)  # no `ask`: as for a fresh server in these tests
        client = Client(build_server(), read_timeout_seconds=120)
        with portal.wrap_async_context_manager(client) as session:
            yield lambda tool, **arguments: portal.call(session.call_tool, tool, arguments)


def test_program_as_object_or_as_json_text_gets_the_same_verdict(call):
    as_text = call("verify", program=socrates_text(), evidence=False)
    as_object = call("verify", program=json.loads(socrates_text()), evidence=False)
    for result in (as_text, as_object):
        assert not result.is_error
        del result.structured_content["timings"]
    assert as_text.structured_content == as_object.structured_content
    assert as_text.structured_content["results"][0]["core"] is None  # evidence=False: not computed


def test_semantics_is_passed_on(call):
    result = call("verify", program=fermat_cubes(), semantics="sat", timeout_ms=50)
    assert result.structured_content["semantics"] == "sat"


def test_invalid_program_error_matches_pot_check(call):
    result = call("verify", program=with_undeclared_function())
    assert result.is_error
    expected = [d.to_json() for d in pot.check(with_undeclared_function())]
    assert result.structured_content == {"valid": False, "diagnostics": expected}


@pytest.mark.parametrize(("program", "code"), [
    ("(declare-const x Int)\n(assert (> x 1))", "wrong-format"),
    ("[1, 2]", "not-an-object"),
    ([1, 2], "not-an-object"),
    ("{\"verifications\": [", "invalid-json"),
    ("", "empty-input"),
])
def test_input_that_is_no_program_gets_a_typed_diagnostic(program, code, call):
    for tool in ("verify", "check"):
        result = call(tool, program=program)
        assert result.is_error
        assert [d["code"] for d in result.structured_content["diagnostics"]] == [code]


SMT2_PROVED = "(declare-const x Int)\n(assert (> x 1))\n(assert (! (> x 0) :named claim_positive))\n(check-sat)\n"


def test_smt2_text_is_verified_with_format_smt2(call):
    result = call("verify", program=SMT2_PROVED, format="smt2")
    assert not result.is_error, result.content[0].text
    assert (result.structured_content["kind"], result.structured_content["answer"]) == ("proved", True)
    assert call("check", program=SMT2_PROVED, format="smt2").structured_content["valid"] is True


def test_invalid_smt2_gets_located_diagnostics(call):
    result = call("verify", program="(declare-const x Int)\n(assert (> y 1))\n(check-sat)\n", format="smt2")
    assert result.is_error
    diagnostics = result.structured_content["diagnostics"]
    assert diagnostics and all(d["severity"] in ("error", "warning") for d in diagnostics)
    assert any("y" in d["message"] for d in diagnostics)


def test_a_json_object_with_format_smt2_is_refused(call):
    result = call("verify", program={"verifications": []}, format="smt2")
    assert result.is_error and result.structured_content["diagnostics"][0]["code"] == "wrong-format"


def test_an_argument_outside_the_schema_is_an_error_result(call):
    for arguments in ({"semantics": "maybe"}, {"timeout_ms": 0}):
        result = call("verify", program=socrates_text(), **arguments)
        assert result.is_error
        assert next(iter(arguments)) in result.content[0].text


def test_check_reports_a_valid_program(call):
    result = call("check", program=socrates_text())
    assert not result.is_error
    assert result.structured_content == {"valid": True, "diagnostics": []}


def test_schema_is_the_program_json_schema(call):
    result = call("schema")
    assert not result.is_error
    assert result.structured_content == json_schema()


def test_every_example_is_a_resource_and_a_valid_program():
    async def script(client: Client):
        listed = (await client.list_resources()).resources
        examples = {str(r.uri): await client.read_resource(str(r.uri)) for r in listed
                    if str(r.uri).startswith("pot://dsl/examples/")}
        checks = {uri: await client.call_tool("check", {"program": r.contents[0].text}) for uri, r in examples.items()}
        return examples, checks

    examples, checks = exchange(script)
    files = sorted(EXAMPLES.glob("*.json"))
    assert sorted(examples) == [f"pot://dsl/examples/{f.stem}" for f in files]
    for f in files:
        uri = f"pot://dsl/examples/{f.stem}"
        assert examples[uri].contents[0].text == f.read_text(encoding="utf-8")
        assert not checks[uri].is_error, checks[uri].content[0].text


def test_the_grammar_is_a_resource():
    result = exchange(lambda client: client.read_resource("pot://dsl/grammar"))
    assert result.contents[0].text == (ROOT / "dsl_spec" / "expressions.lark").read_text(encoding="utf-8")


def test_ask_is_offered_only_with_a_model(monkeypatch):
    def names(**server_args: Any) -> set[str]:
        tools = exchange(lambda client: client.list_tools(), **server_args)
        return {t.name for t in tools.tools}

    assert "ask" not in names()
    assert "ask" in names(model="openai/fake")
    monkeypatch.setenv("POT_MODEL", "openai/fake")
    assert "ask" in names()


@pytest.mark.slow  # a fresh interpreter
def test_verify_never_imports_the_llm_layer_even_with_ask_enabled():
    script = (
        "import sys, anyio\n"
        "from mcp import Client\n"
        "from pot.agent.server import build_server\n"
        "async def main():\n"
        "    async with Client(build_server(model='openai/fake')) as client:\n"
        "        result = await client.call_tool('verify', {'program': sys.argv[1]})\n"
        "        assert result.structured_content['kind'] == 'proved', result\n"
        "anyio.run(main)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('litellm', 'openai')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, socrates_text()], capture_output=True, text=True,
                          cwd=ROOT, env={"PATH": "", "PYTHONPATH": subprocess_pythonpath()}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_verify_cross_checks_with_cvc5_on_request(call):
    pytest.importorskip("cvc5", reason="cvc5 is an extra: pip install '.[cvc5]' (the test extra includes it)")
    plain = call("verify", program=socrates_text()).structured_content
    assert plain.get("cross_check") is None  # not asked: not made
    for program, fmt in ((json.loads(socrates_text()), None),
                         ("(declare-const a Bool)\n(assert a)\n(assert a)\n(check-sat)\n", "smt2")):
        result = call("verify", program=program, format=fmt, cross_check=True)
        assert not result.is_error
        verdict = result.structured_content
        assert verdict["kind"] == "proved" and verdict["cross_check"]["solver"].startswith("cvc5")
        assert (verdict["cross_check"]["agreed"], verdict["cross_check"]["disagreed"]) == (1, 0)
        assert verdict["results"][0]["cross_check"]["agreement"] == "agree"


def test_verify_says_when_the_cross_check_is_unavailable(call, monkeypatch):
    monkeypatch.setitem(sys.modules, "cvc5", None)  # as if not installed on the server
    result = call("verify", program=socrates_text(), cross_check=True)
    assert result.is_error
    assert result.structured_content["error"] == "cross-check-unavailable"
    assert "pip install 'pot-toolkit[cvc5]'" in result.structured_content["message"]
