"""Expression text → untyped AST, with the Lark grammar in `expressions.lark`.

The parser is LALR, built once, and runs the transformer inline while parsing, so
there is no parse tree and no recursion however deep the input nests. The transformer
refuses, with a located error, what later stages could not hold: nesting past
MAX_DEPTH (refused while parsing, before anything recurses on it) and number literals
past MAX_LITERAL_DIGITS (`1e99999999` is 16 characters but 10**99999999 exactly).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import threading
from collections import OrderedDict
from dataclasses import replace
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken
from lark.grammar import Rule
from lark.lexer import TerminalDef

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


def _too_deep(column: int | None) -> ExprSyntaxError:
    return ExprSyntaxError(f"expression nests too deep (limit {MAX_DEPTH} levels)", column,
                           "split it into several facts or rules", "too-deep")


def _depth(*items) -> int:
    depth = 1 + max((getattr(i, "depth", 0) for i in items), default=0)
    if depth > MAX_DEPTH:
        raise _too_deep(getattr(items[0], "col", None) if items else None)
    return depth


def _too_large(token: Token, digits: int) -> ExprSyntaxError:
    return ExprSyntaxError(f"number literal too large ({digits} digits, limit {MAX_LITERAL_DIGITS})", token.column,
                           "write a smaller number: pot reasons about exact values", "number-too-large")


def _decimal(token: Token) -> Fraction:
    """A DECIMAL token's exact value, refused before computing it when it is too large."""
    mantissa, _, exponent = str(token).lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return Fraction(0)
    if len(exponent.lstrip("+-").lstrip("0")) > len(str(MAX_LITERAL_DIGITS)):
        raise _too_large(token, MAX_LITERAL_DIGITS + 1)
    scale = int(exponent or 0) - len(fraction)
    size = len(digits) + abs(scale)
    if size > MAX_LITERAL_DIGITS:
        raise _too_large(token, size)
    return Fraction(int(digits) * 10 ** scale) if scale >= 0 else Fraction(int(digits), 10 ** -scale)


class _ToAst(Transformer):
    """Lark callbacks: one per grammar alias, each builds one AST node."""

    def name(self, c):
        return Name(str(c[0]), c[0].column)

    def int_lit(self, c):
        digits = len(str(c[0]).lstrip("0"))
        if digits > MAX_LITERAL_DIGITS:
            raise _too_large(c[0], digits)
        return Literal(int(c[0]), "int", c[0].column)

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
                node = extend(node, _PRECEDENCE["COMP_OP"])
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


_CACHE_FILE_LIMIT = 1 << 20
_OPTIONS = dict(parser="lalr", lexer="basic", maybe_placeholders=True)


def _private_folder(folder: Path) -> tuple[int, bool] | None:
    """An open descriptor of `folder` when it is private to this user (0700, ours, not a
    link), and whether its files can be trusted (False when it had to be made private).

    The analysed grammar is a pickle, and unpickling runs code: it is read only from a
    folder nobody else could write to. Checked on the open descriptor, so the folder
    cannot be swapped between the check and the use."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    info = os.fstat(fd)
    trusted = True
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077:
        trusted = False  # others could write there until now: its files are overwritten, not read
        try:
            os.fchmod(fd, 0o700)
            info = os.fstat(fd)
        except OSError:
            pass
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        os.close(fd)
        return None
    return fd, trusted


def _read_private(folder_fd: int, name: str) -> bytes | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder_fd)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            return None
        return fh.read(_CACHE_FILE_LIMIT)


def _write_private(folder_fd: int, name: str, data: bytes) -> None:
    temp = f".{name}.{os.getpid()}.{threading.get_ident()}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder_fd)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=folder_fd)


def build_parser(cache_folder: Path | None) -> Lark:
    """The LALR parser, its tables read from (or saved to) `cache_folder` when it is private.

    Building the tables costs about 0.2 s per process, most of a cold `pot verify`'s own work."""
    import hashlib

    import lark

    grammar = resources.files("pot.dsl").joinpath("expressions.lark").read_text(encoding="utf-8")
    private = _private_folder(cache_folder) if cache_folder is not None else None
    if private is None:
        return Lark(grammar, transformer=_ToAst(), **_OPTIONS)
    folder_fd, trusted = private
    try:
        name = "expressions-" + hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:16] + ".pickle"
        data = _read_private(folder_fd, name) if trusted else None
        if data is not None:
            try:
                return Lark.__new__(Lark)._load(pickle.loads(data), transformer=_ToAst())
            except Exception:  # a stale or damaged cache must never stop parsing: rebuild it
                pass
        parser = Lark(grammar, transformer=_ToAst(), **_OPTIONS)
        tables, memo = parser.memo_serialize([TerminalDef, Rule])
        tables["options"] = {k: v for k, v in tables["options"].items() if k != "transformer"}
        _write_private(folder_fd, name, pickle.dumps({"data": tables, "memo": memo}, pickle.HIGHEST_PROTOCOL))
        return parser
    finally:
        os.close(folder_fd)


@cache
def _parser() -> Lark:
    from pot.paths import cache_root

    return build_parser(cache_root() / "grammar")


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


CACHE_CHARACTERS = 1_000_000
"""The parse cache holds expressions of this many characters in all (a few hundred MB at worst)."""
CACHED_LENGTH = 2_000
"""Longer expressions are parsed each time: LLM-written facts are short."""

_cache: OrderedDict[str, Node] = OrderedDict()
_cached_characters = 0
_cache_lock = threading.Lock()


def parse_expression(text: str) -> Node:
    """Parse one expression; raise ExprSyntaxError with a column and a hint.

    Cached by text, least recently used first out, bounded by total length:
    LLM-written programs repeat facts and rules across samples and repairs, and AST
    nodes are immutable, so sharing them is safe. Errors are not cached."""
    global _cached_characters
    with _cache_lock:
        node = _cache.get(text)
        if node is not None:
            _cache.move_to_end(text)
            return node
    node = _parse(text)
    if len(text) <= CACHED_LENGTH:
        with _cache_lock:
            if text not in _cache:
                _cache[text] = node
                _cached_characters += len(text)
                while _cached_characters > CACHE_CHARACTERS:
                    old, _ = _cache.popitem(last=False)
                    _cached_characters -= len(old)
    return node


def clear_cache() -> None:
    global _cached_characters
    with _cache_lock:
        _cache.clear()
        _cached_characters = 0


def _parse(text: str) -> Node:
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
