"""The expression grammar as Lark reads it: the specification `pot.dsl.reader` is held to.

`expressions.lark` is the language's definition (agents and prompts are shown it); this
module builds the LALR parser from it, with the shared builders of `pot.dsl.syntax` run
inline while parsing. pot itself parses with the hand-written reader, which does not
import lark (a quarter of a cold `pot verify`); the tests parse every input both ways and
require the same tree or the same error at the same column.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lark import Lark, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from pot.dsl.ast import Node
from pot.dsl.syntax import (
    AstBuilder,
    ExprSyntaxError,
    ends_early,
    refuse_blank_or_long,
    unexpected_character,
    unexpected_token,
)


class _ToAst(Transformer, AstBuilder):
    """Lark callbacks: the shared builders, one per grammar alias."""


def grammar_text() -> str:
    return resources.files("pot.dsl").joinpath("expressions.lark").read_text(encoding="utf-8")


@cache
def lark_parser() -> Lark:
    """The LALR parser, built once per process (about 0.2 s)."""
    return Lark(grammar_text(), transformer=_ToAst(), parser="lalr", lexer="basic", maybe_placeholders=True)


def _explain(err: UnexpectedEOF | UnexpectedCharacters | UnexpectedToken, text: str) -> ExprSyntaxError:
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        return ends_early(text)
    if isinstance(err, UnexpectedCharacters):
        return unexpected_character(text[err.pos_in_stream or 0], err.column)  # always set by the lexer
    return unexpected_token(err.token)


def parse_with_lark(text: str) -> Node:
    """Parse one expression with Lark; the same contract as `pot.dsl.parser.parse_expression`, uncached."""
    refuse_blank_or_long(text)
    try:
        node: object = lark_parser().parse(text)  # the transformer runs inline: an AST node, not a tree
    except (UnexpectedEOF, UnexpectedCharacters, UnexpectedToken) as err:  # every error an LALR parse raises
        raise _explain(err, text) from None
    if not isinstance(node, Node):  # the grammar never yields a bare token; be safe
        raise ExprSyntaxError(f"unexpected {node!r}", getattr(node, "column", None))
    return node
