"""SMT-LIB 2 text → top-level commands, each an s-expression tree with its position.

This is only the lexical layer: it finds where each command starts and ends, so a
script can be handed to Z3's parser one scope at a time and every problem can be
reported at a line and column. It never raises on bad input: every problem is a
located `Diagnostic`, and the input is bounded in size, nesting and numeral length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from pot.errors import Diagnostic, error

MAX_BYTES = 1_000_000  # LLM-written scripts are a few kilobytes
MAX_DEPTH = 256  # parentheses open at once
MAX_COMMANDS = 10_000
MAX_NUMERAL_DIGITS = 1_000  # far below Python's 4,300-digit int conversion limit


class Kind(StrEnum):
    """What a token (or a node) is."""

    LIST = "list"
    SYMBOL = "symbol"  # simple or |quoted|; `text` keeps the bars
    KEYWORD = "keyword"  # :named
    STRING = "string"
    NUMERAL = "numeral"  # 42, 4.2, #x1F, #b101


@dataclass
class Node:
    """An s-expression with its span in the script (offsets into the text; line and column 1-based)."""

    kind: Kind
    start: int
    line: int
    column: int
    end: int = 0
    text: str = ""  # atoms only
    children: list[Node] = field(default_factory=list)

    @property
    def head(self) -> str | None:
        """The symbol a list starts with: a command's or an application's name."""
        if self.kind == Kind.LIST and self.children and self.children[0].kind == Kind.SYMBOL:
            return self.children[0].text
        return None


@dataclass
class Command:
    """One top-level command: `(assert …)`, `(check-sat)`, ..."""

    node: Node
    name: str  # "" when the command has no symbol at its head

    @property
    def line(self) -> int:
        return self.node.line

    @property
    def column(self) -> int:
        return self.node.column


def symbol_name(text: str) -> str:
    """A symbol's name: |quoted| and simple spellings of the same symbol are equal."""
    return text[1:-1] if len(text) >= 2 and text[0] == "|" and text[-1] == "|" else text


def decode(data: bytes | str) -> tuple[str | None, list[Diagnostic]]:
    """The script as text, or a located error for bytes that are not UTF-8 or for NUL characters."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [_too_large(len(data))]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line, column = _position(data[: e.start].decode("utf-8", "replace"), e.start)
            return None, [error("smt2-encoding", f"line {line}", f"byte {data[e.start]:#04x} is not valid UTF-8",
                                "save the script as UTF-8", column)]
    else:
        text = data
        if len(text) > MAX_BYTES:
            return None, [_too_large(len(text))]
    nul = text.find("\0")
    if nul >= 0:
        line, column = _position(text, nul)
        return None, [error("smt2-nul", f"line {line}", "the script contains a NUL character",
                            "remove it: SMT-LIB text never contains NUL", column)]
    return text, []


def _too_large(size: int) -> Diagnostic:
    return error("smt2-too-large", "", f"the script has {size:,} characters, more than the {MAX_BYTES:,} accepted",
                 "split it or shorten it")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_SKIP = re.compile(r"(?:[ \t\r\n]+|;[^\n]*)+")
_PLAIN = re.compile(r'[^()";| \t\r\n]*')
_LINE_END = re.compile(r"[ \t\r]*(?:;[^\n]*)?(?:\n|$)")  # nothing more on the line but a comment


class _Lexer:
    def __init__(self, text: str):
        self.text, self.i, self.line, self.line_start = text, 0, 1, 0

    def where(self, offset: int) -> tuple[int, int]:
        """Line and column of an offset at or after the current line's start."""
        return self.line, offset - self.line_start + 1

    def advance_to(self, offset: int) -> None:
        """Move to `offset`, counting the newlines passed."""
        text = self.text
        nl = text.find("\n", self.i, offset)
        while nl >= 0:
            self.line += 1
            self.line_start = nl + 1
            nl = text.find("\n", nl + 1, offset)
        self.i = offset


FATAL_CODES = frozenset({"smt2-encoding", "smt2-nul", "smt2-too-large", "smt2-too-deep", "smt2-too-many-commands",
                         "smt2-numeral-too-long"})
"""Problems after which nothing of the script is used; after the others, the commands read are."""


def read_commands(text: str) -> tuple[list[Command], list[Diagnostic]]:
    """Split a script into its top-level commands.

    A stray ')' or a token outside any command is reported and skipped, as z3 skips
    it; an unclosed command, string or symbol ends the reading (the commands before it
    are kept); a problem with a code in FATAL_CODES ends it too. A command written without
    its '(' (`assert (! φ :named n))`, a slip of small models) is one problem, not three: the
    rest of its line, which z3 would reject as an unknown command and a stray ')', is skipped
    unreported (a list on it headed by a command name is still read).
    """
    lex = _Lexer(text)
    commands: list[Command] = []
    problems: list[Diagnostic] = []
    stack: list[Node] = []
    bare_line = 0  # the line of the last command name written without its '('
    n = len(text)
    while True:
        skipped = _SKIP.match(text, lex.i)  # white space and comments
        if skipped:
            lex.advance_to(skipped.end())
        if lex.i >= n:
            break
        start = lex.i
        line, column = lex.where(start)
        c = text[start]
        if c == "(":
            if len(stack) >= MAX_DEPTH:
                return commands, [*problems, _err("smt2-too-deep", line, column,
                                       f"parentheses nested more than {MAX_DEPTH} deep", "flatten the term")]
            stack.append(Node(Kind.LIST, start, line, column))
            lex.advance_to(start + 1)
            continue
        if c == ")":
            lex.advance_to(start + 1)
            if not stack:
                if line != bare_line:
                    problems.append(_err("smt2-unbalanced", line, column, "')' closes nothing",
                                         "remove it or add the '(' it should close"))
                continue
            node = stack.pop()
            node.end = start + 1
            if stack:
                stack[-1].children.append(node)
            elif node.line != bare_line or node.head in COMMAND_NAMES:
                commands.append(Command(node, node.head or ""))
                if len(commands) > MAX_COMMANDS:
                    return commands, [*problems, _err("smt2-too-many-commands", line, column,
                                           f"more than {MAX_COMMANDS:,} commands", "shorten the script")]
            continue
        atom, problem = _atom(lex, start, line, column)
        if problem is not None:
            return commands, [*problems, problem]
        assert atom is not None
        if not stack and atom.kind == Kind.SYMBOL and atom.text in COMMAND_NAMES:
            bare_line = line
            alone = _LINE_END.match(text, lex.i) is not None
            problems.append(_err("smt2-missing-paren", line, column, f"'(' missing before {atom.text}",
                                 f"write ({atom.text}{')' if alone else ' ...)'}; until then the rest of this line "
                                 "is not read"))
            continue
        if not stack:
            problems.append(_err("smt2-not-a-command", line, column, f"'{atom.text[:40]}' outside any command",
                                 "every command is a parenthesised list, like (assert ...)"))
            continue
        stack[-1].children.append(atom)
    if stack:
        return commands, [*problems, _unclosed(stack)]
    return commands, problems


DECLARATIONS = frozenset({
    "declare-sort", "define-sort", "declare-fun", "declare-const", "define-fun", "define-const", "define-fun-rec",
    "define-funs-rec", "declare-datatype", "declare-datatypes",
})
# SMT-LIB 2.6 (and z3) commands pot does not run: ignored with a warning.
UNSUPPORTED = frozenset({
    "check-sat-assuming", "reset", "reset-assertions", "declare-codatatypes", "assert-soft", "minimize", "maximize",
    "get-objectives", "simplify", "eval", "display", "apply", "check-sat-using",
})
# Commands that do not change what a check-sat decides.
NO_EFFECT = frozenset({
    "set-logic", "set-option", "set-info", "get-model", "get-value", "get-unsat-core", "get-info", "get-option",
    "get-assertions", "get-assignment", "get-proof", "get-unsat-assumptions", "echo",
})
COMMAND_NAMES = DECLARATIONS | UNSUPPORTED | NO_EFFECT | {"assert", "check-sat", "push", "pop", "exit"}


def _unclosed(stack: list[Node]) -> Diagnostic:
    """The command left open at the end. It has taken in every command after it, so the first of
    those (a list headed by a command name inside it) says where a ')' is missing at the latest:
    the (check-sat) it swallowed is the problem a reader sees, not a script without one."""
    open_ = stack[0]
    count = f"{len(stack)} parenthes{'is' if len(stack) == 1 else 'es'} still open at the end"
    inside = [n for n in _descendants(stack) if n.kind == Kind.LIST and n.head in COMMAND_NAMES]
    if not inside:
        return _err("smt2-unclosed", open_.line, open_.column, f"'(' is never closed ({count})",
                    "add the missing ')'")
    first = min(inside, key=lambda n: (n.line, n.column))
    return _err("smt2-unclosed", open_.line, open_.column,
                f"'(' is never closed ({count}): the ({first.head} ...) at line {first.line}, column "
                f"{first.column} is read as part of this command",
                f"add the missing ')' before line {first.line}, column {first.column}")


def _descendants(stack: list[Node]) -> list[Node]:
    """The open lists but the outermost, and everything inside them."""
    found: list[Node] = []
    todo = [*stack[0].children, *stack[1:]]
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(node.children)
    return found


def _atom(lex: _Lexer, start: int, line: int, column: int) -> tuple[Node | None, Diagnostic | None]:
    text, c = lex.text, lex.text[start]
    if c == '"':
        i = start + 1
        while True:
            q = text.find('"', i)
            if q < 0:
                return None, _err("smt2-unterminated-string", line, column, "string never closed", 'add the closing "')
            if q + 1 < len(text) and text[q + 1] == '"':  # "" is an escaped quote
                i = q + 2
                continue
            end, kind = q + 1, Kind.STRING
            break
    elif c == "|":
        q = text.find("|", start + 1)
        if q < 0:
            return None, _err("smt2-unterminated-symbol", line, column, "quoted symbol never closed",
                              "add the closing |")
        if "\\" in text[start + 1:q]:
            return None, _err("smt2-bad-symbol", line, column, "a quoted symbol cannot contain '\\'",
                              "remove the backslash")
        end, kind = q + 1, Kind.SYMBOL
    else:
        end = _PLAIN.match(text, start).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        token = text[start:end]
        if c == ":":
            kind = Kind.KEYWORD
        elif c.isdigit() or c == "#":
            kind = Kind.NUMERAL
            if len(token) > MAX_NUMERAL_DIGITS:
                return None, _err("smt2-numeral-too-long", line, column,
                                  f"a numeral of {len(token):,} characters (at most {MAX_NUMERAL_DIGITS:,})",
                                  "use a smaller constant")
        else:
            kind = Kind.SYMBOL
    lex.advance_to(end)
    return Node(kind, start, line, column, end=end, text=text[start:end]), None


def _err(code: str, line: int, column: int, message: str, hint: str) -> Diagnostic:
    return error(code, f"line {line}", message, hint, column)
