"""Deciding SMT-LIB scripts through pot.verify / pot.check: both semantics, claims, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

import pot
from pot import ProgramError

HEAD = """(declare-sort Person 0)
(declare-fun human (Person) Bool)
(declare-fun mortal (Person) Bool)
(declare-fun wise (Person) Bool)
(declare-const socrates Person)
(assert (! (forall ((x Person)) (=> (human x) (mortal x))) :named all_mortal))
(assert (human socrates))
"""


def verify(text: str, **kw):
    return pot.verify(text, format="smt2", **kw)


def test_last_assertion_is_the_claim_and_the_core_names_premises():
    v = verify(HEAD + "(assert (mortal socrates))\n(check-sat)\n(get-model)\n")
    assert (v.kind, v.answer) == ("proved", True)
    [r] = v.results
    assert (r.id, r.kind) == ("assert[2] (line 8)", "proved")
    assert [(p.id, p.name, p.text) for p in r.core] == [
        ("assert[0] (line 6)", "all_mortal", "(forall ((x Person)) (=> (human x) (mortal x)))"),
        ("assert[1] (line 7)", None, "(human socrates)")]


def test_refuted_claim_and_its_core():
    v = verify(HEAD + "(assert (not (mortal socrates)))\n(check-sat)\n")
    assert (v.kind, v.answer) == ("refuted", False)
    assert [p.id for p in v.results[0].core] == ["assert[0] (line 6)", "assert[1] (line 7)"]


def test_open_claim_has_a_counter_model_in_the_dsl_shape():
    v = verify(HEAD + "(assert (wise socrates))\n(check-sat)\n")
    assert (v.kind, v.answer) == ("unknown", None)
    [r] = v.results
    counter, witness = r.counter_model, r.witness_model
    assert set(counter) >= {"constants", "functions"}
    assert "socrates" in counter["constants"]
    wise = counter["functions"]["wise"]
    values = {tuple(e["args"]): e["value"] for e in wise["entries"]}
    assert values.get((counter["constants"]["socrates"],), wise["default"]) is False
    wise_w = witness["functions"]["wise"]
    values_w = {tuple(e["args"]): e["value"] for e in wise_w["entries"]}
    assert values_w.get((witness["constants"]["socrates"],), wise_w["default"]) is True
    assert counter["universes"]["Person"]


def test_sat_semantics_is_the_original_rule():
    consistent = verify(HEAD + "(assert (wise socrates))\n(check-sat)\n", semantics="sat")
    assert (consistent.kind, consistent.answer) == ("sat", True)
    assert consistent.results[0].id == "check-sat[0] (line 9)"
    contradicted = verify(HEAD + "(assert (not (mortal socrates)))\n(check-sat)\n", semantics="sat")
    assert (contradicted.kind, contradicted.answer) == ("unsat", False)
    assert [p.name for p in contradicted.results[0].core] == ["all_mortal", None, None]
    mixed = verify(HEAD + "(push)\n(assert (wise socrates))\n(check-sat)\n(pop)\n"
                   "(assert (not (mortal socrates)))\n(check-sat)\n", semantics="sat")
    assert (mixed.kind, mixed.answer) == ("mixed", None)


def test_claims_marked_by_name_are_decided_against_the_other_assertions():
    text = HEAD + """(assert (! (mortal socrates) :named claim_mortal))
(declare-const plato Person)
(assert (human plato))
(check-sat)
"""
    v = verify(text)
    assert (v.kind, v.answer) == ("proved", True)
    [r] = v.results
    assert (r.name, r.id) == ("claim_mortal", "assert[2] (line 8)")
    assert "assert[3] (line 10)" not in [p.id for p in r.core]


def test_every_check_sat_has_its_claim_and_refutation_wins():
    text = HEAD + """(push 1)
(assert (mortal socrates))
(check-sat)
(pop 1)
(push 1)
(assert (not (human socrates)))
(check-sat)
(pop 1)
"""
    v = verify(text)
    assert [r.kind for r in v.results] == ["proved", "refuted"]
    assert v.kind == "refuted"


def test_inconsistent_premises():
    v = verify(HEAD + "(assert (not (mortal socrates)))\n(assert (wise socrates))\n(check-sat)\n")
    assert v.kind == "inconsistent" and v.answer is None
    assert [p.id for p in v.results[0].core] == ["assert[0] (line 6)", "assert[1] (line 7)", "assert[2] (line 8)"]


def test_check_sat_without_assertions_warns_under_entail():
    v = verify("(check-sat)\n(assert true)\n(check-sat)\n")
    assert v.kind == "proved"
    assert [(w.code, w.path) for w in v.warnings] == [("smt2-no-claim", "line 1")]


def test_no_evidence_leaves_cores_and_models_not_computed():
    v = verify(HEAD + "(assert (mortal socrates))\n(check-sat)\n", evidence=False)
    assert v.results[0].core is None
    v = verify(HEAD + "(assert (wise socrates))\n(check-sat)\n", evidence=False)
    assert v.results[0].counter_model is None


def test_rejected_commands_invalidate_entail_but_are_left_out_under_sat():
    text = HEAD + "(assert (mortal plato))\n(assert (mortal socrates))\n(check-sat)\n"
    with pytest.raises(ProgramError) as e:
        verify(text)
    assert [(d.code, d.path, d.column) for d in e.value.errors] == [("smt2-z3", "line 8", 17)]
    v = verify(text, semantics="sat")
    assert (v.kind, v.answer) == ("sat", True)
    assert [(w.code, w.severity, w.path) for w in v.warnings] == [("smt2-z3", "warning", "line 8")]
    assert "left out" in v.warnings[0].message


def test_unreadable_scripts_are_program_errors_in_both_semantics():
    for semantics in ("entail", "sat"):
        with pytest.raises(ProgramError) as e:
            verify(b"(check-sat)\n\xfe", semantics=semantics)
        assert e.value.errors[0].code == "smt2-encoding"
        with pytest.raises(ProgramError) as e:
            verify("(assert true)", semantics=semantics)
        assert e.value.errors[0].code == "smt2-no-check-sat"


def test_check_lists_every_problem():
    diags = pot.check(HEAD + "(assert (mortal plato))\n(get-salinity)\n(check-sat)\n)", format="smt2")
    assert [(d.code, d.severity, d.path) for d in diags] == [
        ("smt2-z3", "error", "line 8"), ("smt2-unknown-command", "error", "line 9"),
        ("smt2-unbalanced", "error", "line 11")]
    assert pot.check(HEAD + "(check-sat)", format="smt2") == []


def test_a_command_without_its_paren_is_left_out_under_sat_semantics():
    """As the z3 command line leaves it out: the skipped line asserts nothing."""
    v = verify(HEAD + "assert (! (not (mortal socrates)) :named no))\n(assert (mortal socrates))\n(check-sat)\n",
               semantics="sat")
    assert v.kind == "sat" and [d.code for d in v.warnings] == ["smt2-missing-paren"]


def test_format_from_path_suffix_and_explicit_format(tmp_path: Path):
    path = tmp_path / "socrates.smt2"
    path.write_text(HEAD + "(assert (mortal socrates))\n(check-sat)\n")
    assert pot.verify(path).kind == "proved"
    assert pot.check(path) == []
    other = tmp_path / "program.txt"
    other.write_text(path.read_text())
    assert pot.verify(other, format="smt2").kind == "proved"
    with pytest.raises(ValueError, match="format must be"):
        pot.verify(path, format="lisp")
    with pytest.raises(ProgramError) as e:
        pot.verify({"not": "text"}, format="smt2")
    assert e.value.errors[0].code == "smt2-not-text"
    with pytest.raises(ProgramError) as e:
        pot.verify(tmp_path / "missing.smt2")
    assert e.value.errors[0].code == "unreadable"


def test_cli_verify_and_check_by_extension_and_format(tmp_path: Path):
    import json

    from cli_runner import pot_in_process

    script = tmp_path / "socrates.smt2"
    script.write_text(HEAD + "(assert (mortal socrates))\n(check-sat)\n")

    def run(*args: str, stdin: str = ""):
        return pot_in_process(*args, stdin=stdin, cwd=tmp_path)

    done = run("verify", str(script), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "proved"
    done = run("verify", "-", "--format", "smt2", stdin=script.read_text())
    assert done.returncode == 0 and "PROVED" in done.stdout and "all_mortal" in done.stdout
    bad = tmp_path / "bad.smt2"
    bad.write_text(HEAD + "(assert (mortal plato))\n(check-sat)\n")
    done = run("check", str(bad), "--json")
    assert done.returncode == 3
    [d] = json.loads(done.stdout)["diagnostics"]
    assert (d["code"], d["path"], d["column"]) == ("smt2-z3", "line 8", 17)
    assert run("check", str(script)).returncode == 0
    done = run("verify", str(bad), "--semantics", "sat")
    assert done.returncode == 0 and "SAT" in done.stdout and "left out" in done.stdout


def test_the_spec_example_is_proved_as_documented():
    spec = (Path(__file__).resolve().parents[2] / "dsl_spec" / "smtlib.md").read_text()
    script = spec.split("```smt2\n", 1)[1].split("```", 1)[0]
    v = pot.verify(script, format="smt2")
    assert v.kind == "proved"
    assert [(p.id, p.name) for p in v.results[0].core] == [("assert[0] (line 5)", "all_mortal"),
                                                            ("assert[1] (line 6)", None)]
    assert v.results[0].id == "assert[2] (line 7)"
