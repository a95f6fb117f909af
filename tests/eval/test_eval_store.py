"""The run directory: torn lines cut away, errored records dropped on request, parameters guarded."""

import json

import pytest

from pot.eval import store
from pot.eval.datasets import DatasetError


def line(id_: str, error: str | None = None, torn: bool = False) -> bytes:
    """A results.jsonl line as an older run wrote it: no attempts, no reference."""
    text = json.dumps({"id": id_, "dataset": "strategyqa", "model": "m", "format": "json", "question": "q?",
                       "ground_truth": True, "program": None, "answer": None, "kind": None, "reason": None,
                       "error": error, "num_attempts": 1, "latency_s": 0.5, "verdict": None})
    return (text[:20] if torn else text + "\n").encode()


def test_open_results_cuts_a_torn_last_line_and_appends_whole_lines(tmp_path):
    (tmp_path / "results.jsonl").write_bytes(line("a") + line("b", torn=True))
    done, fh = store.open_results(tmp_path)
    store.append(fh, json.loads(line("c")))
    fh.close()
    assert [r["id"] for r in done] == ["a"]
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "c"]


def test_open_results_drops_errored_records_when_asked(tmp_path):
    (tmp_path / "results.jsonl").write_bytes(line("a") + line("b", error="boom"))
    done, fh = store.open_results(tmp_path, drop_errors=True)
    fh.close()
    assert [r["id"] for r in done] == ["a"]
    assert [json.loads(x) for x in (tmp_path / "results.jsonl").read_bytes().splitlines()] == [json.loads(line("a"))]


def test_a_line_that_is_not_a_result_record_is_a_clear_error(tmp_path):
    (tmp_path / "results.jsonl").write_bytes(line("a") + b'{"id": "b", "error": null}\n')
    with pytest.raises(DatasetError, match="not a result record"):
        store.open_results(tmp_path)


def test_prepare_run_dir_names_the_parameters_that_differ(tmp_path):
    run = tmp_path / "run"
    store.prepare_run_dir(run, {"model": "a", "seed": 1}, {"command": "pot eval"})
    info = json.loads((run / "run.json").read_text())
    assert info["parameters"] == {"model": "a", "seed": 1} and info["versions"]["z3"] and info["started_at"]
    store.prepare_run_dir(run, {"model": "a", "seed": 1}, {"command": "other"})  # same parameters: a resume
    with pytest.raises(store.RunDirError, match="model: was 'a', now 'b'") as caught:
        store.prepare_run_dir(run, {"model": "b", "seed": 1}, {})
    assert "seed" not in str(caught.value)


def test_prepare_run_dir_refuses_a_directory_of_something_else(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(store.RunDirError, match="not a run directory"):
        store.prepare_run_dir(tmp_path, {}, {})
