"""Hostile SMT-LIB input: whatever the text, check returns located diagnostics and verify
ends in a Verdict or a ProgramError — never another exception."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pot
from pot import ProgramError, Verdict

LOCATED = re.compile(r"line \d+$")

TOKENS = st.sampled_from([
    "(", ")", "((", "))", " ", "\n", "\t", ";c\n", '"s"', '"', "|q|", "|", "\0", "é", ":named", "!", "claim_x",
    "assert", "check-sat", "push", "pop", "declare-fun", "declare-const", "declare-sort", "define-fun", "forall",
    "exists", "and", "not", "=>", "=", "Int", "Bool", "P", "f", "x", "a", "0", "1", "-1", "1.5", "#xFF", "#b1",
    "99999999999999999999999999", "true", "false", "exit", "echo", "get-model", "set-logic",
])

ATOM = st.sampled_from(["a", "b", "x", "f", "p", "0", "1", "true", "false", "Int", "Bool", "P", "zz", "claim_c"])
HEADS = st.sampled_from(["and", "or", "not", "=>", "=", "+", "<", "f", "g", "ite", "distinct", "forall", "exists",
                         "!", "let"])

TERMS = st.recursive(ATOM, lambda ch: st.one_of(
    st.tuples(HEADS, st.lists(ch, max_size=3)).map(lambda t: f"({t[0]} {' '.join(t[1])})"),
    st.lists(ch, max_size=3).map(lambda xs: f"(({' '.join(xs)}))"),
    st.tuples(ch, st.sampled_from(["claim_a", "h", "claim_b"])).map(lambda t: f"(! {t[0]} :named {t[1]})"),
), max_leaves=12)

COMMANDS = st.one_of(
    TERMS.map(lambda t: f"(assert {t})"),
    st.sampled_from(["(check-sat)", "(push 1)", "(pop 1)", "(push)", "(pop 3)", "(get-model)", "(declare-sort P 0)",
                     "(declare-const a P)", "(declare-const b Bool)", "(declare-fun f (P) Bool)",
                     "(declare-fun g (Int Int) Int)", "(declare-const x Int)", "(declare-const p Bool)",
                     "(define-fun h2 ((y Int)) Bool (> y 0))", "(exit)", "(reset)", "(bogus 1 2)", "()"]),
)


def _outcome(text: str | bytes, semantics: str) -> object:
    try:
        return pot.verify(text, format="smt2", semantics=semantics, timeout_ms=2000)
    except ProgramError as e:
        return e


def _assert_located(diagnostics) -> None:
    for d in diagnostics:
        assert d.path == "" or LOCATED.match(d.path), d
        assert d.column is None or d.column >= 1, d
        assert d.message and d.code.startswith("smt2-"), d


@pytest.mark.slow  # fuzz: hundreds of generated scripts
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=60).map("".join))
def test_token_soup_never_raises(text):
    _assert_located(pot.check(text, format="smt2"))
    assert isinstance(_outcome(text, "entail"), Verdict | ProgramError)


@pytest.mark.slow  # fuzz: hundreds of generated scripts
@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data):
    _assert_located(pot.check(data, format="smt2"))
    assert isinstance(_outcome(data, "sat"), Verdict | ProgramError)


@pytest.mark.slow  # fuzz: hundreds of generated scripts
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, max_size=12).map("\n".join))
def test_scripts_of_random_commands_end_in_a_verdict_or_a_program_error(text):
    diagnostics = pot.check(text, format="smt2")
    _assert_located(diagnostics)
    for semantics in ("entail", "sat"):
        outcome = _outcome(text, semantics)
        assert isinstance(outcome, Verdict | ProgramError)
        if isinstance(outcome, ProgramError):
            assert outcome.errors
            _assert_located(outcome.diagnostics)


def test_pathological_inputs_are_located_errors():
    cases = {
        "(assert " + "(not " * 150_000: "smt2-too-deep",
        "(assert " + "(not " * 1_000_000: "smt2-too-large",
        "(assert (> x " + "7" * 100_000 + "))\n(check-sat)": "smt2-numeral-too-long",
        "(check-sat)\0": "smt2-nul",
        "(check-sat" * 3: "smt2-unclosed",
        "x" * 2_000_000: "smt2-too-large",
    }
    for text, code in cases.items():
        for semantics in ("entail", "sat"):
            outcome = _outcome(text, semantics)
            assert isinstance(outcome, ProgramError), text[:40]
            assert code in [d.code for d in outcome.errors]
    outcome = _outcome(b"(check-sat)\n(assert \x80)", "sat")
    assert isinstance(outcome, ProgramError)
    assert [(d.code, d.path) for d in outcome.errors] == [("smt2-encoding", "line 2")]


def test_large_arithmetic_model_values_do_not_break_models():
    text = "(declare-const x Int)\n(assert (= x (* " + " ".join(["99999999999999999999"] * 300) + ")))\n" \
           "(declare-const y Int)\n(assert (> y x))\n(check-sat)"
    v = pot.verify(text, format="smt2")
    assert v.kind == "unknown"  # y > x is not settled by x's value alone
    assert v.results[0].counter_model is None or "x" in v.results[0].counter_model["constants"]


PRELUDE = ("(declare-sort P 0)\n(declare-const a P)\n(declare-const b P)\n(declare-fun f (P) Bool)\n"
           "(declare-fun g (Int) Int)\n(declare-const x Int)\n(declare-const p Bool)\n(declare-const q Bool)\n")
"""A vocabulary every generated term below is well sorted in: the scripts are valid, so they are decided."""

BOOLS = st.recursive(
    st.sampled_from(["p", "q", "(f a)", "(f b)", "(= a b)", "(< x 3)", "(= (g x) x)", "(> (g 1) 0)", "true"]),
    lambda ch: st.one_of(
        ch.map(lambda t: f"(not {t})"),
        st.tuples(st.sampled_from(["and", "or", "=>", "="]), ch, ch).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        ch.map(lambda t: f"(forall ((y P)) (=> (f y) {t}))"),
        ch.map(lambda t: f"(exists ((z Int)) (and (= (g z) x) {t}))"),
    ), max_leaves=6)



def _script(commands: list[str]) -> str:
    """The commands after the prelude, each claim with a label of its own and no pop below the
    first scope (Z3 rejects both), and a last check-sat."""
    out, depth = [], 0
    for command in commands:
        if command == "(pop 1)" and depth == 0:
            continue
        depth += {"(push 1)": 1, "(pop 1)": -1}.get(command, 0)
        out.append(command.replace(":named claim", f":named claim{len(out)}"))
    return PRELUDE + "\n".join([*out, "(check-sat)"])


SCRIPTS = st.lists(st.one_of(
    BOOLS.map(lambda t: f"(assert {t})"),
    BOOLS.map(lambda t: f"(assert (! {t} :named claim))"),
    st.sampled_from(["(check-sat)", "(push 1)", "(pop 1)"]),
), min_size=1, max_size=10).map(_script)


@pytest.mark.slow  # fuzz: a hundred generated scripts, each decided by Z3 and again by cvc5
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCRIPTS)
def test_the_cvc5_cross_check_answers_every_claim_and_agrees_with_z3(text):
    pytest.importorskip("cvc5", reason="cvc5 is an extra: pip install '.[cvc5]' (the test extra includes it)")
    verdict = pot.verify(text, format="smt2", timeout_ms=2000, cross_check="cvc5")
    cc = verdict.cross_check
    assert cc is not None and cc.agreed + cc.disagreed + cc.not_compared == len(verdict.results)
    assert all(r.cross_check is not None for r in verdict.results)
    assert cc.disagreed == 0, [(r.id, r.kind, r.cross_check) for r in verdict.results]
