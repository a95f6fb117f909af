"""`pot ask --strategy` and `pot eval --strategy` in this process, against the fake provider."""

from __future__ import annotations

import collections
import json
import threading
from pathlib import Path

import pytest
from cli_runner import pot_in_process
from fakes.openai_server import FakeOpenAI, Reply, asked_question, program_reply
from strategy_programs import derived_no, derived_yes, unknown

from pot.eval.records import ResultRecord

QUESTION = "Is Socrates mortal?"


@pytest.fixture
def pot():
    return pot_in_process  # the CLI entry point in this process (see cli_runner)


def where(server: FakeOpenAI) -> list[str]:
    return ["--model", "openai/fake", "--api-base", server.api_base]


@pytest.mark.litellm
def test_ask_json_carries_every_sample_and_vote(pot):
    with FakeOpenAI([program_reply(derived_yes()), program_reply(derived_yes()), program_reply(unknown())]) as server:
        done = pot("ask", QUESTION, *where(server), "--strategy", "self-consistency", "--samples", "3", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    run = answer["strategy"]
    assert answer["answer"] is True and run["name"] == "self-consistency" and run["options"]["samples"] == 3
    assert len(run["steps"]) == 3 and all(s["role"] == "sample" and s["answer"]["attempts"] for s in run["steps"])
    assert run["votes"] == [{"answer": True, "weight": 2.0, "samples": run["votes"][0]["samples"]}]
    assert len(run["undecided"]) == 1 and run["confidence"] == 1.0 and run["calls"] == 3


@pytest.mark.litellm
def test_ask_text_shows_the_split_and_abstaining_exits_0(pot):
    with FakeOpenAI([program_reply(derived_yes()), program_reply(derived_no())]) as server:
        done = pot("ask", QUESTION, *where(server), "--strategy", "self-consistency", "--samples", "2")
    assert done.returncode == 0, done.stderr
    assert "decided samples conflict with no clear majority" in done.stdout
    assert "no answer (the strategy abstained" in done.stdout
    assert "votes: yes 1, no 1; undecided: 0; agreement 0.50" in done.stdout
    assert "2 request(s) in all" in done.stdout


@pytest.mark.litellm
def test_ask_counterexample_text(pot):
    with FakeOpenAI([program_reply(unknown()), program_reply(derived_yes())]) as server:
        done = pot("ask", QUESTION, *where(server), "--strategy", "counterexample", "--rounds", "1")
    assert done.returncode == 0, done.stderr
    assert "strategy counterexample: round 1 of at most 1: proved" in done.stdout
    assert "1. initial unknown" in done.stdout and "2. round proved, yes" in done.stdout


def test_bad_strategy_is_a_usage_error(pot):
    done = pot("ask", QUESTION, "--model", "openai/fake", "--strategy", "majority")
    assert done.returncode == 2 and "'majority' is not one of" in done.stderr
    done = pot("ask", QUESTION, "--model", "openai/fake", "--samples", "0")
    assert done.returncode == 2 and "--samples" in done.stderr


def per_question(programs: dict[str, list[dict]]):
    """A responder: the n-th request about a question gets that question's n-th program (the last repeats)."""
    seen: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()

    def respond(body: dict) -> Reply:
        question = asked_question(body)
        key = next(k for k in programs if k in question)
        with lock:
            n = seen[key]
            seen[key] += 1
        return program_reply(programs[key][min(n, len(programs[key]) - 1)])

    return respond


def strategyqa_file(tmp_path: Path, n: int) -> Path:
    """A StrategyQA file of n questions, "Question 0?" …, each answered yes."""
    data = tmp_path / "d.json"
    data.write_text(json.dumps([{"qid": f"q{i}", "question": f"Question {i}?", "answer": True, "facts": [],
                                 "decomposition": [], "term": "t", "description": "d"} for i in range(n)]))
    return data


@pytest.mark.litellm
def test_eval_records_carry_strategy_data(pot, tmp_path: Path):
    data = strategyqa_file(tmp_path, 2)
    responder = per_question({"Question 0": [derived_yes(), derived_no(), derived_yes()],
                              "Question 1": [derived_yes(), derived_no()]})
    with FakeOpenAI(responder=responder) as server:
        done = pot("eval", "strategyqa", "--data", str(data), *where(server), "--out", str(tmp_path / "run"),
                   "--strategy", "self-consistency", "--samples", "3", "--concurrency", "2", "--json")
        assert done.returncode == 0, done.stderr
        assert server.calls == 6
    lines = (tmp_path / "run" / "results.jsonl").read_text().splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    for record in records.values():
        ResultRecord.model_validate(record)
        assert record["strategy"]["name"] == "self-consistency" and len(record["strategy"]["steps"]) == 3
        assert all(step["verdict"] and step["weight"] == 1.0 for step in record["strategy"]["steps"])
    # question 0: yes, no, yes (in some order): 2 against 1; question 1: yes, no, no
    assert records["q0"]["answer"] is True and records["q0"]["strategy"]["confidence"] == pytest.approx(2 / 3, 1e-3)
    assert records["q1"]["answer"] is False and records["q1"]["kind"] == "refuted"
    assert {(v["answer"], v["weight"]) for v in records["q1"]["strategy"]["votes"]} == {(False, 2.0), (True, 1.0)}
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["parameters"]["strategy"] == "self-consistency" and run["parameters"]["samples"] == 3


@pytest.mark.litellm
def test_eval_abstention_is_recorded_with_its_split(pot, tmp_path: Path):
    data = strategyqa_file(tmp_path, 1)
    with FakeOpenAI(responder=per_question({"Question 0": [derived_yes(), derived_no()]})) as server:
        done = pot("eval", "strategyqa", "--data", str(data), *where(server), "--out", str(tmp_path / "run"),
                   "--strategy", "self-consistency", "--samples", "2", "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads((tmp_path / "run" / "results.jsonl").read_text())
    assert record["answer"] is None and record["strategy"]["abstained"] is True
    assert "no clear majority" in record["error"] and record["strategy"]["votes"]
    summary = json.loads(done.stdout)
    assert (summary["answered"], summary["errors"], summary["abstained"]) == (0, 1, 1)


def test_replay_refuses_a_strategy(pot, tmp_path: Path):
    done = pot("eval", "--replay", str(tmp_path / "x.jsonl"), "--strategy", "self-refine")
    assert done.returncode == 2 and "--strategy asks a model" in done.stderr
