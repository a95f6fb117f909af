"""Formulas in mathematical notation, from the parser's AST: symbols, precedence, escaping."""

from __future__ import annotations

import re

import pytest

from pot.report.notation import MAX_RENDER_DEPTH, formula, implication, quantified


def text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    plain = re.sub(r"<[^>]+>", "", str(markup))
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&")


@pytest.mark.parametrize(("source", "shown"), [
    ("ForAll([x], Implies(human(x), mortal(x)))", "∀x. human(x) → mortal(x)"),
    ("Exists([y], And(p(y), Not(q(y))))", "∃y. p(y) ∧ ¬q(y)"),
    ("Or(a, And(b, c))", "a ∨ b ∧ c"),
    ("And(Or(a, b), c)", "(a ∨ b) ∧ c"),
    ("And([a, b, c])", "a ∧ b ∧ c"),
    ("Implies(Implies(a, b), c)", "(a → b) → c"),
    ("Implies(a, Implies(b, c))", "a → b → c"),
    ("Not(x == y)", "¬(x = y)"),
    ("not a == b", "¬(a = b)"),
    ("Not(Not(p))", "¬¬p"),
    ("x != y", "x ≠ y"),
    ("a <= b", "a ≤ b"),
    ("(a + b) * c", "(a + b) × c"),
    ("a - (b - c)", "a − (b − c)"),
    ("If(p, 1, 2) > 0", "(if p then 1 else 2) > 0"),
    ("f(x, g(y)) >= -3", "f(x, g(y)) ≥ −3"),
    ("And(ForAll([x], p(x)), q)", "(∀x. p(x)) ∧ q"),
    ("True", "⊤"),
    ("x == 0.5", "x = 0.5"),
])
def test_notation(source: str, shown: str) -> None:
    assert text(formula(source)) == shown


def test_bound_variables_are_italic_and_free_names_are_not() -> None:
    drawn = str(formula("ForAll([x], p(x, a))"))
    assert '<span class="var">x</span>' in drawn and '<span class="sym">a</span>' in drawn


def test_rules_are_quantified_implications() -> None:
    bound = [("b", "Being")]
    drawn = quantified(bound, implication("human(b)", "Or(mortal(b), god(b))", bound))
    assert text(drawn) == "∀b:Being. human(b) → mortal(b) ∨ god(b)"
    assert '<span class="var">b</span>' in str(drawn)


def test_negated_fact() -> None:
    assert text(formula("human(x) == True", negate=True)) == "¬(human(x) = ⊤)"


def test_comparison_operators_are_escaped() -> None:
    drawn = str(formula("a < b"))
    assert "&lt;" in drawn and "<span class=\"op\"><" not in drawn


def test_unparsable_text_is_shown_escaped() -> None:
    drawn = str(formula("<script>alert(1)</script>"))
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    assert 'class="raw"' in drawn


def test_string_literals_are_escaped() -> None:
    drawn = str(formula('name(x) == "<b>bold</b>"'))
    assert "<b>" not in drawn and "&lt;b&gt;" in drawn


def test_deep_expressions_fall_back_to_their_text() -> None:
    deep = "Not(" * (MAX_RENDER_DEPTH + 5) + "p" + ")" * (MAX_RENDER_DEPTH + 5)
    drawn = str(formula(deep))
    assert 'class="raw"' in drawn and "¬" not in drawn
