"""`pot verify` of many programs: one verdict per input in input order, JSON lines or a table,
decided in child processes (pot.isolated); the exit code is the worst input's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cli_runner import pot_in_process
from fakes.openai_server import marker_program
from runaway import POWER_JSON, blocked_z3

from pot import isolated
from pot.eval.batch import BatchInput, batch_inputs, verify_batch, worst_exit_code
from pot.isolated import ChildPool
from pot.logic.hard_limit import OVERRUN

SMT2_PROVED = "(declare-const p Bool)\n(assert p)\n(assert p)\n(check-sat)\n"


pot = pot_in_process  # the CLI entry point in this process (see cli_runner); programs go to child processes


@pytest.fixture
def inputs(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "programs"
    folder.mkdir()
    (folder / "a_true.json").write_text(json.dumps(marker_program("[true]")))
    (folder / "b_false.json").write_text(json.dumps(marker_program("[false]")))
    (folder / "c.smt2").write_text(SMT2_PROVED)
    (folder / "notes.txt").write_text("not a program")
    single = tmp_path / "unknown.json"
    single.write_text(json.dumps(marker_program("[unknown]")))
    lines = tmp_path / "programs.jsonl"
    lines.write_text("\n".join([
        json.dumps({"id": "bare", **marker_program("[true]")}),  # the line is the program
        json.dumps({"id": "rec", "format": "json", "program": json.dumps(marker_program("[false]"))}),  # a record
        json.dumps({"id": "bad", "program": marker_program("[invalid]")}),
        "{not json",
    ]) + "\n")
    return {"folder": folder, "single": single, "jsonl": lines}


def test_json_lines_one_per_input_in_order_and_the_worst_exit_code(inputs):
    done = pot("verify", str(inputs["single"]), str(inputs["folder"]), "--jsonl", str(inputs["jsonl"]), "--json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    names = [Path(line["input"].split(" ")[0].rsplit(":", 1)[0]).name for line in lines]
    assert names == ["unknown.json", "a_true.json", "b_false.json", "c.smt2"] + ["programs.jsonl"] * 4
    assert [line["kind"] for line in lines] == ["unknown", "proved", "refuted", "proved", "proved", "refuted",
                                                None, None]
    assert [line["exit_code"] for line in lines] == [0, 0, 0, 0, 0, 0, 3, 2]
    assert lines[4]["input"].endswith("(bare)") and lines[6]["input"].endswith("(bad)")
    assert "undeclared name 'nobody'" in lines[6]["error"] and "not JSON" in lines[7]["error"]
    assert lines[1]["verdict"]["results"][0]["core"]  # the evidence comes along
    assert done.returncode == 2  # an unreadable input is worse than an invalid program


def test_the_table_names_every_input_and_counts_the_verdicts(inputs):
    done = pot("verify", str(inputs["folder"]), "--semantics", "sat")
    assert done.returncode == 0, done.stderr
    assert all(name in done.stdout for name in ("a_true.json", "b_false.json", "c.smt2"))
    assert "notes.txt" not in done.stdout and "3 programs: 2 sat, 1 unsat" in done.stdout


def test_a_pool_of_processes_gives_the_verdicts_of_one(inputs):
    items = batch_inputs([inputs["folder"]], [inputs["jsonl"]]) * 3
    one = list(verify_batch(items, semantics="entail", timeout_ms=5000, workers=1))
    pool = list(verify_batch(items, semantics="entail", timeout_ms=5000, workers=2))
    assert [(line["input"], line["kind"], line["answer"]) for line in pool] == \
        [(line["input"], line["kind"], line["answer"]) for line in one]
    assert len(pool) == len(items) == 21


def test_bad_arguments_are_usage_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = pot("verify", str(empty), "--json")
    assert done.returncode == 2 and "no program files" in json.loads(done.stdout)["error"]["message"]
    done = pot("verify", str(tmp_path / "missing.json"), str(empty))
    assert done.returncode == 2 and "no such file" in done.stderr
    assert worst_exit_code([]) == 0 and worst_exit_code([0, 3, 1, 2]) == 1
    with pytest.raises(Exception, match="no such file"):
        batch_inputs([], [tmp_path / "nope.jsonl"])
    assert BatchInput("x", None, "json", "unreadable").problem == "unreadable"


@pytest.mark.slow
def test_a_program_z3_cannot_stop_leaves_no_computation_behind_for_the_next(children, monkeypatch):
    """Its child answers at the time limit and is replaced: the next programs do not share a core
    with 3**20000000 for the rest of the batch."""
    items = [BatchInput("power", json.dumps(POWER_JSON), "json"),
             *[BatchInput(f"p{i}", json.dumps(marker_program("[true]")), "json") for i in range(3)]]
    blocked = blocked_z3("pot.isolated")  # the overrun made certain (tests/runaway.py)
    monkeypatch.setattr(isolated, "ChildPool", lambda size: ChildPool(size, command=blocked))
    lines = list(verify_batch(items, semantics="entail", timeout_ms=1000, workers=1))
    claim = lines[0]["verdict"]["results"][0]
    assert (claim["kind"], claim["reason"]) == ("undecided", OVERRUN)
    assert [line["kind"] for line in lines[1:]] == ["proved"] * 3
    assert len(children) == 2 and children[0].wait(timeout=30) is not None


def test_a_solver_process_that_dies_is_an_internal_error_line_and_the_batch_goes_on(monkeypatch):
    crash = [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"]
    monkeypatch.setattr(isolated, "ChildPool", lambda size: ChildPool(size, command=crash))
    items = [BatchInput(f"p{i}", json.dumps(marker_program("[true]")), "json") for i in range(2)]
    lines = list(verify_batch(items, semantics="entail", timeout_ms=5000, workers=1))
    assert [(line["exit_code"], line["error"]) for line in lines] == \
        [(1, "internal error: the solver process ended without an answer (exit code 3)")] * 2


def test_an_invalid_programs_line_has_its_first_error_and_how_many_more():
    program = {"knowledge_base": ["p(a)", "q(b)"], "verifications": [{"name": "c", "constraint": "p(a)"}]}
    [line] = verify_batch([BatchInput("two", json.dumps(program), "json")], semantics="entail", timeout_ms=5000,
                          workers=1)
    more = len([d for d in line["diagnostics"] if d["severity"] == "error"]) - 1
    assert more >= 1 and line["error"].startswith("knowledge_base[0]") and line["error"].endswith(f"(and {more} more)")
    assert "\n" not in line["error"]
