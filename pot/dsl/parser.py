"""Expression text → untyped AST, with the Lark grammar in `expressions.lark`.

The parser is LALR, built once, and runs the transformer inline while parsing, so
there is no parse tree and no recursion however deep the input nests.
"""

from __future__ import annotations

import os
from dataclasses import replace
from fractions import Fraction
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Node, Unary

MAX_EXPRESSION_LENGTH = 20_000


class ExprSyntaxError(Exception):
    def __init__(self, message: str, column: int | None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


def _depth(*items) -> int:
    return 1 + max((getattr(i, "depth", 0) for i in items), default=0)


class _ToAst(Transformer):
    """Lark callbacks: one per grammar alias, each builds one AST node."""

    def name(self, c):
        return Name(str(c[0]), c[0].column)

    def int_lit(self, c):
        return Literal(int(c[0]), "int", c[0].column)

    def dec_lit(self, c):
        return Literal(Fraction(str(c[0])), "real", c[0].column)

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
        return replace(node, loose=False) if isinstance(node, Call) and node.loose else node

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

        def combine(token: Token, left: Node, right: Node) -> Node:
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

        def unit() -> Node:
            """The next operand; `not x == y` is Not(x == y), as in Python."""
            nonlocal pos
            node = c[pos]
            pos += 1
            nots = []
            while isinstance(node, Call) and node.loose:
                nots.append(node)
                node = node.args[0]
            if nots:
                node = extend(node, _PRECEDENCE["COMP_OP"])
                for n in reversed(nots):
                    node = Call("Not", (node,), n.col, _depth(node), "not")
            return node

        def climb(min_prec: int) -> Node:
            return extend(unit(), min_prec)

        def extend(left: Node, min_prec: int) -> Node:
            nonlocal pos
            while pos < len(c):
                token = c[pos]
                prec = _PRECEDENCE.get(token.type) or _PRECEDENCE[str(token)]
                if prec < min_prec:
                    break
                pos += 1
                left = combine(token, left, climb(prec + 1))
            return left

        return climb(0)


# Python's binding strengths; `not` (3) is a prefix handled by the grammar, ** by the grammar.
_PRECEDENCE = {"OR": 1, "AND": 2, "COMP_OP": 4, "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8,
               "+": 9, "-": 9, "*": 10, "/": 10, "%": 10}


def _cache_file(grammar: str) -> str | None:
    """Where Lark keeps its analysed grammar between runs (a private, per-user file)."""
    import hashlib

    import lark
    from platformdirs import user_cache_dir

    folder = Path(os.environ.get("POT_CACHE_DIR") or user_cache_dir("pot"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    digest = hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:16]
    return str(folder / f"grammar-{digest}.lark-cache")


@cache
def _parser() -> Lark:
    grammar = resources.files("pot.dsl").joinpath("expressions.lark").read_text(encoding="utf-8")
    options = dict(parser="lalr", lexer="basic", transformer=_ToAst(), maybe_placeholders=True)
    cache_file = _cache_file(grammar)
    if cache_file:
        try:
            return Lark(grammar, cache=cache_file, **options)
        except Exception:  # an unreadable or stale cache must never stop parsing
            pass
    return Lark(grammar, **options)


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


def _explain(err: UnexpectedEOF | UnexpectedCharacters | UnexpectedToken, text: str) -> ExprSyntaxError:
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        return ExprSyntaxError("the expression ends too early", len(text) + 1, "check that every ( and [ is closed")
    if isinstance(err, UnexpectedCharacters):
        ch = text[err.pos_in_stream or 0]  # always set by the lexer
        return ExprSyntaxError(f"unexpected character {ch!r}", err.column, _CHAR_HINTS.get(ch))
    token = err.token
    word = str(token)
    hint = _WORD_HINTS.get(word) or _CHAR_HINTS.get(word[:1])
    if word == ")":
        hint = "unmatched ')'"
    elif word == "(":
        hint = hint or "only declared functions can be applied; write f(x)"
    elif hint is None and token.type in ("NAME", "INT", "DECIMAL"):
        hint = "a comma or an operator is missing before it"
    return ExprSyntaxError(f"unexpected {word!r}", token.column, hint)


@lru_cache(maxsize=8192)
def parse_expression(text: str) -> Node:
    """Parse one expression; raise ExprSyntaxError with a column and a hint.

    Cached by text: LLM-written programs repeat facts and rules across samples and
    repairs, and AST nodes are immutable, so sharing them is safe. Errors are not
    cached (lru_cache does not keep exceptions)."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExprSyntaxError(f"expression too long ({len(text)} characters, limit {MAX_EXPRESSION_LENGTH})", None,
                              "split it into several facts")
    if not text.strip():
        raise ExprSyntaxError("empty expression", None, "write a formula, e.g. p(a)")
    try:
        node: object = _parser().parse(text)  # the transformer runs inline: an AST node, not a tree
    except (UnexpectedEOF, UnexpectedCharacters, UnexpectedToken) as err:  # every error an LALR parse raises
        raise _explain(err, text) from None
    if not isinstance(node, Node):  # the grammar never yields a bare token; be safe
        raise ExprSyntaxError(f"unexpected {node!r}", getattr(node, "column", None))
    return node
