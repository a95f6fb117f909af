"""The expression grammar: precedence, literals, aliases, syntax errors, limits, fuzzing."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Unary
from pot.dsl.parser import MAX_DEPTH, MAX_EXPRESSION_LENGTH, ExprSyntaxError, parse_expression


def shape(node) -> object:
    """A compact, position-free picture of a tree, to compare parses with expectations."""
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Call):
        return (node.func, *map(shape, node.args))
    if isinstance(node, ListOf):
        return ["list", *map(shape, node.items)]
    if isinstance(node, Unary):
        return ("u" + node.op, shape(node.operand))
    if isinstance(node, BinOp):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, Compare):
        return ("cmp", node.ops, *map(shape, node.operands))
    if isinstance(node, Index):
        return ("[]", shape(node.base), shape(node.index))
    raise AssertionError(f"not an AST node: {node!r}")


def parse(text: str) -> object:
    return shape(parse_expression(text))


# precedence --------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("a and b or c", ("Or", ("And", "a", "b"), "c")),
    ("a or b and c", ("Or", "a", ("And", "b", "c"))),
    ("not a and b", ("And", ("Not", "a"), "b")),
    ("not a or not b", ("Or", ("Not", "a"), ("Not", "b"))),
    ("not not a", ("Not", ("Not", "a"))),
    ("a and b and c", ("And", "a", "b", "c")),
    ("a or b or c", ("Or", "a", "b", "c")),
    ("not x == y", ("Not", ("cmp", ("==",), "x", "y"))),
    ("not x + 1 > y", ("Not", ("cmp", (">",), ("+", "x", 1), "y"))),
    ("a == b and not c", ("And", ("cmp", ("==",), "a", "b"), ("Not", "c"))),
    ("not (a) == b", ("Not", ("cmp", ("==",), "a", "b"))),
    ("(not a) == b", ("cmp", ("==",), ("Not", "a"), "b")),
    ("not a and b == c", ("And", ("Not", "a"), ("cmp", ("==",), "b", "c"))),
    ("f(not a == b)", ("f", ("Not", ("cmp", ("==",), "a", "b")))),
    ("not a == b == c", ("Not", ("cmp", ("==", "=="), "a", "b", "c"))),
    ("not -a < b", ("Not", ("cmp", ("<",), ("u-", "a"), "b"))),
    ("x < y and y < z", ("And", ("cmp", ("<",), "x", "y"), ("cmp", ("<",), "y", "z"))),
    ("a + b * c", ("+", "a", ("*", "b", "c"))),
    ("a * b + c", ("+", ("*", "a", "b"), "c")),
    ("a - b - c", ("-", ("-", "a", "b"), "c")),
    ("a / b * c", ("*", ("/", "a", "b"), "c")),
    ("a % b", ("%", "a", "b")),
    ("(a + b) * c", ("*", ("+", "a", "b"), "c")),
    ("a + b == c * d", ("cmp", ("==",), ("+", "a", "b"), ("*", "c", "d"))),
    ("x + 1 >= 2 * y", ("cmp", (">=",), ("+", "x", 1), ("*", 2, "y"))),
    ("-x", ("u-", "x")),
    ("-x * y", ("*", ("u-", "x"), "y")),
    ("- x + y", ("+", ("u-", "x"), "y")),
    ("+x", ("u+", "x")),
    ("~x", ("u~", "x")),
    ("-x ** 2", ("u-", ("**", "x", 2))),
    ("2 ** 3 ** 2", ("**", 2, ("**", 3, 2))),
    ("2 * x ** 2", ("*", 2, ("**", "x", 2))),
    ("x ** -1", ("**", "x", ("u-", 1))),
    ("a & b & c", ("&", ("&", "a", "b"), "c")),
    ("a << 2 << 1", ("<<", ("<<", "a", 2), 1)),
    ("(a & b) | c", ("|", ("&", "a", "b"), "c")),
    ("a + b & c", ("&", ("+", "a", "b"), "c")),
    ("a & b == c", ("cmp", ("==",), ("&", "a", "b"), "c")),
    ("arr[i + 1]", ("[]", "arr", ("+", "i", 1))),
    ("m[i][j]", ("[]", ("[]", "m", "i"), "j")),
    ("f(a)[0]", ("[]", ("f", "a"), 0)),
])
def test_precedence(text, expected):
    assert parse(text) == expected


def test_python_aliases_are_recorded_on_the_call():
    node = parse_expression("a and b")
    assert (node.func, node.alias) == ("And", "and")
    assert parse_expression("a or b").alias == "or"
    assert parse_expression("not a").alias == "not"
    assert parse_expression("And(a, b)").alias is None


def test_python_aliases_mean_the_same_as_connectives():
    assert parse("a and (b or not c)") == parse("And(a, Or(b, Not(c)))")


# applications, lists, quantifiers -----------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("f()", ("f",)),
    ("f(a, g(b, c))", ("f", "a", ("g", "b", "c"))),
    ("f(a, b,)", ("f", "a", "b")),
    ("ForAll([x], p(x))", ("ForAll", ["list", "x"], ("p", "x"))),
    ("ForAll([x, y], Implies(r(x, y), r(y, x)))",
     ("ForAll", ["list", "x", "y"], ("Implies", ("r", "x", "y"), ("r", "y", "x")))),
    ("Exists([p], And(human(p), Not(mortal(p))))",
     ("Exists", ["list", "p"], ("And", ("human", "p"), ("Not", ("mortal", "p"))))),
    ("ForAll(x, p(x))", ("ForAll", "x", ("p", "x"))),
    ("And([a, b, c])", ("And", ["list", "a", "b", "c"])),
    ("[]", ["list"]),
    ("If(a > b, a, b)", ("If", ("cmp", (">",), "a", "b"), "a", "b")),
    ("Distinct(a, b, c)", ("Distinct", "a", "b", "c")),
    ("Sum(a, b, 1)", ("Sum", "a", "b", 1)),
])
def test_applications_and_lists(text, expected):
    assert parse(text) == expected


def test_list_node_in_quantifier():
    node = parse_expression("ForAll([x, y], p(x, y))")
    assert isinstance(node.args[0], ListOf)
    assert [n.id for n in node.args[0].items] == ["x", "y"]


# literals ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value, kind", [
    ("0", 0, "int"),
    ("42", 42, "int"),
    ("1.5", Fraction(3, 2), "real"),
    ("0.1", Fraction(1, 10), "real"),
    (".5", Fraction(1, 2), "real"),
    ("2.", Fraction(2), "real"),
    ("1e3", Fraction(1000), "real"),
    ("2.5e-1", Fraction(1, 4), "real"),
    ("True", True, "bool"),
    ("False", False, "bool"),
])
def test_literals(text, value, kind):
    node = parse_expression(text)
    assert isinstance(node, Literal)
    assert (node.value, node.kind) == (value, kind)
    assert type(node.value) is type(value)


def test_decimals_are_exact_fractions_not_floats():
    node = parse_expression("0.1 + 0.2")
    assert node.left.value + node.right.value == Fraction(3, 10)


def test_true_and_false_are_not_names_but_prefixes_are():
    assert parse("Truex") == "Truex"
    assert parse("true") == "true"  # a name; the checker hints 'write True'
    assert parse("x == True") == ("cmp", ("==",), "x", True)


def test_literal_columns():
    node = parse_expression("f(True, 12, 0.5)")
    assert [a.col for a in node.args] == [3, 9, 13]


# comparisons ---------------------------------------------------------------------------


def test_chained_comparison_is_one_compare_with_two_ops():
    node = parse_expression("a < b <= c")
    assert isinstance(node, Compare)
    assert node.ops == ("<", "<=")
    assert [o.id for o in node.operands] == ["a", "b", "c"]


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_each_comparison_operator(op):
    node = parse_expression(f"x {op} y")
    assert isinstance(node, Compare) and node.ops == (op,)


# columns and depth -----------------------------------------------------------------------


def test_columns_are_one_based_and_point_into_the_text():
    node = parse_expression("p(a) and q(bb)")
    first, second = node.args
    assert first.col == 1
    assert second.col == 10
    assert second.args[0].col == 12


def test_unary_column_is_the_operator():
    assert parse_expression("-(p(a))").col == 1
    assert parse_expression("x + - y").right.col == 5


def test_depth_counts_nesting():
    assert parse_expression("a").depth == 1
    assert parse_expression("f(a)").depth == 2
    assert parse_expression("Not(Not(Not(a)))").depth == 4
    assert parse_expression("((((a))))").depth == 1  # parentheses are not nodes


def test_very_deep_nesting_is_refused_while_parsing_without_recursion_error():
    node = parse_expression("Not(" * (MAX_DEPTH - 1) + "a" + ")" * (MAX_DEPTH - 1))
    assert node.depth == MAX_DEPTH
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("Not(" * 3000 + "a" + ")" * 3000)
    assert info.value.code == "too-deep" and info.value.column
    node = parse_expression("(" * 9000 + "a" + ")" * 9000)  # parentheses alone add no level
    assert node == Name("a", 9001)


def test_length_limit():
    ok = "x" * MAX_EXPRESSION_LENGTH
    assert parse_expression(ok) == Name(ok, 1)
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("x" * (MAX_EXPRESSION_LENGTH + 1))
    assert "too long" in info.value.message
    assert info.value.hint


# syntax errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, column, hint_part", [
    ("a = b", 3, "=="),
    ("x in S", 3, "Or(x == a, x == b)"),
    ("p(a", 4, "closed"),
    ("(a and b", 9, "closed"),
    ("f(g(x)", 7, "closed"),
    ("a.b", 2, "attribute"),
    ("a && b", 4, "And(a, b)"),
    ("a)", 2, "unmatched"),
    ("a b", 3, "missing"),
    ("p(a) p(b)", 6, None),
    ("a ! b", 3, "Not("),
    ("{a}", 1, "not supported"),
    ("x if c else y", 3, "If("),
    ("x is y", 3, "=="),
    ("lambda x: x", 8, None),
])
def test_syntax_errors_have_column_and_hint(text, column, hint_part):
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression(text)
    err = info.value
    assert err.column == column, (text, err.column, err.message)
    assert err.message
    if hint_part is not None:
        assert err.hint and hint_part in err.hint, (text, err.hint)


@pytest.mark.parametrize("text, expected", [
    ("a & b | c", ("|", ("&", "a", "b"), "c")),
    ("a | b & c", ("|", "a", ("&", "b", "c"))),
    ("a | b ^ c & d", ("|", "a", ("^", "b", ("&", "c", "d")))),
    ("a ^ b | c", ("|", ("^", "a", "b"), "c")),
    ("a << 1 + 2", ("<<", "a", ("+", 1, 2))),
    ("a & 1 << 2", ("&", "a", ("<<", 1, 2))),
])
def test_mixed_bit_operators_follow_python_precedence(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_expression(text):
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression(text)
    assert "empty" in info.value.message
    assert info.value.hint


def test_strings_parse_as_string_literals():
    # The grammar reads them so the checker can refuse them with a hint.
    node = parse_expression("'Paris'")
    assert isinstance(node, Literal) and node.kind == "str" and node.value == "Paris"


def test_syntax_error_is_an_exception_with_str():
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("a = b")
    assert str(info.value) == info.value.message


# property tests ---------------------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "x", "y_1", "Person", "age", "andy", "notable", "orb", "Truely"])
LEAVES = st.one_of(
    NAMES.map(lambda n: (n, n)),
    st.integers(min_value=0, max_value=10**6).map(lambda i: (str(i), i)),
    st.sampled_from([("True", True), ("False", False)]),
    st.fractions(min_value=0, max_value=1000, max_denominator=1).map(lambda f: (f"{f}.0", Fraction(f))),
)
BIN_OPS = st.sampled_from(["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>"])
CMP_OPS = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
FUNCS = st.sampled_from(["f", "g", "And", "Or", "Implies", "If", "Distinct", "Sum"])


def _compound(children):
    """Fully parenthesised expressions, paired with the tree they must parse to."""
    binop = st.tuples(children, BIN_OPS, children).map(
        lambda t: (f"({t[0][0]} {t[1]} {t[2][0]})", (t[1], t[0][1], t[2][1])))
    compare = st.tuples(children, CMP_OPS, children).map(
        lambda t: (f"({t[0][0]} {t[1]} {t[2][0]})", ("cmp", (t[1],), t[0][1], t[2][1])))
    conj = st.tuples(children, st.sampled_from(["and", "or"]), children).map(
        lambda t: (f"({t[0][0]} {t[1]} {t[2][0]})", ({"and": "And", "or": "Or"}[t[1]], t[0][1], t[2][1])))
    neg = children.map(lambda c: (f"(not {c[0]})", ("Not", c[1])))
    minus = children.map(lambda c: (f"(-{c[0]})", ("u-", c[1])))
    call = st.tuples(FUNCS, st.lists(children, min_size=1, max_size=3)).map(
        lambda t: (f"{t[0]}({', '.join(c[0] for c in t[1])})", (t[0], *(c[1] for c in t[1]))))
    quant = st.tuples(st.sampled_from(["ForAll", "Exists"]), st.lists(NAMES, min_size=1, max_size=3), children).map(
        lambda t: (f"{t[0]}([{', '.join(t[1])}], {t[2][0]})", (t[0], ["list", *t[1]], t[2][1])))
    index = st.tuples(NAMES, children).map(lambda t: (f"{t[0]}[{t[1][0]}]", ("[]", t[0], t[1][1])))
    return st.one_of(binop, compare, conj, neg, minus, call, quant, index)


EXPRESSIONS = st.recursive(LEAVES, _compound, max_leaves=25)


def flatten(tree):
    """And/Or are associative: (a and b) and c may be read as And(a, b, c)."""
    if isinstance(tree, list):
        return [flatten(t) for t in tree]
    if not isinstance(tree, tuple) or not tree or not isinstance(tree[0], str):
        return tree
    head, args = tree[0], [flatten(t) for t in tree[1:]]
    if head in ("And", "Or"):
        flat = []
        for a in args:
            flat += list(a[1:]) if isinstance(a, tuple) and a and a[0] == head else [a]
        args = flat
    return (head, *args)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_generated_expressions_parse_to_the_tree_they_were_built_from(pair):
    text, expected = pair
    assert flatten(parse(text)) == flatten(expected), text


TOKENS = st.sampled_from([
    "a", "f", "x", "1", "2.5", "True", "False", "(", ")", "[", "]", ",", "+", "-", "*", "/", "%", "**",
    "==", "!=", "<", "<=", ">", ">=", "&", "|", "^", "<<", ">>", "~", "and", "or", "not", "ForAll",
    "And", "=", ".", "!", "in", "'s'", "\"t\"", "{", "}", ":", "if", "else", "#", "@", "1e", "..",
])


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=30).map(" ".join))
def test_token_soup_parses_or_raises_expr_syntax_error(text):
    try:
        node = parse_expression(text)
    except ExprSyntaxError as e:
        assert e.message
        assert e.column is None or 1 <= e.column <= len(text) + 1
        return
    shape(node)  # a well-formed tree of AST nodes


@pytest.mark.slow  # fuzz: 500 generated texts
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_parses_or_raises_expr_syntax_error(text):
    try:
        node = parse_expression(text)
    except ExprSyntaxError as e:
        assert isinstance(e.message, str) and e.message
        return
    shape(node)
