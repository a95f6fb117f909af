"""A failing question fails alone; a provider that is down stops the run (issue 14)."""

import json
import socket

import pytest
from eval_helpers import pot_eval, read_results, write_dataset
from fakes.openai_server import FakeOpenAI, MarkerModel, Reply

pytestmark = [pytest.mark.usefixtures("provider_env"),
              pytest.mark.litellm]  # every test here goes through litellm (see tests/conftest.py)


class RunawayOn:
    """MarkerModel, except that a question holding `marker` gets a reply that stays silent for
    `silence_s` (a model lost in a runaway reply) while `silent` is set."""

    def __init__(self, marker: str, silence_s: float = 1.5):
        self.marker, self.silence_s, self.silent = marker, silence_s, True
        self.model = MarkerModel()

    def __call__(self, body: dict) -> Reply:
        reply = self.model(body)
        text = " ".join(str(m.get("content")) for m in body["messages"] if m["role"] == "user")
        if self.silent and self.marker in text:
            reply.delay_s = self.silence_s
        return reply


def run(llm: FakeOpenAI, data, out, capsys, **options):
    code = pot_eval("strategyqa", data=data, model="openai/fake-model", api_base=llm.api_base, out=out,
                    json_output=True, concurrency=1, **options)
    output = json.loads(capsys.readouterr().out)
    return code, output


@pytest.mark.slow  # a real time-out
def test_a_runaway_question_fails_alone_and_is_asked_again_with_retry_errors(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True), ("[false] [runaway]", False), ("[true]", True)])
    responder = RunawayOn("[runaway]")
    with FakeOpenAI(responder=responder) as llm:
        code, summary = run(llm, data, tmp_path / "run", capsys, timeout=0.5)
        assert code == 0 and (summary["total"], summary["answered"], summary["errors"]) == (3, 2, 1)
        assert len(llm.requests) == 3  # the timed-out request was not sent again
        failed = next(r for r in read_results(tmp_path / "run") if r["id"] == "q001")
        assert failed["answer"] is None and "timed out" in failed["error"] and "not resent" in failed["error"]

        responder.silent = False  # the model behaves now
        code, summary = run(llm, data, tmp_path / "run", capsys, timeout=0.5, retry_errors=True)
    assert code == 0 and (summary["answered"], summary["errors"]) == (3, 0)
    assert len(llm.requests) == 4  # only the failed question was asked again
    assert {r["id"]: r["answer"] for r in read_results(tmp_path / "run")} == {"q000": True, "q001": False,
                                                                              "q002": True}


def test_failures_on_several_questions_in_a_row_stop_the_run(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True)] * 6)
    with FakeOpenAI([Reply(status=400, error="context window exceeded", error_type="invalid_request_error")]) as llm:
        code, output = run(llm, data, tmp_path / "run", capsys)
        assert len(llm.requests) == 3  # three questions failed one after the other: the rest is not asked
    assert code == 4 and "3 questions in a row failed" in output["error"]["message"]
    assert "context window exceeded" in output["error"]["message"]
    assert len(read_results(tmp_path / "run")) == 3  # recorded as errors: --retry-errors asks them again
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["pending"] == 3


def test_a_refused_connection_stops_the_run_at_once(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True)] * 4)
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        api_base = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        code = pot_eval("strategyqa", data=data, model="openai/fake-model", api_base=api_base,
                        out=tmp_path / "run", json_output=True, concurrency=1)
    message = json.loads(capsys.readouterr().out)["error"]["message"]
    assert code == 4 and "connection refused" in message and "provider unusable" in message
    assert (tmp_path / "run" / "results.jsonl").read_text() == ""


class SilentOnRepair:
    """MarkerModel for first requests; a repair turn (more than system + question) stays silent."""

    def __init__(self, silence_s: float = 1.5):
        self.silence_s = silence_s
        self.model = MarkerModel()

    def __call__(self, body: dict) -> Reply:
        reply = self.model(body)
        if len(body["messages"]) > 2:
            reply.delay_s = self.silence_s
        return reply


@pytest.mark.slow  # a real time-out
def test_a_request_failing_mid_question_keeps_the_attempts_before_it(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[invalid]", False)])
    with FakeOpenAI(responder=SilentOnRepair()) as llm:
        code, summary = run(llm, data, tmp_path / "run", capsys, timeout=0.5)
        assert len(llm.requests) == 2  # the program, then the repair that timed out (not resent)
    assert code == 0 and (summary["total"], summary["errors"]) == (1, 1)
    (record,) = read_results(tmp_path / "run")
    assert record["error"].startswith("provider request failed: ") and "timed out" in record["error"]
    first, failed = record["attempts"]
    assert record["num_attempts"] == 2 and first["diagnostics"] and first["error"]  # the checker's findings kept
    assert failed["error"].startswith("request failed: ") and not failed["diagnostics"]
    assert record["program"] is not None  # the invalid program the model wrote, for the report
