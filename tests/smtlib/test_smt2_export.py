"""`pot export --to smt2`: a standard script that z3's own command interpreter reads unchanged,
and that pot verifies to the JSON program's verdict (the examples, and the replay corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import z3
from cli_runner import pot_in_process
from corpus import replay_records

import pot
from pot import ProgramError
from pot.smtlib.export import export_smt2

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "dsl_spec" / "examples").glob("*.json"))


def _shape(v: pot.Verdict) -> tuple:
    return v.kind, v.answer, [r.kind for r in v.results]


def _z3_answers(script: str) -> list[str]:
    """What z3's SMT-LIB command interpreter prints for the script (in-process; raises on any error)."""
    ctx = z3.Context()  # held: the context must outlive the call
    return z3.Z3_eval_smtlib2_string(ctx.ref(), script).split()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_round_trip_in_both_semantics(path: Path):
    script, _ = export_smt2(path)
    for semantics in ("entail", "sat"):
        assert _shape(pot.verify(script, format="smt2", semantics=semantics)) == \
            _shape(pot.verify(path, semantics=semantics))
    answers = _z3_answers(script)
    assert len(answers) == len(json.loads(path.read_text())["verifications"])
    assert set(answers) <= {"sat", "unsat", "unknown"}


def test_export_shape_names_and_evidence():
    script, warnings = export_smt2(ROOT / "dsl_spec" / "examples" / "socrates.json")
    assert warnings == []
    assert script.startswith("; SMT-LIB 2.6") and "(set-logic ALL)" in script
    assert "(declare-sort Person 0)" in script
    assert ":named premise!0" in script and ":named claim!0" in script
    assert script.count("(push 1)") == script.count("(check-sat)") == script.count("(pop 1)") == 1
    v = pot.verify(script, format="smt2")
    assert v.results[0].name == "claim!0"
    assert {p.name for p in v.results[0].core} == {"premise!0", "premise!1"}


POWERS = {"constants": {"nums": {"sort": "IntSort", "members": ["n", "m"]}},
          "knowledge_base": ["n == 3", "m == 2**n", "m * m == (2**n)**2"],
          "verifications": [{"name": "eight", "constraint": "m == 8"}]}


def test_power_is_written_as_smt_libs_caret_not_z3s_stars():
    script, _ = export_smt2(POWERS)
    assert "(= m (^ 2 n))" in script and "(^ (^ 2 n) 2)" in script and "(**" not in script
    assert _shape(pot.verify(script, format="smt2")) == _shape(pot.verify(POWERS)) == ("proved", True, ["proved"])
    assert _z3_answers(script) == ["sat"]  # z3's own reader: the premises and the claim together


def test_optimization_is_not_exported_and_says_so():
    _, warnings = export_smt2(ROOT / "dsl_spec" / "examples" / "optimize.json")
    assert [w.code for w in warnings] == ["export-optimization"]


def test_invalid_programs_are_program_errors():
    with pytest.raises(ProgramError):
        export_smt2({"verifications": [{"constraint": "undeclared(x)"}]})
    with pytest.raises(ProgramError):
        export_smt2("not json")


def test_cli_export(tmp_path: Path):
    def run(*args: str):
        return pot_in_process(*args, cwd=tmp_path)

    done = run("export", str(ROOT / "dsl_spec" / "examples" / "socrates.json"), "--to", "smt2")
    assert done.returncode == 0, done.stderr
    assert ":named claim!0" in done.stdout
    out = tmp_path / "socrates.smt2"
    assert run("export", str(ROOT / "dsl_spec" / "examples" / "socrates.json"), "-o", str(out)).returncode == 0
    assert pot.verify(out).kind == "proved"
    bad = tmp_path / "bad.json"
    bad.write_text('{"verifications": [{"constraint": "nope(x)"}]}')
    done = run("export", str(bad))
    assert done.returncode == 3 and "invalid program" in done.stderr


@pytest.mark.slow
def test_replay_corpus_round_trips():
    records = replay_records("json")
    compared, differing = 0, []
    for k, r in enumerate(records):
        try:
            script, _ = export_smt2(r["program"])
        except ProgramError:
            continue  # invalid JSON programs have nothing to export (the core corpus test covers them)
        # entail for every program; the sat rule on every fourth, to keep the suite's time down
        for semantics in ("entail", "sat") if k % 4 == 0 else ("entail",):
            compared += 1
            want = _shape(pot.verify(r["program"], semantics=semantics, evidence=False))
            got = _shape(pot.verify(script, format="smt2", semantics=semantics, evidence=False))
            if got != want:
                differing.append((r["model"], r["id"], semantics, want, got))
    assert compared > len(records) // 2
    assert differing == []
