"""The run directory: torn lines cut away, errored records dropped on request, parameters guarded."""

import json

import pytest

from pot.eval import store


def test_open_results_cuts_a_torn_last_line_and_appends_whole_lines(tmp_path):
    (tmp_path / "results.jsonl").write_bytes(b'{"id": "a", "error": null}\n{"id": "b", "err')
    done, fh = store.open_results(tmp_path)
    store.append(fh, {"id": "c", "error": None})
    fh.close()
    assert [r["id"] for r in done] == ["a"]
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "c"]


def test_open_results_drops_errored_records_when_asked(tmp_path):
    (tmp_path / "results.jsonl").write_text('{"id": "a", "error": null}\n{"id": "b", "error": "boom"}\n')
    done, fh = store.open_results(tmp_path, drop_errors=True)
    fh.close()
    assert [r["id"] for r in done] == ["a"]
    assert (tmp_path / "results.jsonl").read_text() == '{"id": "a", "error": null}\n'


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
