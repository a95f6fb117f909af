"""verify(..., cross_check="cvc5"): cvc5 decides the same claims in a child process kept between
calls, stopped past its time limit and capped in memory; agreement and disagreement are recorded
per claim and flagged in the verdict; cvc5 reads pot's exports unchanged."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
from corpus import replay_records

import pot
from pot.errors import UsageError
from pot.logic.cross_check import Agreement
from pot.render_verdict import verdict_text
from pot.smtlib import cross_check as cross_check_module
from pot.smtlib.cross_check import cross_check
from pot.smtlib.export import export_smt2
from pot.smtlib.script import read_script

cvc5 = pytest.importorskip("cvc5", reason="cvc5 is an extra: pip install '.[cvc5]' (the test extra includes it)")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "dsl_spec" / "examples").glob("*.json"))

SCOPED = """(declare-const a Bool)
(declare-const b Bool)
(assert (=> a b))
(push 1)
(declare-const c Bool)
(assert (and a c))
(assert b)
(check-sat)
(pop 1)
(assert (not b))
(check-sat)
"""


def cvc5_reads(script: str) -> list[str]:
    """cvc5's own command interpreter on the whole script, as a user would run it: every command's output."""
    tm = cvc5.TermManager()
    solver = cvc5.Solver(tm)
    solver.setOption("tlimit-per", "2000")
    symbols = cvc5.SymbolManager(tm)
    parser = cvc5.InputParser(solver, symbols)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, script, "export")
    outputs = []
    while True:
        command = parser.nextCommand()  # raises on anything cvc5 cannot parse
        if command.isNull():
            return outputs
        out = command.invoke(solver, symbols).strip()
        assert not out.startswith("(error"), out
        if out:
            outputs.append(out.split()[0])  # "unknown (INCOMPLETE)": the answer, then why


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_cvc5_reads_the_export_unchanged(path: Path):
    script, _ = export_smt2(path)
    answers = cvc5_reads(script)
    verdict = pot.verify(path, semantics="sat", evidence=False)
    assert len(answers) == len(verdict.results)
    for answer, result in zip(answers, verdict.results, strict=True):
        assert answer in ("sat", "unsat", "unknown")
        if answer != "unknown":  # each exported check-sat asks: premises ∧ claim satisfiable?
            assert answer == result.kind, result.id


@pytest.mark.slow
@pytest.mark.parametrize("semantics", ["entail", "sat"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_agree_with_z3(path: Path, semantics: str):
    verdict = pot.verify(path, semantics=semantics, cross_check="cvc5")
    cc = verdict.cross_check
    assert cc is not None and cc.solver.startswith("cvc5 ") and cc.error is None
    assert (cc.disagreed, cc.disagreements) == (0, [])
    assert cc.agreed + cc.not_compared == len(verdict.results)
    for r in verdict.results:
        assert r.cross_check is not None
        if r.cross_check.agreement == Agreement.AGREE:
            assert r.cross_check.kind == r.kind
        else:
            assert "undecided" in (r.kind, r.cross_check.kind) and r.cross_check.agreement == Agreement.NOT_COMPARED
    dumped = json.loads(json.dumps(verdict.to_json()))
    assert dumped["cross_check"]["agreed"] == cc.agreed
    assert dumped["results"][0]["cross_check"]["agreement"] in ("agree", "not-compared")


@pytest.mark.slow
def test_most_example_claims_are_compared():
    verdicts = [pot.verify(p, cross_check="cvc5") for p in EXAMPLES]
    agreed = sum(v.cross_check.agreed for v in verdicts if v.cross_check)
    assert agreed >= sum(len(v.results) for v in verdicts) - 1


def test_scopes_declarations_and_claims_of_a_script():
    verdict = pot.verify(SCOPED, format="smt2", cross_check="cvc5")
    assert [r.kind for r in verdict.results] == ["proved", "unknown"]
    assert [r.cross_check.kind for r in verdict.results] == ["proved", "unknown"]
    assert verdict.cross_check.agreed == 2
    sat = pot.verify(SCOPED, format="smt2", semantics="sat", cross_check="cvc5")
    assert [r.cross_check.kind for r in sat.results] == ["sat", "sat"] == [r.kind for r in sat.results]


def test_marked_claims_are_not_premises_of_each_other():
    script = ("(declare-const a Bool)\n(assert a)\n(assert (! (not a) :named claim_no))\n"
              "(assert (! a :named claim_yes))\n(check-sat)\n")
    verdict = pot.verify(script, format="smt2", cross_check="cvc5")
    assert [r.kind for r in verdict.results] == ["refuted", "proved"]
    assert [r.cross_check.kind for r in verdict.results] == ["refuted", "proved"]


def test_a_disagreement_is_flagged_loudly():
    proved = "(declare-const a Bool)\n(assert a)\n(assert a)\n(check-sat)\n"
    refuted = "(declare-const a Bool)\n(assert a)\n(assert (not a))\n(check-sat)\n"
    verdict = pot.verify(proved, format="smt2")
    # the verdict of one script, cvc5 on another: what a solver bug would look like
    cc = cross_check(verdict, refuted, read_script(refuted), timeout_ms=2000)
    assert (cc.agreed, cc.disagreed, cc.disagreements) == (0, 1, [verdict.results[0].id])
    assert verdict.cross_check is cc and verdict.results[0].cross_check.agreement == Agreement.DISAGREE
    text = verdict_text(verdict)
    assert "DISAGREEMENT: cvc5" in text and "says refuted, Z3 says proved" in text
    assert "DISAGREEMENT with cvc5" in cc.summary
    assert json.loads(json.dumps(verdict.to_json()))["cross_check"]["disagreements"] == [verdict.results[0].id]


def test_what_cvc5_cannot_read_is_not_compared_and_said():
    script = "(declare-const a Bool)\n(declare-const b Bool)\n(assert (iff a b))\n(assert a)\n(assert b)\n(check-sat)\n"
    verdict = pot.verify(script, format="smt2", cross_check="cvc5")  # iff is a Z3 extension
    assert verdict.kind == "proved"
    cc = verdict.cross_check
    assert (cc.agreed, cc.disagreed, cc.not_compared) == (0, 0, 1)
    assert "cvc5 could not read assert[0] (line 3)" in cc.error and "iff" in cc.error
    assert verdict.results[0].cross_check.undecided_reason == "unreadable"
    assert "not compared" in verdict_text(verdict)


def test_after_a_check_cvc5_rejects_no_later_answer_of_that_script_is_trusted():
    """cvc5 rejects (^ 2 n) when it checks, and then answered unsat even for the lone atom q(n):
    the claim was 'refuted' against Z3's unknown. Now the claims after the error are not asked."""
    program = {"constants": {"ns": {"sort": "IntSort", "members": ["n"]}},
               "functions": [{"name": "q", "domain": ["IntSort"], "range": "BoolSort"}],
               "knowledge_base": ["2 ** n == 8"],
               "verifications": [{"name": "free", "constraint": "q(n)"},
                                 {"name": "given", "constraint": "2 ** n == 8"}]}
    verdict = pot.verify(program, cross_check="cvc5")
    assert [r.kind for r in verdict.results] == ["unknown", "proved"]
    cc = verdict.cross_check
    assert (cc.agreed, cc.disagreed, cc.not_compared) == (0, 0, 2)
    first, second = (r.cross_check for r in verdict.results)
    assert "POW" in first.reason and "not asked, after cvc5 failed an earlier check" in first.reason
    assert second.reason.count("not asked") == 2 and second.kind == "undecided"
    assert pot.verify(EXAMPLES[0], cross_check="cvc5").cross_check.disagreed == 0  # the next script: a new solver


def test_cross_check_names_and_a_missing_cvc5(monkeypatch):
    with pytest.raises(ValueError, match="cvc5"):
        pot.verify(EXAMPLES[0], cross_check="yices")
    monkeypatch.setitem(sys.modules, "cvc5", None)  # as if not installed
    with pytest.raises(UsageError, match=r"pip install 'pot-toolkit\[cvc5\]'"):
        pot.verify(EXAMPLES[0], cross_check="cvc5")


def test_cli_cross_check(monkeypatch, capsys):
    from pot.cli import main

    for extra in ([], ["--json"]):
        monkeypatch.setattr(sys, "argv", ["pot", "verify", str(ROOT / "dsl_spec/examples/socrates.json"),
                                          "--cross-check", "cvc5", *extra])
        main()  # returns: exit code 0
    text, as_json = capsys.readouterr().out.split("\n{", 1)
    assert "cvc5 1." in text and "agrees: proved" in text and "1 agree, 0 disagree, 0 not compared" in text
    assert json.loads("{" + as_json)["cross_check"]["agreed"] == 1


@pytest.mark.slow
def test_cvc5_reads_the_exports_of_the_replay_corpus():
    records = replay_records("json")
    read = 0
    for r in records[::8]:  # every eighth program, to keep the suite's time down
        try:
            script, _ = export_smt2(r["program"])
        except pot.ProgramError:
            continue
        assert len(cvc5_reads(script)) == script.count("(check-sat)"), r["id"]
        read += 1
    assert read > len(records[::8]) // 2


def test_cvc5_reads_the_export_of_a_power():
    from test_smt2_export import POWERS

    script, _ = export_smt2(POWERS)
    assert cvc5_reads(script) == ["sat"]
    verdict = pot.verify(POWERS, cross_check="cvc5")
    assert (verdict.kind, verdict.cross_check.agreed, verdict.cross_check.error) == ("proved", 1, None)


def test_z3s_legacy_datatype_syntax_is_given_to_cvc5_in_smt_lib_2_6():
    script = ("(declare-datatypes () ((Level low high) (Pair (mk (fst Level) (snd Level)))))\n"
              "(declare-const x Level)\n(assert (= x low))\n(assert (not (= (fst (mk x high)) high)))\n(check-sat)\n")
    verdict = pot.verify(script, format="smt2", cross_check="cvc5")
    assert verdict.kind == "proved"
    assert (verdict.cross_check.agreed, verdict.cross_check.error) == (1, None)


@pytest.mark.parametrize("name", ["scoped.smt2", "socrates.json"])
def test_z3_and_cvc5_decide_the_same_read_of_a_file(tmp_path, opens_of, name):
    # one read: a file rewritten between two reads would have the solvers compare different programs
    path = tmp_path / name
    path.write_text(SCOPED if name.endswith(".smt2") else (ROOT / "dsl_spec/examples/socrates.json").read_text())
    opened = opens_of(path)
    verdict = pot.verify(path, cross_check="cvc5")
    assert verdict.cross_check is not None and verdict.cross_check.agreed >= 1 and len(opened) == 1


HUGE_POWER = "(declare-const x Int)\n(assert (= x (^ 3 10000000)))\n(assert (> x 5))\n(check-sat)\n"
"""cvc5 computes 3^10000000 without a checkpoint: it neither stops at its time limit (minutes)
nor has a memory cap of its own (hundreds of MB)."""


def _idle_pids() -> list[int]:
    return [c.process.pid for c in cross_check_module._children.idle]


def test_the_cvc5_process_is_kept_for_the_next_cross_check_and_replaced_when_gone():
    pot.verify(SCOPED, format="smt2", cross_check="cvc5")
    pids = _idle_pids()
    assert len(pids) >= 1
    pot.verify(SCOPED, format="smt2", cross_check="cvc5")
    assert _idle_pids() == pids  # the same process answered
    for child in cross_check_module._children.idle:
        child.process.kill()
        child.process.wait()
    verdict = pot.verify(SCOPED, format="smt2", cross_check="cvc5")
    assert verdict.cross_check.agreed == 2 and not set(_idle_pids()) & set(pids)


def test_a_cvc5_process_that_does_not_start_is_a_usage_error(monkeypatch):
    cross_check_module._children.close()  # no idle process to reuse
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(UsageError, match="cvc5 process did not start"):
        pot.verify(SCOPED, format="smt2", cross_check="cvc5")


def test_a_cvc5_process_that_dies_leaves_its_claims_not_compared_and_says_so(monkeypatch):
    ask = cross_check_module._Child.ask

    def ask_then_die(child, *args, **kwargs):
        ask(child, *args, **kwargs)
        threading.Timer(0.3, child.process.kill).start()  # as the kernel's OOM killer would

    monkeypatch.setattr(cross_check_module._Child, "ask", ask_then_die)
    verdict = pot.verify(HUGE_POWER, format="smt2", timeout_ms=300)
    cross_check(verdict, HUGE_POWER, read_script(HUGE_POWER), timeout_ms=60_000)
    assert "process ended without an answer (exit code -9)" in verdict.cross_check.error
    assert verdict.results[0].cross_check.undecided_reason == "error: process ended"


def test_a_failure_in_the_cvc5_process_is_raised_and_the_process_serves_on():
    with pytest.raises(RuntimeError, match="the cross-check failed in pot: ValueError"):
        cross_check_module._answers(SCOPED, [[([0, 1], 2, 3)]], 2000, 1000)  # not a question: a bug's shape
    assert pot.verify(SCOPED, format="smt2", cross_check="cvc5").cross_check.agreed == 2


@pytest.mark.slow
def test_cvc5_past_its_time_limit_is_stopped_and_its_claims_not_compared():
    verdict = pot.verify(HUGE_POWER, format="smt2", cross_check="cvc5", timeout_ms=300)
    cc, check = verdict.cross_check, verdict.results[0].cross_check
    assert (cc.agreed, cc.disagreed, cc.not_compared) == (0, 0, 1)
    assert check.kind == "undecided" and check.undecided_reason == "timeout"
    assert "did not stop at the time limit" in cc.error and "pot stopped it" in check.reason
    assert "did not stop at the time limit" in verdict_text(verdict)
    assert pot.verify(SCOPED, format="smt2", cross_check="cvc5").cross_check.agreed == 2  # a new process


@pytest.mark.slow
def test_cvc5_is_held_to_the_solver_memory_cap(monkeypatch):
    verdict = pot.verify(HUGE_POWER, format="smt2", timeout_ms=300)  # Z3 gives up at once
    monkeypatch.setenv("POT_Z3_MEMORY_MB", "300")
    cross_check(verdict, HUGE_POWER, read_script(HUGE_POWER), timeout_ms=60_000)  # cvc5 would run for minutes
    check = verdict.results[0].cross_check
    assert check.kind == "undecided" and check.undecided_reason == "memory-limit"
    assert "ran out of memory (the cap is 300 MB, POT_Z3_MEMORY_MB)" in verdict.cross_check.error


def test_batch_verify_cross_checks_every_program(tmp_path, monkeypatch):
    from cli_runner import pot_in_process

    folder = tmp_path / "programs"
    folder.mkdir()
    (folder / "a.json").write_text((ROOT / "dsl_spec/examples/connectives.json").read_text())
    (folder / "b.smt2").write_text("(declare-const a Bool)\n(assert a)\n(assert a)\n(check-sat)\n")
    (folder / "c.json").write_text("{not json")
    caps: list[int] = []
    answers = cross_check_module._answers
    monkeypatch.setattr(cross_check_module, "_answers", lambda *a: caps.append(a[-1]) or answers(*a))
    done = pot_in_process("verify", str(folder), "--cross-check", "cvc5", "--json", "--workers", "2",
                          env={"POT_Z3_MEMORY_MB": "2000"})
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    checks = [line.get("verdict", {}).get("cross_check") for line in lines]
    assert [c and (c["solver"].split()[0], c["agreed"], c["disagreed"]) for c in checks] == \
        [("cvc5", 5, 0), ("cvc5", 1, 0), None]  # an invalid program is not cross-checked
    assert all(r["cross_check"]["agreement"] == "agree" for r in lines[0]["verdict"]["results"])
    assert caps == [1000, 1000]  # cvc5 shares the memory cap as the two Z3 processes do
    table = pot_in_process("verify", str(folder), "--cross-check", "cvc5")
    assert table.returncode == 3 and "cross-check" in table.stdout and "5 agree" in table.stdout
    assert "cross-check: 0 program(s) in disagreement, 0 with claims not compared" in table.stdout


def test_batch_verify_says_at_once_that_cvc5_is_missing(tmp_path, monkeypatch):
    from cli_runner import pot_in_process

    monkeypatch.setitem(sys.modules, "cvc5", None)  # as if not installed
    done = pot_in_process("verify", str(ROOT / "dsl_spec/examples"), "--cross-check", "cvc5", "--json")
    assert done.returncode == 2 and "pip install 'pot-toolkit[cvc5]'" in done.stdout + done.stderr
    assert '"input"' not in done.stdout  # no program was decided first


def test_the_batch_table_shows_a_disagreement_loudly(capsys):
    from pot.eval.batch import print_table

    check = {"solver": "cvc5 1", "agreed": 1, "disagreed": 1, "not_compared": 0, "disagreements": ["verifications[1]"]}
    lines = [{"input": "p[bold]1", "exit_code": 0, "kind": "proved", "answer": True, "error": None,
              "verdict": {"cross_check": check}},
             {"input": "p2", "exit_code": 3, "kind": None, "answer": None, "error": "bad [red]x"}]
    print_table(lines)
    out = capsys.readouterr().out
    assert "DISAGREEMENT: 1 disagree," in out and "cross-check: 1 program(s) in disagreement (p[bold]1)" in out
    assert "p[bold]1" in out and "bad [red]x" in out  # names and errors are shown as written, not as markup
