"""A JSON DSL program as a standard SMT-LIB 2.6 script, printed by Z3's own printer.

The script declares the vocabulary, asserts each premise once with a `:named` label,
and decides each claim in its own scope: push, assert the claim (named `claim!j`, so
pot's entail semantics reads it as the claim), check-sat, pop. z3 and cvc5 read it
unchanged; verifying it with pot gives the JSON program's verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import z3

from pot.errors import Diagnostic, ProgramError, errors_only, warning
from pot.smtlib.reader import read_commands

_Z3_POWER = re.compile(r"\(\*\*(?=[\s)])")
"""Z3 prints power as `**`, which only Z3 reads; SMT-LIB solvers (cvc5, and Z3 too) read `^`.
pot's names cannot hold `(`, so this is never inside a symbol."""

_DECLARATION_COMMANDS = frozenset({"declare-sort", "declare-fun", "declare-const", "declare-datatypes",
                                   "declare-datatype", "define-sort", "define-fun"})


@dataclass
class _Formula:
    id: str  # "knowledge_base[3]", "verifications[0]"
    name: str | None
    text: str  # as the program wrote it
    term: z3.BoolRef


@dataclass
class _Compiled:
    ctx: z3.Context
    constants: list[z3.ExprRef]
    premises: list[_Formula]
    claims: list[_Formula]
    has_optimization: bool


def _compile(source: object) -> tuple[_Compiled, list[Diagnostic]]:
    """The program through the public pipeline (load, check, compile); ProgramError when invalid.

    The only place that knows the pipeline's shapes.
    """
    from pot.api import _bounded
    from pot.checker import check_program
    from pot.dsl.parsed import parse_program
    from pot.dsl.program import load_program
    from pot.logic.compile import compile_program

    source, too_large = _bounded(source)  # type: ignore[arg-type]  # the input cap of check and verify
    if too_large:
        raise ProgramError(too_large)
    program, diags = load_program(source)  # load_program reports a wrong type itself
    if program is None:
        raise ProgramError(diags)
    checked, more = check_program(parse_program(program))
    diags += more
    if checked is None or errors_only(diags):
        raise ProgramError(diags)
    compiled = compile_program(checked)
    premises = [_Formula(f.id, f.name, f.text, t) for f, t in compiled.premises]
    claims = [_Formula(f.id, f.name, f.text, t) for f, t in compiled.claims]
    return _Compiled(compiled.ctx, list(compiled.constants.values()), premises, claims,
                     checked.optimization is not None), diags


def _declarations(c: _Compiled) -> list[str]:
    """Every sort, function and constant the formulas use (and every declared constant), as Z3 prints them."""
    terms = [f.term for f in c.premises + c.claims] + [k == k for k in c.constants]
    if not terms:
        return []
    whole = z3.And(terms) if len(terms) > 1 else terms[0]
    empty = (z3.Ast * 0)()
    bench = z3.Z3_benchmark_to_smtlib_string(c.ctx.ref(), "", "ALL", "unknown", "", 0, empty, whole.as_ast())
    commands, _ = read_commands(bench)
    return [_standard(bench[cmd.node.start:cmd.node.end]) for cmd in commands if cmd.name in _DECLARATION_COMMANDS]


def _standard(text: str) -> str:
    """Z3's printing of terms, in the SMT-LIB other solvers read."""
    return _Z3_POWER.sub("(^", text)


def _comment(f: _Formula) -> str:
    label = f"{f.id} '{f.name}'" if f.name else f.id
    return "; " + " ".join(f"{label}: {f.text}".split())


def export_smt2(source: object) -> tuple[str, list[Diagnostic]]:
    """The SMT-LIB script of a JSON program, and the program's warnings. Raises ProgramError when invalid."""
    compiled, diags = _compile(source)
    if compiled.has_optimization:
        diags.append(warning("export-optimization", "optimization", "the optimization section is not exported",
                             "SMT-LIB 2.6 has no standard optimization commands"))
    lines = ["; SMT-LIB 2.6, exported by pot from a JSON program", "(set-logic ALL)", *_declarations(compiled)]
    if compiled.premises:
        lines.append("; premises")
    for i, f in enumerate(compiled.premises):
        lines += [_comment(f), f"(assert (! {_standard(f.term.sexpr())} :named premise!{i}))"]
    for j, f in enumerate(compiled.claims):
        lines += [_comment(f), "(push 1)", f"(assert (! {_standard(f.term.sexpr())} :named claim!{j}))", "(check-sat)",
                  "(pop 1)"]
    return "\n".join(lines) + "\n", diags
