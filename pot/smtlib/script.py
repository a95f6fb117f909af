"""The scope model of an SMT-LIB script: which assertions each `(check-sat)` sees.

Commands are replayed in order over a stack of scopes (push/pop). Each declaration
and each assertion is handed to Z3's own parser together with the declarations in
scope before it, placed at its original line and column, so Z3's error positions
are positions in the script. A command Z3 rejects is left out and reported; the
script goes on, as the z3 command line does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from pot.errors import Diagnostic, error, warning
from pot.smtlib.reader import (
    DECLARATIONS,
    FATAL_CODES,
    NO_EFFECT,
    UNSUPPORTED,
    Command,
    Kind,
    Node,
    decode,
    read_commands,
    symbol_name,
)

MAX_PARSE_CHARS = 20_000_000  # text handed to Z3's parser over the whole script

CLAIM_PREFIX = "claim"
"""An assertion named `claim…` with `(! φ :named claim…)` is a claim, not a premise (entail semantics)."""

_Z3_ERROR = re.compile(r'\(error "line (\d+) column (\d+): (.*?)"\)\s*(?=\(error|$)', re.S)
_UNKNOWN_SYMBOL = re.compile(r"unknown (?:constant|function/constant|sort) ([^\s()]+)")
_UNKNOWN_SORT = re.compile(r"unknown sort '([^'\s]+)'")
_UNKNOWN_CONSTANT = re.compile(r"unknown constant ([^\s()]+)(?: \(([^()]*)\))?$")
_UNKNOWN_FUNCTION = re.compile(r"unknown function ([^\s()]+) \(applied to ([^()]*)\)$")
_NAMED_AGAIN = "named expression already defined"


@dataclass
class Assertion:
    """An `(assert φ)` Z3 accepted."""

    index: int  # among the script's assert commands, from 0
    line: int
    column: int
    text: str  # φ as written (without a `!` annotation)
    name: str | None  # its :named label
    term: z3.BoolRef

    @property
    def id(self) -> str:
        return f"assert[{self.index}] (line {self.line})"

    @property
    def is_claim(self) -> bool:
        return self.name is not None and self.name.startswith(CLAIM_PREFIX)


@dataclass
class CheckSat:
    """A `(check-sat)` and the assertions in scope when it runs (indices into Script.assertions)."""

    index: int
    line: int
    in_scope: list[int]

    @property
    def id(self) -> str:
        return f"check-sat[{self.index}] (line {self.line})"


@dataclass
class Symbols:
    """The script's uninterpreted constants, functions and sorts, for counter-models."""

    constants: dict[str, z3.ExprRef] = field(default_factory=dict)
    functions: dict[str, z3.FuncDeclRef] = field(default_factory=dict)
    sorts: dict[str, z3.SortRef] = field(default_factory=dict)


@dataclass
class Script:
    """A script read into one Z3 context.

    `fatal` are problems that leave nothing to decide (unreadable text, no check-sat);
    `rejected` are commands left out, as z3 leaves them out, each with its reason.
    """

    ctx: z3.Context
    assertions: list[Assertion] = field(default_factory=list)
    checks: list[CheckSat] = field(default_factory=list)
    fatal: list[Diagnostic] = field(default_factory=list)
    rejected: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # warnings: ignored commands

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem, in script order; rejected commands are errors."""
        return self.fatal + sorted(self.rejected + self.notes, key=_line_of)

    def symbols(self) -> Symbols:
        return _collect_symbols([a.term for a in self.assertions])


def _line_of(d: Diagnostic) -> tuple[int, int]:
    m = re.match(r"line (\d+)", d.path)
    return (int(m.group(1)) if m else 0, d.column or 0)


@dataclass
class _Scope:
    declarations: int  # prefix entries in scope when the level was pushed
    assertions: int  # assertions in scope then


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.script = Script(ctx=z3.Context())
        self.prefix: list[Node] = []  # declarations (and named assertions) in scope
        self.in_scope: list[int] = []
        self.scopes: list[_Scope] = []
        self.asserts_seen = 0
        self.parsed_chars = 0
        self.preparsed: dict[int, z3.BoolRef] | None = None

    def run(self, commands: list[Command], unclosed: list[Diagnostic]) -> Script:
        """`unclosed`: the reader's diagnostic of a command left open at the end. Whatever it took
        in, a (check-sat) above all, is not missing from the script, only misplaced: when no
        (check-sat) is left, that diagnostic is the fatal one."""
        if "exit" in (c.name for c in commands):
            commands = commands[:[c.name for c in commands].index("exit")]
        self.preparsed = self.parse_at_once(commands)
        for command in commands:
            self.command(command)
        if not self.script.checks and not self.script.fatal:
            self.script.fatal += unclosed or [error("smt2-no-check-sat", "", "the script has no (check-sat): nothing "
                                                    "to decide", "end the script with (check-sat)")]
        return self.script

    def parse_at_once(self, commands: list[Command]) -> dict[int, z3.BoolRef] | None:
        """The common case, fast: a script without push/pop that Z3 reads whole without error.

        Then every declaration is accepted and the i-th term Z3 returns is the i-th
        assertion's, keyed here by the assert's offset; None means: go command by command.
        """
        if any(c.name in ("push", "pop") for c in commands):
            return None
        parts = [c.node for c in commands if c.name in DECLARATIONS or c.name == "assert"]
        asserts = [c.node.start for c in commands if c.name == "assert"]
        source = "\n".join(self.text[n.start:n.end] for n in parts)
        self.parsed_chars += len(source)
        if self.parsed_chars > MAX_PARSE_CHARS:
            return None
        try:
            vector = z3.parse_smt2_string(source, ctx=self.script.ctx)
        except Exception:  # located diagnostics come from the command-by-command reading
            return None
        if len(vector) != len(asserts):
            return None
        return {start: vector[i] for i, start in enumerate(asserts)}

    def command(self, command: Command) -> None:
        name, node = command.name, command.node
        if name in DECLARATIONS:
            if self.preparsed is not None or self.parse(command) is not None:
                self.prefix.append(node)
        elif name == "assert":
            self.assertion(command)
        elif name == "check-sat":
            self.script.checks.append(CheckSat(len(self.script.checks), command.line, list(self.in_scope)))
        elif name in ("push", "pop"):
            self.push_pop(command)
        elif name in NO_EFFECT:
            return
        elif not name:
            self.reject(command, "smt2-not-a-command", "a command starts with its name, like (assert ...)",
                        "remove this list or name the command")
        elif name in UNSUPPORTED:
            self.script.notes.append(warning("smt2-unsupported", f"line {command.line}",
                                             f"command '{name}' is not supported and was ignored",
                                             "pot decides assertions at each (check-sat); push/pop scope them",
                                             command.column))
        else:
            self.reject(command, "smt2-unknown-command", f"unknown command '{name[:40]}'",
                        "a term belongs inside (assert ...); check the parentheses before it")

    def assertion(self, command: Command) -> None:
        index = self.asserts_seen
        self.asserts_seen += 1
        if (outside := _label_outside(command.node)) is not None:
            key, name = outside
            self.script.rejected.append(error(
                "smt2-named-outside", f"line {key.line}", f"':named {name}' stands outside the (! ...) it labels",
                f"move it inside: (assert (! TERM :named {name}))", key.column))
            return
        if self.preparsed is not None:
            term = self.preparsed[command.node.start]
        else:
            vector = self.parse(command)
            if vector is None:
                return
            if len(vector) == 0:
                self.reject(command, "smt2-bad-assert", "the assert command has no term", "write (assert TERM)")
                return
            term = vector[len(vector) - 1]
        body, label = _unwrap_named(command.node)
        self.script.assertions.append(Assertion(index, command.line, command.column,
                                                self.text[body.start:body.end] if body else "", label, term))
        self.in_scope.append(len(self.script.assertions) - 1)
        if label is not None:  # later terms may use the label as a name
            self.prefix.append(command.node)

    def push_pop(self, command: Command) -> None:
        args = command.node.children[1:]
        if len(args) > 1 or (args and (args[0].kind != Kind.NUMERAL or not args[0].text.isdigit())):
            self.reject(command, "smt2-bad-scope", f"({command.name}) takes one numeral, the number of levels",
                        f"write ({command.name}) or ({command.name} 1)")
            return
        levels = int(args[0].text) if args else 1
        if command.name == "push":
            for _ in range(min(levels, 1_000)):
                self.scopes.append(_Scope(len(self.prefix), len(self.in_scope)))
            return
        if levels > len(self.scopes):
            self.reject(command, "smt2-bad-scope", f"(pop {levels}) but only {len(self.scopes)} level(s) are pushed",
                        "pop only what was pushed")
            return
        if levels == 0:
            return
        scope = self.scopes[-levels]
        del self.scopes[-levels:]
        del self.prefix[scope.declarations:]
        del self.in_scope[scope.assertions:]

    def parse(self, command: Command) -> z3.AstVector | None:
        """Z3's parse of a command with the declarations in scope before it; None (and a diagnostic) when rejected."""
        source = self.placed(command.node)
        self.parsed_chars += len(source)
        if self.parsed_chars > MAX_PARSE_CHARS:
            self.reject(command, "smt2-too-large", "the script is too large to process",
                        "shorten the script: fewer declarations or assertions")
            return None
        try:
            return z3.parse_smt2_string(source, ctx=self.script.ctx)
        except z3.Z3Exception as e:
            self.z3_errors(command, e)
        except Exception as e:  # Z3 reports what its Python layer cannot encode this way too
            self.reject(command, "smt2-z3", f"Z3 could not read this command ({type(e).__name__})",
                        "write it in plain SMT-LIB 2")
        return None

    def placed(self, node: Node) -> str:
        """The prefix on as few lines as possible, then `node` at its original line and column."""
        parts = [" ".join(self.text[p.start:p.end] for p in self.prefix)]
        lines_used = parts[0].count("\n")
        gap = node.line - 1 - lines_used
        if gap > 0:
            parts.append("\n" * gap + " " * (node.column - 1))
        else:  # on the prefix's last line: pad to the column if there is room
            used = len(parts[0]) - (parts[0].rfind("\n") + 1)
            parts.append(" " * max(node.column - 1 - used, 1))
        parts.append(self.text[node.start:node.end])
        return "".join(parts)

    def z3_errors(self, command: Command, e: z3.Z3Exception) -> None:
        raw = e.value.decode("utf-8", "replace") if isinstance(e.value, bytes) else str(e.value)
        found = False
        for m in _Z3_ERROR.finditer(raw):
            found = True
            line, column, message = int(m.group(1)), int(m.group(2)) + 1, " ".join(m.group(3).split())
            if line < command.line or (line == command.line and column < command.column):
                line, column = command.line, command.column  # outside this command: report at its start
            unknown = _UNKNOWN_SYMBOL.match(message)
            if unknown:  # Z3 points past the application: point at the symbol itself
                name = symbol_name(unknown.group(1))
                if at := _last_before(command.node, (line, column), _symbol_named(name)):
                    line, column = at.line, at.column
            if sort := _UNKNOWN_SORT.search(message):  # not "Expecting sort list '('": the list was there
                message = f"unknown sort '{sort.group(1)}'"
            elif (function := _UNKNOWN_CONSTANT.match(message)) and function.group(2):
                message = f"unknown function {function.group(1)} (applied to {function.group(2)})"
            elif message == _NAMED_AGAIN and (label := _last_before(command.node, (line, column), _is_label)):
                message = f"the label {label.text} is already used by an earlier :named assertion"
                line, column = label.line, label.column
            self.script.rejected.append(error("smt2-z3", f"line {line}", _short(message),
                                              _short(_hint(command.name, message)), column))
        if not found:
            self.reject(command, "smt2-z3", _short(raw.strip()) or "Z3 rejected this command", _hint(command.name, ""))

    def reject(self, command: Command, code: str, message: str, hint: str) -> None:
        self.script.rejected.append(error(code, f"line {command.line}", message, hint, command.column))


def _last_before(node: Node, limit: tuple[int, int], wanted: Callable[[Node | None, Node], bool]) -> Node | None:
    """The last node in `node` at or before `limit` (line, column) that `wanted(previous sibling,
    node)` accepts: Z3 reports where it stopped reading, not the symbol it refused."""
    found = None
    stack: list[tuple[Node | None, Node]] = [(None, node)]
    while stack:
        before, n = stack.pop()
        if (n.line, n.column) > limit:
            continue
        if wanted(before, n) and (found is None or n.start > found.start):
            found = n
        stack.extend(zip([None, *n.children], n.children, strict=False))
    return found


def _symbol_named(name: str) -> Callable[[Node | None, Node], bool]:
    return lambda _, node: node.kind == Kind.SYMBOL and symbol_name(node.text) == name


def _is_label(before: Node | None, node: Node) -> bool:
    return before is not None and before.kind == Kind.KEYWORD and before.text == ":named" and node.kind == Kind.SYMBOL


def _short(message: str) -> str:
    return message if len(message) <= 300 else message[:297] + "..."


def _hint(command: str, message: str) -> str:
    """What to write: the declaration a missing name needs, written out (small models repeat a
    general hint's mistake), else the command's general shape."""
    if sort := _UNKNOWN_SORT.search(message):
        return f"declare the sort before its first use: (declare-sort {sort.group(1)} 0)"
    if unknown := _UNKNOWN_CONSTANT.match(message):
        return f"declare it before its first use: (declare-const {unknown.group(1)} SORT)"
    if unknown := _UNKNOWN_FUNCTION.match(message):
        return f"declare it before its first use: (declare-fun {unknown.group(1)} ({unknown.group(2)}) SORT), SORT " \
               "its result: Bool for a predicate"
    if message.endswith("already used by an earlier :named assertion"):
        return "give each :named assertion a label of its own"
    if command == "assert":
        return "declare every symbol before use, apply functions to all their arguments, and assert a Bool term"
    return "check the declaration's syntax: (declare-fun NAME (ARG-SORTS) SORT), sorts declared before use"


def _label_outside(node: Node) -> tuple[Node, str] | None:
    """`(assert (! φ) :named n)`, a slip small models make (Qwen2.5-Coder 1.5B, measured): the
    :named keyword and n, which belong inside the `!`."""
    rest = node.children[2:]
    if len(node.children) < 2 or node.children[1].head != "!" or len(rest) < 2:
        return None
    key, value = rest[0], rest[1]
    if key.kind == Kind.KEYWORD and key.text == ":named" and value.kind == Kind.SYMBOL:
        return key, value.text
    return None


def _unwrap_named(node: Node) -> tuple[Node | None, str | None]:
    """The asserted term without a top-level `(! φ … :named n)`, and n."""
    body = node.children[1] if len(node.children) > 1 else None
    label = None
    while body is not None and body.head == "!" and len(body.children) >= 2:
        attrs = body.children[2:]
        for key, value in itertools.pairwise(attrs):
            if key.kind == Kind.KEYWORD and key.text == ":named" and value.kind == Kind.SYMBOL:
                label = symbol_name(value.text)
        body = body.children[1]
    return body, label


def _collect_symbols(terms: list[z3.BoolRef]) -> Symbols:
    """Uninterpreted constants and functions the terms use, and their declared sorts (one walk, shared nodes once)."""
    out = Symbols()
    seen: set[int] = set()
    stack: list[z3.ExprRef] = list(terms)
    while stack:
        t = stack.pop()
        key = t.get_id()
        if key in seen:
            continue
        seen.add(key)
        if z3.is_quantifier(t):
            stack.append(t.body())
            for i in range(t.num_vars()):
                _add_sort(out, t.var_sort(i))
            continue
        if not z3.is_app(t):
            continue
        d = t.decl()
        if d.kind() == z3.Z3_OP_UNINTERPRETED:
            if d.arity() == 0:
                out.constants.setdefault(d.name(), t)
            else:
                out.functions.setdefault(d.name(), d)
            for i in range(d.arity()):
                _add_sort(out, d.domain(i))
            _add_sort(out, d.range())
        stack.extend(t.children())
    return out


def _add_sort(out: Symbols, sort: z3.SortRef) -> None:
    if sort.kind() == z3.Z3_UNINTERPRETED_SORT:
        out.sorts.setdefault(sort.name(), sort)


def read_script(source: str | bytes) -> Script:
    """A script from its text; never raises on bad input."""
    text, problems = decode(source)
    if text is None:
        return Script(ctx=z3.Context(), fatal=problems)
    commands, problems = read_commands(text)
    if any(d.code in FATAL_CODES for d in problems):
        return Script(ctx=z3.Context(), fatal=problems)
    script = _Builder(text).run(commands, [d for d in problems if d.code == "smt2-unclosed"])
    script.rejected += [d for d in problems if d not in script.fatal]
    return script
