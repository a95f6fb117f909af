"""Live runs through the real LLM layer (litellm → a fake OpenAI-compatible server on 127.0.0.1)."""

import json

import pytest
from eval_helpers import pot_eval, read_results, write_dataset
from fakes.openai_server import marker_server

pytestmark = [pytest.mark.usefixtures("provider_env"),
              pytest.mark.litellm]  # every test here goes through litellm (see tests/conftest.py)

SPECS = [("[true]", True), ("[false]", True), ("[false]", False), ("[unknown]", False), ("[invalid]", False),
         ("[true]", False)]
METRIC_KEYS = {"semantics", "total", "answered", "correct", "accuracy", "precision", "recall", "f1", "errors",
               "abstained",
               "proved", "refuted", "unknown", "inconsistent", "undecided", "decided_correct", "decided_accuracy",
               "mean_attempts", "prompt_tokens", "completion_tokens", "tokens", "cost_usd", "latency_p50_s",
               "latency_p95_s", "reference_agreement"}


def live(llm, data, out, capsys, **kwargs):
    code = pot_eval("strategyqa", data=data, model="openai/fake-model", api_base=llm.api_base, out=out,
                        json_output=True, **kwargs)
    captured = capsys.readouterr()
    if code == 0:
        return code, json.loads(captured.out)
    error = json.loads(captured.out)["error"]  # with --json a failure is JSON on stdout too
    assert error["exit_code"] == code
    return code, captured.err + error["message"]


def test_live_run_records_every_question_and_scores_it(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", SPECS)
    with marker_server(delay_s=0.05) as llm:
        code, s = live(llm, data, tmp_path / "run", capsys, concurrency=4, max_attempts=2, no_cache=True)
        assert code == 0 and len(llm.questions) == 7  # the invalid one was tried twice
    assert set(s) >= METRIC_KEYS and all(not isinstance(v, dict) for v in s.values())
    assert (s["total"], s["answered"], s["correct"], s["errors"], s["pending"]) == (6, 4, 2, 1, 0)
    assert (s["proved"], s["refuted"], s["unknown"]) == (2, 2, 1)
    assert (s["tokens"], s["prompt_tokens"], s["mean_attempts"]) == (1050, 700, round(7 / 6, 3))
    records = {r["id"]: r for r in read_results(tmp_path / "run")}
    assert sorted(records) == [f"q{i:03d}" for i in range(6)]
    bad = records["q004"]
    assert bad["answer"] is None and bad["kind"] is None and bad["error"]
    assert len(bad["attempts"]) == 2 and "undeclared name 'nobody'" in bad["attempts"][0]["diagnostics"][0]
    good = records["q000"]
    assert (good["answer"], good["kind"], good["ground_truth"], good["format"]) == (True, "proved", True, "json")
    assert good["program"]["knowledge_base"][0]["name"] == "the_fact" and good["latency_s"] > 0
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["parameters"]["model"] == "openai/fake-model" and run["parameters"]["max_attempts"] == 2
    assert run["dataset"]["sha256"] and run["versions"]["z3"] and run["started_at"]
    report = (tmp_path / "run" / "report.md").read_text()
    assert "| true | 1 | 1 | 0 |" in report  # gold true: one answered true, one false
    assert "### `q005`" in report and "(the_fact): `good(it)`" in report  # the wrong proof and its premise
    # re-scored offline: the run's own answers are the reference, tokens carried over
    assert pot_eval(replay=tmp_path / "run", json_output=True) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["total"], again["errors"], again["tokens"]) == (6, 1, 1050)
    assert (again["reference_agreement"], again["reference_compared"]) == (1.0, 4)


def test_the_programs_are_decided_in_child_processes_stopped_with_the_run(tmp_path, capsys, children):
    data = write_dataset(tmp_path / "d.json", SPECS[:2])
    with marker_server() as llm:
        code, s = live(llm, data, tmp_path / "run", capsys, concurrency=1, no_cache=True)
    assert code == 0 and (s["proved"], s["refuted"]) == (1, 1)
    assert len(children) == 1 and children[0].poll() is not None  # one child served both; gone with the run


def test_rerun_skips_finished_questions_and_retry_errors_redoes_errored_ones(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", SPECS)
    with marker_server() as llm:
        assert live(llm, data, tmp_path / "run", capsys, max_attempts=2)[0] == 0
        asked = len(llm.questions)
        code, s = live(llm, data, tmp_path / "run", capsys, max_attempts=2, concurrency=1)
        assert code == 0 and len(llm.questions) == asked and s["total"] == 6  # nothing asked again
        code, s = live(llm, data, tmp_path / "run", capsys, max_attempts=2, retry_errors=True, no_cache=True)
        assert code == 0 and len(llm.questions) == asked + 2  # only the errored question, both attempts
        assert all("[invalid]" in q for q in llm.questions[asked:])
    ids = [r["id"] for r in read_results(tmp_path / "run")]
    assert sorted(ids) == [f"q{i:03d}" for i in range(6)]  # still one line per question


def test_other_parameters_on_an_existing_run_dir_exit_2_naming_them(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", SPECS[:2])
    with marker_server() as llm:
        assert live(llm, data, tmp_path / "run", capsys)[0] == 0
        code, err = live(llm, data, tmp_path / "run", capsys, semantics="sat", max_attempts=1)
    assert code == 2
    assert "max_attempts: was 3, now 1" in err and "semantics: was 'entail', now 'sat'" in err
    assert "model" not in err


def test_sat_semantics_run(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[unknown]", True), ("[false]", False)])
    with marker_server() as llm:
        code, s = live(llm, data, tmp_path / "run", capsys, semantics="sat")
    assert code == 0 and (s["sat"], s["unsat"], s["accuracy"], s["proved"]) == (1, 1, 1.0, None)


def test_rate_limits_delay_questions_but_drop_none(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", SPECS[:4])
    with marker_server(rate_limited=3) as llm:
        code, s = live(llm, data, tmp_path / "run", capsys, concurrency=4)
        assert len(llm.questions) == 7  # 3 refused with 429 + Retry-After, then asked again
    assert code == 0 and (s["total"], s["errors"]) == (4, 0)
    retries = [a["transport_retries"] for r in read_results(tmp_path / "run") for a in r["attempts"]]
    assert sum(retries) == 3


def test_unusable_provider_stops_the_run_with_exit_4(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", SPECS)
    with marker_server(status=401) as llm:
        code, err = live(llm, data, tmp_path / "run", capsys, concurrency=2)
        assert len(llm.questions) <= 2  # stopped at once, not once per question
    assert code == 4 and "provider unusable" in err and "Traceback" not in err
    assert (tmp_path / "run" / "results.jsonl").read_text() == ""  # nothing recorded: a resume asks them all
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["pending"] == 6
