"""Expression text → untyped AST, by hand: the language of `expressions.lark` without lark.

Importing lark (and `regex`, which lark imports when it is installed) and loading its
tables was a quarter of a cold `pot verify`. This reader reads the same language and
calls the same builders (`pot.dsl.syntax`) at the moments an LALR parser reduces: a node
is built once the token after it has been read and may follow it, so a program with both
a syntax error and, say, a too-large number reports the same one lark would. The lexer
is lark's basic lexer for this grammar: the same terminal expressions tried in the same
order, keywords taken out of names afterwards, columns counted from the line's start.
The tests hold both parsers to the same tree, error and column on every input.

It does not recurse: open brackets are frames on a list, so `(((...)))` nested thousands
deep is read (parentheses add no level) and deep calls end in the builders' too-deep
error, never in a RecursionError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pot.dsl.ast import Node
from pot.dsl.syntax import AstBuilder, ends_early, unexpected_character, unexpected_token

# lark's order: priority first (BIT_OP.2), then the unbounded terminals by length of their
# expression, then the fixed ones longest first. The first alternative that matches wins.
_TERMINALS = (
    ("BIT_OP", r"<<|>>|&|\||\^"),
    ("NAME", r"[^\W\d][\w\u0300-\u036F\u0483-\u0487\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED"
             r"\u0900-\u0DFF\u0E31-\u0E4E\u0EB1-\u0ECD\u0F18-\u0FBC\u1000-\u109F\u17B4-\u17D3\u1AB0-\u1AFF"
             r"\u1DC0-\u1DFF\u20D0-\u20F0\u302A-\u302F\u3099\u309A\uFE20-\uFE2F]*"),
    ("DECIMAL", r"(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+"),
    ("STRING", r""""[^"\n]*"|'[^'\n]*'"""),
    ("WS", r"[ \t\f\r\n]+"),
    ("INT", r"[0-9]+"),
    ("COMP_OP", r"==|!=|<=|>=|<|>"),
    ("POW", r"\*\*"),
    ("MUL_OP", r"\*|/|%"),
    ("ADD_OP", r"\+|-"),
    ("COMMA", r","),
    ("LPAR", r"\("),
    ("LSQB", r"\["),
    ("RPAR", r"\)"),
    ("RSQB", r"\]"),
    ("TILDE", r"~"),
)
_SCAN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TERMINALS)).match
_KEYWORDS = {"False": "FALSE", "True": "TRUE", "and": "AND", "not": "NOT", "or": "OR"}

_OPERATORS = frozenset({"OR", "AND", "COMP_OP", "BIT_OP", "ADD_OP", "MUL_OP"})
_AFTER_ATOM = _OPERATORS | {"LSQB", "POW", "RPAR", "RSQB", "COMMA", "$END"}
"""The tokens that may follow an atom: on any other, the parse fails before the atom is built."""

_B = AstBuilder()
_LITERALS: dict[str, Callable[[list], Node]] = {"INT": _B.int_lit, "DECIMAL": _B.dec_lit, "STRING": _B.string,
                                                "TRUE": _B.true, "FALSE": _B.false}


class Token:
    __slots__ = ("column", "type", "value")

    def __init__(self, type_: str, value: str, column: int):
        self.type = type_
        self.value = value
        self.column: int | None = column

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, {self.column})"


def _lex(text: str) -> Iterator[Token]:
    """Tokens one at a time, as the parser asks: a bad character after a syntax error is never reached."""
    pos, line_start, end = 0, 0, len(text)
    while pos < end:
        match = _SCAN(text, pos)
        if match is None:
            raise unexpected_character(text[pos], pos - line_start + 1)
        kind, value = match.lastgroup or "", match.group()
        if kind == "WS":
            newline = value.rfind("\n")
            if newline >= 0:
                line_start = pos + newline + 1
        else:
            yield Token(_KEYWORDS.get(value, kind) if kind == "NAME" else kind, value, pos - line_start + 1)
        pos = match.end()
    yield Token("$END", "", pos - line_start + 1)


class _Frame:
    """One open expression: the whole text, or the inside of ( ), f( ), [ ] or x[ ]."""

    __slots__ = ("head", "items", "kind", "nots", "powers", "seq", "signs")

    def __init__(self, kind: str, head: Token | Node | None = None):
        self.kind = kind  # "top", "group", "call", "list", "index"
        self.head = head  # the function's name token (call), the indexed atom (index)
        self.items: list[Node] = []  # finished arguments (call, list)
        self.seq: list = []  # `unit op unit op ...` so far
        self.nots: list[Token] = []  # the current unit's prefix `not`s
        self.signs: list[Token] = []  # - + ~ before the current atom
        self.powers: list[tuple[list[Token], Node]] = []  # (signs, atom) before each ** of the current unit


def _fail(token: Token, text: str) -> Exception:
    return ends_early(text) if token.type == "$END" else unexpected_token(token)


def read_expression(text: str) -> Node:
    """Parse one (non-empty, size-checked) expression; raise ExprSyntaxError with a column and a hint."""
    tokens = _lex(text)
    tok = next(tokens)
    frame = _Frame("top")
    stack: list[_Frame] = []
    while True:
        # An operand: prefixes, then an atom (or an opening bracket: a new frame).
        while True:
            if tok.type == "NOT" and not frame.signs and not frame.powers:
                frame.nots.append(tok)
            elif tok.type == "ADD_OP" or tok.type == "TILDE":
                frame.signs.append(tok)
            else:
                break
            tok = next(tokens)
        kind = tok.type
        build: Callable[[list], Node]
        children: list
        if kind == "NAME":
            head, tok = tok, next(tokens)
            if tok.type == "LPAR":
                stack.append(frame)
                frame, tok = _Frame("call", head), next(tokens)
                if tok.type != "RPAR":
                    continue
                build, children = _B.call, [head, None]  # f()
                frame, tok = stack.pop(), next(tokens)
            else:
                build, children = _B.name, [head]
        elif kind in _LITERALS:
            build, children = _LITERALS[kind], [tok]
            tok = next(tokens)
        elif kind == "LPAR" or kind == "LSQB":
            stack.append(frame)
            frame, tok = _Frame("group" if kind == "LPAR" else "list"), next(tokens)
            if kind == "LPAR" or tok.type != "RSQB":
                continue
            build, children = _B.list_, [None]  # []
            frame, tok = stack.pop(), next(tokens)
        else:
            raise _fail(tok, text)

        # A finished atom, then what follows it: [index], ** power, an operator, or the end of its frame.
        while True:
            if tok.type not in _AFTER_ATOM:
                raise _fail(tok, text)
            atom = build(children)
            if tok.type == "LSQB":
                stack.append(frame)
                frame, tok = _Frame("index", atom), next(tokens)
                break
            if tok.type == "POW":
                frame.powers.append((frame.signs, atom))
                frame.signs, tok = [], next(tokens)
                break
            node = atom
            for sign in reversed(frame.signs):
                node = _B.unary([sign, node])
            for signs, base in reversed(frame.powers):
                node = _B.power([base, node])
                for sign in reversed(signs):
                    node = _B.unary([sign, node])
            for _ in frame.nots:
                node = _B.not_([node])
            frame.seq.append(node)
            frame.nots, frame.signs, frame.powers = [], [], []
            if tok.type in _OPERATORS:
                frame.seq.append(tok)
                tok = next(tokens)
                break
            # The frame's expression is whole: tok is ) ] , or the end.
            expr = frame.seq[0] if len(frame.seq) == 1 else _B.operators(frame.seq)
            kind, frame.seq = frame.kind, []
            if kind == "top":
                if tok.type != "$END":
                    raise _fail(tok, text)
                return expr
            closer = "RPAR" if kind in ("group", "call") else "RSQB"
            if kind in ("call", "list") and tok.type == "COMMA":
                frame.items.append(expr)
                tok = next(tokens)
                if tok.type != closer:
                    break  # the next argument
            elif tok.type == closer:
                if kind in ("call", "list"):
                    frame.items.append(expr)
            else:
                raise _fail(tok, text)
            tok = next(tokens)
            done, frame = frame, stack.pop()
            if kind == "group":
                build, children = _B.group, [expr]
            elif kind == "index":
                build, children = _B.index, [done.head, expr]
            elif kind == "call":
                build, children = _B.call, [done.head, _B.args(done.items)]
            else:
                build, children = _B.list_, [_B.args(done.items)]
