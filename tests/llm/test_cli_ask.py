"""`pot ask` against the fake server: through `python -m pot` (a new process pays litellm's
import, seconds), and in-process through the same `main()` for the other cases."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Ran, pot_in_process
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from netguard.sitecustomize import MARKER
from programs import socrates, with_type_error

ROOT = Path(__file__).parents[2]
QUESTION = "Is Socrates mortal?"


def _where(server: FakeOpenAI | None) -> list[str]:
    return ["--model", "openai/fake", "--api-base", server.api_base] if server else []


def pot_ask_process(server: FakeOpenAI, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pot", "ask", QUESTION, *_where(server), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture
def pot_ask():
    def run(server: FakeOpenAI | None, *args: str) -> Ran:
        return pot_in_process("ask", QUESTION, *_where(server), *args)

    return run


@pytest.mark.slow  # a fresh interpreter pays the litellm import
def test_json_answer_and_a_cached_second_run(pot_ask):
    with FakeOpenAI([program_reply(with_type_error()), program_reply(socrates())]) as server:
        first = pot_ask_process(server, "--json")
        second = pot_ask(server, "--json")  # a new run, same disk cache
    assert first.returncode == 0, first.stderr
    assert MARKER not in first.stderr
    answer = json.loads(first.stdout)
    assert (answer["answer"], answer["kind"], len(answer["attempts"])) == (True, "proved", 2)
    assert "'mortal' takes 1 argument(s), got 2" in answer["attempts"][0]["error"]
    assert server.calls == 2  # the second run came from the cache
    assert [a["cached"] for a in json.loads(second.stdout)["attempts"]] == [True, True]


@pytest.mark.litellm
def test_readable_output_with_the_program(pot_ask):
    with FakeOpenAI([program_reply(socrates())]) as server:
        done = pot_ask(server, "--show-program", "--no-cache")
        pot_ask(server, "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "PROVED" in done.stdout and "answer: yes" in done.stdout
    assert "rules[0]" in done.stdout and "humans_die" in done.stdout  # the proof core
    assert '"verifications": [' in done.stdout  # the program
    assert server.calls == 2


@pytest.mark.litellm
def test_invalid_final_program_exits_3(pot_ask):
    with FakeOpenAI([program_reply(with_type_error())]) as server:
        done = pot_ask(server, "--max-attempts", "2")
    assert done.returncode == 3 and server.calls == 2
    assert "no valid program after 2 attempt(s)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.litellm
def test_provider_failure_exits_4_with_one_line(pot_ask):
    with FakeOpenAI([Reply(status=401, error="Incorrect API key provided")]) as server:
        done = pot_ask(server)
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1 and "Incorrect API key provided" in done.stderr


def test_missing_model_or_empty_question_is_a_usage_error(pot_ask):
    done = pot_ask(None)
    assert done.returncode == 2 and "POT_MODEL" in done.stderr and "Traceback" not in done.stderr
    for question in ("", "   "):
        done = pot_in_process("ask", question, "--model", "openai/fake")
        assert done.returncode == 2 and "the question is empty" in done.stderr


PROBE = """
import sys
from pot.cli import main
sys.argv = ["pot", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    print(exc.code, "litellm" in sys.modules)
"""


@pytest.mark.slow  # a fresh interpreter per case
@pytest.mark.parametrize("args, needs, code", [
    (["ask", QUESTION, "--model", "openai/gpt-4o-mini"], "OPENAI_API_KEY", "4"),
    (["ask", QUESTION, "--model", "anthropic/claude-3-5-haiku-latest"], "ANTHROPIC_API_KEY", "4"),
    (["ask", QUESTION], "POT_MODEL", "2"),  # no model is a usage error
    (["eval", "strategyqa", "--data", "DATA", "--model", "openai/gpt-4o-mini", "--out", "RUN"], "OPENAI_API_KEY",
     "4"),
])
def test_no_key_or_no_model_is_reported_before_litellm_is_imported(tmp_path, args, needs, code):
    data = tmp_path / "d.json"
    data.write_text(json.dumps([{"qid": "a", "question": "q?", "answer": True}]))
    args = [str(data) if a == "DATA" else str(tmp_path / "run") if a == "RUN" else a for a in args]
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "POT_MODEL")}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=60)
    assert done.stdout.split() == [code, "False"], done.stderr  # reported, litellm never loaded
    assert needs in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "run").exists()  # no run directory for a run that cannot start


@pytest.mark.litellm
def test_structured_and_compact_prompt_switches_reach_the_request(pot_ask):
    from pot.llm.prompt import PromptStyle, system_prompt
    from pot.llm.schema import GENERATION_SCHEMA

    with FakeOpenAI([program_reply(socrates())]) as server:
        done = pot_ask(server, "--structured", "--prompt", "compact", "--max-tokens", "300", "--json")
    assert done.returncode == 0
    sent = server.requests[0]
    assert sent["response_format"] == {"type": "json_object", "schema": GENERATION_SCHEMA}  # openai/ at an api_base
    assert sent["messages"][0]["content"] == system_prompt(style=PromptStyle.COMPACT)
    assert sent["max_tokens"] == 300 and sent["stream"] is True


@pytest.mark.litellm
def test_no_structured_sends_no_schema_and_the_default_cap(pot_ask):
    with FakeOpenAI([program_reply(socrates())]) as server:
        assert pot_ask(server, "--no-structured").returncode == 0
    assert "response_format" not in server.requests[0] and server.requests[0]["max_tokens"] == 2048
