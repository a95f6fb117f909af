"""The SMT-LIB prompt: its worked examples are valid scripts with the stated answers; extraction of scripts."""

from __future__ import annotations

import pytest

import pot
from pot.llm.extract import extract_script
from pot.llm.prompt import first_messages, repair_messages, smt2_examples, system_prompt
from pot.smtlib.formats import ProgramFormat

EXAMPLES = smt2_examples()
SCRIPT = "(declare-const rain Bool)\n(declare-const wet Bool)\n(assert (=> rain wet))\n(assert rain)\n" \
         "(assert (! wet :named claim_wet))\n(check-sat)\n"


def test_there_are_worked_examples_of_both_answers():
    assert len(EXAMPLES) >= 3
    assert {ex.answer for ex in EXAMPLES} == {True, False}


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex.question for ex in EXAMPLES])
def test_every_example_checks_clean_and_gives_its_answer(example):
    assert pot.check(example.script, format="smt2") == []
    for semantics in ("entail", "sat"):
        verdict = pot.verify(example.script, format="smt2", semantics=semantics)
        assert verdict.answer is example.answer, (semantics, verdict.kind, verdict.reason)
    entail = pot.verify(example.script, format="smt2")
    # the claim is marked as our prompt teaches, and the core names premises by label
    assert [r.name for r in entail.results] == [r.name for r in entail.results if r.name.startswith("claim")]
    assert all(p.name for r in entail.results for p in (r.core or []))


def test_the_smt2_system_prompt_shows_every_example_and_no_json():
    text = system_prompt(ProgramFormat.SMT2)
    for ex in EXAMPLES:
        assert ex.question in text and ex.script.strip() in text
    assert ":named claim_" in text and "```smt2" in text
    assert "knowledge_base" not in text
    assert text != system_prompt() and system_prompt(ProgramFormat.SMT2) is text  # built once, per format


def test_messages_in_smt2_ask_for_a_script():
    first = first_messages("Is it wet?", "openai/fake", ProgramFormat.SMT2)
    assert first[0]["content"] == system_prompt(ProgramFormat.SMT2)
    repair = repair_messages(first, SCRIPT, pot.check("(assert x)\n(check-sat)", format="smt2"), ProgramFormat.SMT2)
    assert repair[2] == {"role": "assistant", "content": SCRIPT}
    assert "unknown constant x" in repair[3]["content"] and "```smt2" in repair[3]["content"]


@pytest.mark.parametrize("reply", [
    f"```smt2\n{SCRIPT}```",
    f"Here is the script:\n\n```smtlib\n{SCRIPT}```\nIt proves that the grass is wet.",
    f"```\n{SCRIPT}\n```",
    f"Sure.\n{SCRIPT}\nThe solver will say sat.",
    f"A first try:\n```smt2\n(assert rain)\n```\nThe whole script:\n```lisp\n{SCRIPT}```",
    f"```smt2\n{SCRIPT}",  # an unclosed fence
], ids=["fence", "prose-around", "bare-fence", "no-fence", "draft-then-final", "unclosed"])
def test_extraction_finds_the_script(reply):
    extracted = extract_script(reply)
    assert extracted.diagnostics == []
    assert extracted.text is not None and extracted.text.strip() == SCRIPT.strip()


@pytest.mark.parametrize("reply", ["", "I believe the answer is yes.", "```json\n{\"a\": 1}\n```"])
def test_no_script_is_a_diagnostic(reply):
    extracted = extract_script(reply)
    assert extracted.text is None
    assert [d.code for d in extracted.diagnostics] == ["smt2-no-script"]
