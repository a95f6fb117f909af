import re
from dataclasses import replace
from pathlib import Path

import pytest

from pot.api import check, verify
from pot.errors import error
from pot.llm.prompt import (
    COMPACT_EXAMPLE,
    PromptStyle,
    first_messages,
    repair_messages,
    system_prompt,
    worked_example,
    worked_examples,
)

GRAMMAR = Path(__file__).parents[2] / "dsl_spec" / "expressions.lark"
CONSTRUCTS = ["And(", "Or(", "Not(", "Implies(", "Xor(", "If(", "Distinct(", "Sum(", "Product(", "ForAll(",
              "Exists(", "True", "False", " and ", " or ", "not "]


def test_system_part_is_first_and_identical_across_questions():
    a = first_messages("Would a pear sink in water?", "openai/gpt-4o-mini")
    b = first_messages("Is the sky blue?", "openai/gpt-4o-mini")
    assert a[0]["role"] == "system" and a[0] == b[0]
    assert a[0]["content"] == system_prompt()
    assert a[1] == {"role": "user", "content": "Question: Would a pear sink in water?"}


def test_anthropic_gets_a_cache_marker():
    system = first_messages("q", "anthropic/claude-sonnet-4-5")[0]["content"]
    assert system == [{"type": "text", "text": system_prompt(), "cache_control": {"type": "ephemeral"}}]


@pytest.mark.parametrize("example", worked_examples(), ids=lambda e: e.question)
def test_worked_examples_check_and_verify_as_claimed(example):
    assert [d for d in check(example.program)] == []
    verdict = verify(example.program)
    assert verdict.answer is example.answer
    assert ("yes" if example.answer else "no") in example.why
    assert example.question in system_prompt()


@pytest.mark.parametrize("style", list(PromptStyle))
def test_every_construct_is_taught(style):
    prompt = system_prompt(style=style)
    missing = [c for c in CONSTRUCTS if c not in prompt]
    assert not missing


def test_the_compact_prompt_is_a_third_of_the_full_one_with_a_worked_example_that_checks():
    compact, full = system_prompt(style=PromptStyle.COMPACT), system_prompt()
    assert len(compact) < 0.4 * len(full)
    example = worked_example(COMPACT_EXAMPLE)
    assert example.question in compact and verify(example.program).answer is example.answer
    for kind in ("DeclareSort", "EnumSort", "IntSort", "RealSort", "BoolSort"):
        assert kind in compact
    a, b = (first_messages(q, "openai/x", style=PromptStyle.COMPACT) for q in ("q1", "q2"))
    assert a[0] == b[0] and a[0]["content"] == compact


def test_every_operator_of_the_grammar_is_taught():
    """Every literal token of the grammar (operators, keywords), read from the grammar itself."""
    rules = [line for line in GRAMMAR.read_text().splitlines()
             if not line.startswith("//") and not re.match(r"[A-Z_]+(\.\d+)?:\s*/", line)]  # no comments, regexes
    literals = set(re.findall(r'"([^"\s]+)"', "\n".join(rules))) - set("()[],")
    assert {"==", "<=", "+", "*", "/", "%", "and", "True"} <= literals
    prompt = system_prompt()
    assert sorted(t for t in literals if f"`{t}`" not in prompt and f" {t} " not in prompt) == []


def test_every_sort_kind_used_by_llms_is_taught():
    for kind in ("DeclareSort", "EnumSort", "IntSort", "RealSort", "BoolSort"):
        assert kind in system_prompt()


def test_repair_turn_carries_the_errors_and_the_program():
    first = first_messages("q", "openai/x")
    problems = [error("arity", "rules[0]", "'p' takes 1 argument(s), got 2", "p(Thing)")]
    messages = repair_messages(first, '{"verifications": []}', problems)
    assert messages[:2] == first
    assert messages[2] == {"role": "assistant", "content": '{"verifications": []}'}
    assert "rules[0]: 'p' takes 1 argument(s), got 2 (hint: p(Thing))" in messages[3]["content"]


def test_repair_turn_shows_three_of_each_kind_and_says_where_the_rest_are():
    stray = [error("smt2-stray", f"line {n}", "'assert' outside any command", "every command is a list")
             for n in range(10, 40)]
    arity = error("arity", "rules[0]", "'p' takes 1 argument(s), got 2", "p(Thing)")
    text = repair_messages(first_messages("q", "openai/x"), "(assert", [stray[0], arity, *stray[1:]])[3]["content"]
    lines = text.splitlines()
    assert lines[1:5] == [str(stray[0]), str(arity), str(stray[1]), str(stray[2])]
    assert lines[5] == ("… and 27 more problems like these (smt2-stray) at: "
                        + "; ".join(f"line {n}" for n in range(13, 21)) + "; …")
    assert text.count("hint:") == 4 and "line 39" not in text


def test_repair_turn_lists_every_place_of_a_short_run():
    slips = [error("arity", f"rules[{n}]", "'p' takes 1 argument(s), got 2", column=3) for n in range(5)]
    text = repair_messages(first_messages("q", "openai/x"), "{}", slips)[3]["content"]
    assert "… and 2 more problems like these (arity) at: rules[3], col 3; rules[4], col 3\n" in text


def test_repair_turn_quotes_a_line_once_under_the_last_of_its_problems():
    script = "(assert (! p) :named a)\n(assert q)\n"
    problems = [error("smt2-named-outside", "line 1", "label outside", column=15),
                error("smt2-undeclared", "line 1", "unknown p", column=12),
                error("smt2-undeclared", "line 2", "unknown q", column=9)]
    text = repair_messages(first_messages("q", "openai/x"), script, problems, source=script)[3]["content"]
    assert text.splitlines()[1:6] == [str(problems[0]), str(problems[1]), "  > (assert (! p) :named a)",
                                      str(problems[2]), "  > (assert q)"]


def test_repair_turn_uses_the_excerpt_a_diagnostic_already_carries():
    # pot.api quotes each diagnostic it returns (Diagnostic.excerpt): the repair turn shows that quote
    # as it is, and quotes from the source only the diagnostics that come without one
    carried = replace(error("smt2-undeclared", "line 1", "unknown p", column=12), excerpt="(assert p) ; as quoted")
    bare = error("smt2-undeclared", "line 2", "unknown q", column=9)
    script = "(assert p)\n(assert q)\n"
    text = repair_messages(first_messages("q", "openai/x"), script, [carried, bare], source=script)[3]["content"]
    assert text.splitlines()[1:5] == [str(carried), "  > (assert p) ; as quoted", str(bare), "  > (assert q)"]
