"""The hand-written reader against the Lark grammar it implements: on every input, the same
tree (columns, depths and aliases included) or the same error (code, message, hint, column).

The grammar (`expressions.lark`, parsed by Lark in `pot.dsl.grammar`) is the specification;
`pot verify` reads with `pot.dsl.reader` so that it need not import lark at start-up.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pot.dsl.grammar import parse_with_lark
from pot.dsl.parser import MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_LITERAL_DIGITS, ExprSyntaxError, parse_expression
from pot.dsl.reader import read_expression
from pot.dsl.syntax import refuse_blank_or_long

ROOT = Path(__file__).resolve().parents[2]
REPLAY = ROOT.parent / "shared" / "replay"


def _read(text: str):
    refuse_blank_or_long(text)
    return read_expression(text)


def outcome(parse, text: str) -> tuple:
    try:
        return ("tree", parse(text))
    except ExprSyntaxError as e:
        return ("error", e.code, e.column, e.message, e.hint)


def assert_same(text: str) -> tuple:
    by_lark = outcome(parse_with_lark, text)
    assert outcome(_read, text) == by_lark, text
    return by_lark


# hand-picked: every rule, every error path, the limits ---------------------------------------------------------------

CASES = [
    "a", "f(x)", "f()", "f(a,)", "[]", "[a,]", "[a, b][0]", "f(x)[1][2]", "(a)[0]", "x ** -y ** z", "-x ** 2",
    "not not -~x", "not a == b == c", "a < b < c", "(a < b) < c", "x < y or (x < y) < z", "a and b and c or d",
    "a & b | c ^ d << 1 >> 2", "1 + 2 * 3 % 4 / 5 - 6", "ForAll([x, y], Implies(p(x), q(y)))", "'s' + \"t\"",
    "True and Trueish or False", "1.5 + .5 + 2. + 1e3 + 1.5E-3", "café(übung)", "名前 == 1",
    # errors, lexical and syntactic
    "()", "(a", "a)", "a]", "a,b", "f(,)", "[,]", "f(a,,)", "- not x", "x ** not y", "a***b", "a <<= b", "x.y",
    "1.5.3", "a = b", "a $", "f(\n  x\n  y)", "a\n$", "x in S", "p(a) p(b)", "lambda x: x", "a ! b", "{a}",
    "f(x]", "[x)", "a[1", "a[]", "\x0ba", "a\xa0b", "'open", "x if c else y", "not", "a +", "f(a b)",
    # limits, alone and beside a syntax error (which one is reported depends on when the node is built)
    "1e99999 x", "f(1e9999 ]", "1e9999 $", "9" * (MAX_LITERAL_DIGITS + 1), "9" * MAX_LITERAL_DIGITS,
    "0" * 5000, "0" * 5000 + "1", "1e" + "0" * 5000 + "1", "1e-" + "0" * 5000 + "1", "0." + "0" * 5000 + "1",
    "1e9999 + )", "(1e9999", "[1e9999 x]",
]


@pytest.mark.parametrize("text", CASES)
def test_hand_picked_inputs_read_the_same_both_ways(text):
    assert_same(text)


@pytest.mark.parametrize("prefix, suffix", [
    ("f(", ")"), ("[", "]"), ("(", ")"), ("not ", ""), ("-", ""), ("a**", ""), ("x[", "]"), ("g(a, ", ")"),
    ("(not ", ")"), ("not (", ")"),
])
@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1,
                                    pytest.param(3000, marks=pytest.mark.slow)])
@pytest.mark.parametrize("middle", ["x", "1e9999", "x ==", "x and y", "x )"])
def test_deep_nesting_reads_the_same_both_ways(prefix, suffix, levels, middle):
    text = prefix * levels + middle + suffix * levels
    if len(text) > MAX_EXPRESSION_LENGTH:
        pytest.skip("longer than the length limit: both refuse it before reading")
    assert_same(text)


@pytest.mark.slow
def test_thousands_of_parentheses_are_read_without_recursion():
    kind, node = assert_same("(" * 9000 + "a" + ")" * 9000)
    assert kind == "tree" and node.depth == 1


def test_integers_past_python_digit_limit_are_a_typed_error():
    # int() refuses strings past 4,300 digits, leading zeros included: refused as too large, or read as a value
    assert parse_expression("0" * 5000).value == 0
    for text in ("0" * 5000 + "1" * (MAX_LITERAL_DIGITS + 1), "1e" + "0" * 5000 + "9999"):
        with pytest.raises(ExprSyntaxError) as info:
            parse_expression(text)
        assert info.value.code == "number-too-large" and info.value.column == 1


# generated -----------------------------------------------------------------------------------------------------------

TOKENS = st.sampled_from([
    "a", "f", "x", "1", "2.5", "True", "False", "(", ")", "[", "]", ",", "+", "-", "*", "/", "%", "**",
    "==", "!=", "<", "<=", ">", ">=", "&", "|", "^", "<<", ">>", "~", "and", "or", "not", "ForAll",
    "And", "=", ".", "!", "in", "'s'", "\"t\"", "{", "}", ":", "if", "else", "#", "@", "1e", "..", "0.",
    "1e5000", "9" * (MAX_LITERAL_DIGITS + 1), "\n", "é", "\u0301", "²",
])


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=30), st.sampled_from(["", " "]))
def test_token_soup_reads_the_same_both_ways(tokens, glue):
    text = glue.join(tokens)
    if text.strip():
        assert_same(text)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab(),[]-+*=<>! \n\t.0123456789eE'\"~&|^%/_é\u0301²٠\x0b")), min_size=1,
               max_size=30))
def test_character_soup_reads_the_same_both_ways(text):
    if text.strip():
        assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_text_reads_the_same_both_ways(text):
    if text.strip():
        assert_same(text)


# what real models wrote, and mutants of it ----------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _replay_strings() -> list[str]:
    if not REPLAY.is_dir():
        pytest.skip(f"no replay corpus at {REPLAY} (CI has ../shared beside its clone; a local clone may not)")
    found: set[str] = set()
    for path in sorted(REPLAY.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["format"] != "json":
                continue
            try:
                found.update(_strings(json.loads(record["program"])))
            except json.JSONDecodeError:
                continue
    return sorted(text for text in found if text.strip() and len(text) <= MAX_EXPRESSION_LENGTH)


@pytest.mark.slow
def test_every_string_in_the_replay_programs_reads_the_same_both_ways():
    texts = _replay_strings()
    assert len(texts) > 1000
    trees = sum(assert_same(text)[0] == "tree" for text in texts)
    assert 0 < trees < len(texts)  # both kinds of outcome were compared


_PIECES = ["(", ")", "[", "]", ",", "not ", " and ", " or ", "-", "~", "**", "*", "==", "<", "<<", "=", ".", "!", "$",
           "1e9999", "9" * 1200, "'s'", '"', "\n", " ", "f(", "True", ".5", "0" * 5000, "é", "\u0301", "\x0b", "\xa0"]


def _mutant(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        kind = rng.randrange(5)
        if kind == 0:
            text = text[:at] + text[at + 1:]
        elif kind == 1:
            text = text[:at] + rng.choice(_PIECES) + text[at:]
        elif kind == 2:
            text = text[:at]
        elif kind == 3:
            other = rng.randrange(len(text) + 1)
            text = text[:at] + text[min(at, other):max(at, other)] + text[at:]
        else:
            text = text[:at] + rng.choice(["(", "f(", "-", "not ", "["]) * rng.choice([1, 50, 101]) + text[at:]
    return text


@pytest.mark.slow
def test_mutated_replay_expressions_read_the_same_both_ways():
    expressions = [text for text in _replay_strings() if any(ch in text for ch in "()=<>")]
    rng = random.Random(13)
    outcomes = set()
    for _ in range(3000):
        text = _mutant(rng, rng.choice(expressions))
        if text.strip() and len(text) <= MAX_EXPRESSION_LENGTH:
            result = assert_same(text)
            outcomes.add(result[0] if result[0] == "tree" else result[1])
    assert {"tree", "syntax-error", "too-deep", "number-too-large"} <= outcomes


# start-up ------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_verify_imports_neither_lark_nor_litellm():
    program = ROOT / "dsl_spec" / "examples" / "socrates.json"
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "pot", "verify", str(program)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    imported = {line.split("|")[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert "pot.dsl.reader" in imported
    assert {name.split(".")[0] for name in imported} & {"lark", "regex", "litellm"} == set()
