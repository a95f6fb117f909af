"""Replay: recorded programs re-verified, on hand-made records and on a slice of the shared corpus."""

import json

import pytest
from corpus import SHARED
from eval_helpers import pot_eval, read_results
from fakes.openai_server import marker_program as program

from pot.eval.replay import replay, replay_record


def record(i, marker, gold, *, fmt="json", dataset="strategyqa", reference=None, prog="auto"):
    return {"id": f"r{i}", "dataset": dataset, "model": "m", "format": fmt, "question": f"q{i}?",
            "ground_truth": gold, "program": json.dumps(program(marker)) if prog == "auto" else prog,
            "reference": {"answer": reference, "success": reference is not None, "num_attempts": 2}}


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


RECORDS = [
    record(0, "[true]", True, reference=True),
    record(1, "[false]", True, reference=False),
    record(2, "[unknown]", False, reference=True),  # sat semantics says true, entail has no answer
    record(3, "[invalid]", False, reference=None),
    record(4, "[true]", True, prog=None, dataset="folio"),
    record(5, "[true]", True, fmt="smt2", prog="(assert true)"),
]


def run_json(capsys, *args, **kwargs):
    assert pot_eval(*args, json_output=True, **kwargs) == 0
    return json.loads(capsys.readouterr().out)


def test_replay_scores_entail_and_sat(tmp_path, capsys):
    path = write(tmp_path / "rec.jsonl", RECORDS)
    s = run_json(capsys, replay=path)
    # the smt2 record is verified too (it has no check-sat: an error), nothing is skipped
    assert (s["total"], s["skipped"], s["answered"], s["correct"], s["errors"]) == (6, 0, 2, 1, 3)
    assert (s["proved"], s["refuted"], s["unknown"]) == (1, 1, 1)
    assert s["reference_compared"] == 3 and s["reference_agreement"] == round(2 / 3, 4)  # the unknown disagrees
    assert s["mean_attempts"] == 2 and set(s["by_dataset"]) == {"folio", "strategyqa"}
    assert s["by_format"]["smt2"]["total"] == 1 and s["by_format"]["json"]["total"] == 5
    s = run_json(capsys, replay=path, semantics="sat")
    assert (s["sat"], s["unsat"], s["answered"], s["reference_agreement"]) == (2, 1, 3, 1.0)
    assert s["proved"] is None


def test_replay_filters_and_writes_a_run_dir_that_can_be_replayed_again(tmp_path, capsys):
    path = write(tmp_path / "rec.jsonl", RECORDS)
    s = run_json(capsys, replay=path, replay_dataset="strategyqa", replay_format="json", out=tmp_path / "out")
    assert (s["total"], s["skipped"]) == (4, 2) and "by_dataset" not in s
    assert s["skipped_reasons"] == {"not dataset strategyqa": 1, "not format json": 1}
    results = read_results(tmp_path / "out")
    assert [r["id"] for r in results] == ["r0", "r1", "r2", "r3"]
    assert results[0]["verdict"]["results"][0]["core"][0]["name"] == "the_fact"
    error = results[3]["error"]  # one line, the first error, as a live run keeps it
    assert "nobody" in error and "\n" not in error and not error.startswith("invalid program")
    report = (tmp_path / "out" / "report.md").read_text()
    assert "## Wrong answers (1)" in report and "`knowledge_base[0]` (the_fact): `Not(good(it))`" in report
    assert json.loads((tmp_path / "out" / "summary.json").read_text()) == s
    # a run directory replays as it is; its reference stays the corpus's
    again = run_json(capsys, replay=tmp_path / "out")
    assert (again["total"], again["correct"], again["reference_agreement"]) == (4, 1, s["reference_agreement"])
    # and into the same directory with other parameters: refused
    assert pot_eval(replay=path, semantics="sat", out=tmp_path / "out") == 2
    assert "semantics: was 'entail', now 'sat'" in capsys.readouterr().err


def test_a_runs_own_answers_are_the_reference_of_its_replay(tmp_path, capsys):
    own = [{k: v for k, v in r.items() if k != "reference"} | {"answer": a, "kind": "x"}
           for r, a in zip(RECORDS[:3], [True, False, None], strict=False)]
    s = run_json(capsys, replay=write(tmp_path / "results.jsonl", own))
    assert (s["reference_compared"], s["reference_agreement"]) == (2, 1.0)


def test_bad_replay_input_exits_2(tmp_path, capsys):
    assert pot_eval(replay=write(tmp_path / "a.jsonl", RECORDS), replay_dataset="nope") == 2
    assert "no records of dataset 'nope' (it has: folio, strategyqa)" in capsys.readouterr().err
    assert pot_eval(replay=write(tmp_path / "b.jsonl", [{"id": "x"}])) == 2
    assert "field 'dataset' must be str (missing)" in capsys.readouterr().err


@pytest.mark.slow  # 60 real programs per semantics
@pytest.mark.skipif(not (SHARED / "replay").is_dir(),
                    reason="../shared/replay is absent (a clone without the shared corpus)")
@pytest.mark.parametrize("semantics", ["entail", "sat"])
def test_replay_of_a_slice_of_the_shared_corpus(tmp_path, capsys, semantics):
    """The first 30 JSON StrategyQA records of each model; the full corpus is benchmarks/strategyqa/replay_all.py."""
    for source in sorted((SHARED / "replay").glob("*.jsonl")):
        lines = [line for line in source.read_text().splitlines()
                 if '"dataset": "strategyqa"' in line and '"format": "json"' in line][:30]
        path = tmp_path / source.name
        path.write_text("\n".join(lines) + "\n")
        s = run_json(capsys, replay=path, semantics=semantics, out=tmp_path / f"out-{source.stem}")
        results = read_results(tmp_path / f"out-{source.stem}")
        assert s["total"] == 30 and s["skipped"] == 0
        assert not [r["error"] for r in results if (r["error"] or "").startswith("internal error")]
        if semantics == "entail":
            assert s["answered"] + s["errors"] + s["unknown"] + s["inconsistent"] + s["undecided"] == 30
        else:
            assert s["reference_agreement"] >= 0.9, s  # the original rule, answer for answer
        assert s["accuracy"] is not None and s["reference_compared"] > 0


def test_replay_decides_in_child_processes_as_it_would_in_process(children):
    """The pool's verdicts (JSON through a pipe) are the in-process ones: the records match but
    for the timings."""

    def untimed(result):
        verdict = result.pop("verdict", None)
        result.pop("latency_s")
        return {**result, "verdict": verdict and {k: v for k, v in verdict.items() if k != "timings"}}

    here = [untimed(replay_record(r, "entail")) for r in RECORDS]
    there, _ = replay(RECORDS, "entail")
    assert [untimed(r) for r in there] == here
    assert children and all(child.poll() is not None for child in children)  # stopped with the replay
    assert [r["error"] is None for r in there] == [True, True, True, False, False, False]  # invalid, none, no claim
