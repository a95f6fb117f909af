"""What both expression parsers share: the limits, the typed syntax error, the node builders.

`pot.dsl.reader` (hand-written, used at run time) and `pot.dsl.grammar` (Lark, from the
grammar in `expressions.lark`, the specification) call the same builders with the same
children, one call per grammar alias, so both give the same tree and refuse the same
input with the same error. The builders refuse, with a located error, what later stages
could not hold: nesting past MAX_DEPTH (refused while parsing, before anything recurses
on it) and number literals past MAX_LITERAL_DIGITS (`1e99999999` is 16 characters but
10**99999999 exactly).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Node, Unary

MAX_EXPRESSION_LENGTH = 20_000
MAX_DEPTH = 100
"""Levels an expression may nest; deeper ones are refused while parsing."""
MAX_LITERAL_DIGITS = 1000
"""Digits a number literal may stand for, exponent included (1e999 has 1000)."""


class ExprSyntaxError(Exception):
    def __init__(self, message: str, column: int | None, hint: str | None = None, code: str = "syntax-error"):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint
        self.code = code


class Tok(Protocol):
    """A token as the builders read it: lark's Token and the reader's both fit."""

    type: str
    column: int | None

    def __str__(self) -> str: ...


def _too_deep(column: int | None) -> ExprSyntaxError:
    return ExprSyntaxError(f"expression nests too deep (limit {MAX_DEPTH} levels)", column,
                           "split it into several facts or rules", "too-deep")


def _depth(*items) -> int:
    depth = 1 + max((getattr(i, "depth", 0) for i in items), default=0)
    if depth > MAX_DEPTH:
        raise _too_deep(getattr(items[0], "col", None) if items else None)
    return depth


def _too_large(token: Tok, digits: int) -> ExprSyntaxError:
    return ExprSyntaxError(f"number literal too large ({digits} digits, limit {MAX_LITERAL_DIGITS})", token.column,
                           "write a smaller number: pot reasons about exact values", "number-too-large")


def _decimal(token: Tok) -> Fraction:
    """A DECIMAL token's exact value, refused before computing it when it is too large."""
    mantissa, _, exponent = str(token).lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return Fraction(0)
    magnitude = exponent.lstrip("+-").lstrip("0")  # int() refuses past 4,300 digits, leading zeros too
    if len(magnitude) > len(str(MAX_LITERAL_DIGITS)):
        raise _too_large(token, MAX_LITERAL_DIGITS + 1)
    scale = (-1 if exponent.startswith("-") else 1) * int(magnitude or "0") - len(fraction)
    size = len(digits) + abs(scale)
    if size > MAX_LITERAL_DIGITS:
        raise _too_large(token, size)
    return Fraction(int(digits) * 10 ** scale) if scale >= 0 else Fraction(int(digits), 10 ** -scale)


# Python's binding strengths; `not` (3) is a prefix handled by the grammar, ** by the grammar.
PRECEDENCE = {"OR": 1, "AND": 2, "COMP_OP": 4, "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8,
              "+": 9, "-": 9, "*": 10, "/": 10, "%": 10}


class AstBuilder:
    """One method per grammar alias, each builds one AST node from the alias's children."""

    def name(self, c):
        return Name(str(c[0]), c[0].column)

    def int_lit(self, c):
        digits = str(c[0]).lstrip("0")  # int() refuses strings past 4,300 digits, leading zeros included
        if len(digits) > MAX_LITERAL_DIGITS:
            raise _too_large(c[0], len(digits))
        return Literal(int(digits or "0"), "int", c[0].column)

    def dec_lit(self, c):
        return Literal(_decimal(c[0]), "real", c[0].column)

    def string(self, c):
        return Literal(str(c[0])[1:-1], "str", c[0].column)

    def true(self, c):
        return Literal(True, "bool", c[0].column)

    def false(self, c):
        return Literal(False, "bool", c[0].column)

    def args(self, c):
        return tuple(c)

    def call(self, c):
        args = c[1] or ()
        return Call(str(c[0]), args, c[0].column, _depth(*args))

    def list_(self, c):
        items = c[0] or ()
        return ListOf(items, items[0].col if items else 0, _depth(*items))

    def not_(self, c):
        return Call("Not", (c[0],), c[0].col, _depth(c[0]), "not", loose=True)

    def group(self, c):
        node = c[0]
        if isinstance(node, Call) and node.loose:
            return Call(node.func, node.args, node.col, node.depth, node.alias)
        return node

    def unary(self, c):
        op, operand = c
        return Unary(str(op), operand, op.column, _depth(operand))

    def power(self, c):
        left, right = c
        return BinOp("**", left, right, left.col, _depth(left, right))

    def index(self, c):
        return Index(c[0], c[1], c[0].col, _depth(c[0], c[1]))

    def operators(self, c):
        """Group a flat `unit op unit op ...` sequence by precedence (precedence climbing)."""
        pos = 0
        # The comparisons built by this call, by id(), so `a < b < c` extends the chain
        # `a < b` but `(a < b) < c` (a Compare handed over by `group`) does not. Not by
        # value: hashing a node hashes its whole subtree, and `x < y or (x < y) < z` has an
        # unparenthesized chain equal to the parenthesized one. Ids are safe: the handed-over
        # nodes stay alive in `c` for the whole call, so no node built here shares their id,
        # and a freed chain's id can only pass to a later node built here — a chain itself,
        # or not a Compare at all.
        chains: set[int] = set()

        def combine(token: Tok, left: Node, right: Node) -> Node:
            op, depth = str(token), _depth(left, right)
            if token.type in ("OR", "AND"):
                func = "Or" if token.type == "OR" else "And"
                if isinstance(left, Call) and left.func == func and left.alias == op:
                    return Call(func, (*left.args, right), left.col, max(left.depth, right.depth + 1), op)
                return Call(func, (left, right), left.col, depth, op)
            if token.type == "COMP_OP":
                if isinstance(left, Compare) and id(left) in chains:
                    node = Compare((*left.ops, op), (*left.operands, right), left.col, max(left.depth,
                                                                                             right.depth + 1))
                else:
                    node = Compare((op,), (left, right), token.column or 0, depth)
                chains.add(id(node))
                return node
            return BinOp(op, left, right, left.col, depth)

        nesting = 0  # operands taken in by a `not` (each recurses): bounded before recursing

        def unit() -> Node:
            """The next operand; `not x == y` is Not(x == y), as in Python."""
            nonlocal pos, nesting
            node = c[pos]
            pos += 1
            nots = []
            while isinstance(node, Call) and node.loose:
                nots.append(node)
                node = node.args[0]
            if nots:
                nesting += 1
                if nesting > MAX_DEPTH:
                    raise _too_deep(nots[0].col)
                node = extend(node, PRECEDENCE["COMP_OP"])
                nesting -= 1
                for n in reversed(nots):
                    node = Call("Not", (node,), n.col, _depth(node), "not")
            return node

        def climb(min_prec: int) -> Node:
            return extend(unit(), min_prec)

        def extend(left: Node, min_prec: int) -> Node:
            nonlocal pos
            while pos < len(c):
                token = c[pos]
                prec = PRECEDENCE.get(token.type) or PRECEDENCE[str(token)]
                if prec < min_prec:
                    break
                pos += 1
                left = combine(token, left, climb(prec + 1))
            return left

        return climb(0)


_WORD_HINTS = {
    "in": "membership is not supported; write Or(x == a, x == b)",
    "is": "write == to compare",
    "if": "write If(condition, then_value, else_value)",
    "else": "write If(condition, then_value, else_value)",
    "lambda": "lambdas are not supported; declare a function and state its rules",
    "for": "comprehensions are not supported; quantify with ForAll([x], ...)",
    "true": "write True",
    "false": "write False",
}

_CHAR_HINTS = {
    "=": "write == to compare (= is not an operator)",
    "!": "write Not(...) for negation, != for 'not equal'",
    ".": "attribute access is not supported; apply a declared function, e.g. f(x)",
    "{": "sets and dicts are not supported in expressions",
    "&": "write And(a, b) for conjunction",
    "|": "write Or(a, b) for disjunction",
}


def refuse_blank_or_long(text: str) -> None:
    """Refuse what no parser should start on: over MAX_EXPRESSION_LENGTH, or nothing but blanks."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExprSyntaxError(f"expression too long ({len(text)} characters, limit {MAX_EXPRESSION_LENGTH})", None,
                              "split it into several facts")
    if not text.strip():
        raise ExprSyntaxError("empty expression", None, "write a formula, e.g. p(a)")


def ends_early(text: str) -> ExprSyntaxError:
    return ExprSyntaxError("the expression ends too early", len(text) + 1, "check that every ( and [ is closed")


def unexpected_character(ch: str, column: int | None) -> ExprSyntaxError:
    return ExprSyntaxError(f"unexpected character {ch!r}", column, _CHAR_HINTS.get(ch))


def unexpected_token(token: Tok) -> ExprSyntaxError:
    """A token no rule accepts where it stands (not the end: see `ends_early`)."""
    word = str(token)
    hint = _WORD_HINTS.get(word) or _CHAR_HINTS.get(word[:1])
    if word == ")":
        hint = "unmatched ')'"
    elif word == "(":
        hint = hint or "only declared functions can be applied; write f(x)"
    elif hint is None and token.type in ("NAME", "INT", "DECIMAL"):
        hint = "a comma or an operator is missing before it"
    return ExprSyntaxError(f"unexpected {word!r}", token.column, hint)
