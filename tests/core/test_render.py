"""How verdicts read: JSON (to_json/from_json), the terminal, and report.md say the same thing.

A core of `None` (not computed) and `[]` (decided without any premise) are different
states and must never be shown as each other (issue 7, point 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import click
import pytest
from cli_runner import pot_in_process

import pot
from pot.errors import Diagnostic, Severity, warning
from pot.eval.records import result_record
from pot.eval.report import render
from pot.logic.verdict import ClaimKind, ClaimResult, Verdict
from pot.render_verdict import NOT_COMPUTED, claim_lines, verdict_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "dsl_spec" / "examples").glob("*.json"))
PEAR = ROOT / "dsl_spec" / "examples" / "pear_sinks.json"


def plain(v: Verdict) -> str:
    return click.unstyle(verdict_text(v))


def no_premise(constraint: str) -> dict:
    return {"verifications": [{"name": "claim", "constraint": constraint}]}


def test_refuted_without_evidence_says_premises_were_not_computed() -> None:
    text = plain(pot.verify(PEAR, evidence=False))
    assert "refuted" in text and NOT_COMPUTED in text
    assert "without any premise" not in text


def test_claims_decided_by_no_premise_say_so_per_kind() -> None:
    proved = pot.verify(no_premise("2 > 1"))
    refuted = pot.verify(no_premise("1 > 2"))
    unsat = pot.verify(no_premise("1 > 2"), semantics="sat")
    assert [v.results[0].core for v in (proved, refuted, unsat)] == [[], [], []]
    assert "holds without any premise" in plain(proved)
    assert "fails without any premise" in plain(refuted) and "holds" not in plain(refuted)
    assert "unsatisfiable on its own" in plain(unsat)
    for v in (proved, refuted, unsat):
        assert NOT_COMPUTED not in plain(v)


def test_without_evidence_a_no_premise_claim_is_not_called_premise_free() -> None:
    v = pot.verify(no_premise("2 > 1"), evidence=False)
    assert v.results[0].core is None
    assert NOT_COMPUTED in plain(v) and "without any premise" not in plain(v)


def test_unknown_without_evidence_says_no_counter_model_was_computed() -> None:
    v = pot.verify(ROOT / "dsl_spec" / "examples" / "open_question.json", evidence=False)
    assert v.kind == "unknown" and v.results[0].counter_model is None
    assert "counter-model not computed" in plain(v)


def test_the_claim_text_is_printed_next_to_its_name() -> None:
    v = pot.verify(PEAR)
    assert v.results[0].text == "sinks_in(pear, water)"
    first = next(line for line in plain(v).splitlines() if line.startswith("verifications[0]"))
    assert "'a_pear_sinks_in_water'" in first and "sinks_in(pear, water)" in first and "refuted" in first


def _report(verdicts: list[Verdict]) -> str:
    records = [result_record({"id": f"q{i}", "dataset": "d", "question": "?", "ground_truth": True},
                             model=None, program=None, verdict=v, error=None) for i, v in enumerate(verdicts)]
    return render(records, {}, "t")


def test_report_md_uses_the_terminals_wording_and_keeps_none_apart_from_empty() -> None:
    with_core = pot.verify(PEAR)
    without_evidence = pot.verify(PEAR, evidence=False)
    premise_free = pot.verify(no_premise("1 > 2"))
    report = _report([with_core, without_evidence, premise_free])
    for v in (with_core, without_evidence, premise_free):
        words = claim_lines(v.results[0])
        assert words.evidence is not None and words.evidence in report and words.evidence in plain(v)
    assert report.count(NOT_COMPUTED) == 1
    assert report.count("fails without any premise") == 1
    assert "`sinks_in(pear, water)`" in report and "`knowledge_base[0]`" in report


def test_records_leave_nulls_out_and_read_back_as_none() -> None:
    v = pot.verify(PEAR, evidence=False)
    stored = result_record({"id": "q", "dataset": "d", "question": "?", "ground_truth": True},
                           model=None, program=None, verdict=v, error=None)["verdict"]
    assert "core" not in stored["results"][0]
    assert Verdict.from_json(stored).results[0].core is None
    assert Verdict.from_json(pot.verify(no_premise("1 > 2")).to_json(nulls=False)).results[0].core == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_verdict_json_round_trips(path: Path) -> None:
    for semantics in ("entail", "sat"):
        v = pot.verify(path, semantics=semantics)
        data = json.loads(json.dumps(v.to_json()))
        assert list(data) == ["semantics", "answer", "kind", "reason", "results", "inconsistency_core",
                              "optimization", "warnings", "timings", "cross_check"]
        assert Verdict.from_json(data) == v
        assert all(isinstance(r.kind, ClaimKind) for r in Verdict.from_json(data).results)


def test_cli_json_is_the_verdicts_to_json() -> None:
    p = pot_in_process("verify", "--json", str(PEAR))
    assert p.returncode == 0, p.stderr
    printed = json.loads(p.stdout)
    expected = pot.verify(PEAR).to_json()
    printed.pop("timings"), expected.pop("timings")
    assert printed == expected
    assert printed["results"][0]["core"] is not None and printed["results"][0]["counter_model"] is None


def test_diagnostic_json_keeps_every_field_and_reads_back() -> None:
    d = replace(warning("unknown-field", "knowledge_base[0]", "ignored", hint="remove it"), excerpt="p(a)")
    data = d.to_json()
    assert data == {"severity": "warning", "code": "unknown-field", "path": "knowledge_base[0]", "column": None,
                    "message": "ignored", "hint": "remove it", "excerpt": "p(a)"}
    back = Diagnostic.from_json(json.loads(json.dumps(data)))
    assert back == d and back.severity is Severity.WARNING


def test_claim_result_from_an_older_record_without_text() -> None:
    r = ClaimResult.from_json({"id": "verifications[0]", "kind": "proved", "answer": True, "reason": "r"})
    assert r.text == "" and r.core is None and claim_lines(r).evidence == NOT_COMPUTED


@pytest.mark.slow  # a fresh interpreter
def test_verdict_types_do_not_import_pydantic() -> None:
    script = "import sys, pot.logic.verdict, pot.errors, pot.render_verdict; print('pydantic' in sys.modules)"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "False"


def test_html_view_does_not_call_an_uncomputed_core_empty() -> None:
    from pot.report.sources import verify_view

    sentences = {evidence: str(verify_view(PEAR, pot.verify(PEAR, evidence=evidence), "t").claims[0].sentence)
                 for evidence in (True, False)}
    assert "not computed" in sentences[False] and "without any premise" not in sentences[False]
    assert "not computed" not in sentences[True] and "knowledge_base-0" in sentences[True]
