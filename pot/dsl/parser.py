"""Expression text → untyped AST: `parse_expression`, cached, and its limits and error.

The reading itself is `pot.dsl.reader` (hand-written, no lark at start-up); the language
is defined by `expressions.lark`, and `pot.dsl.grammar` parses with it in the tests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from pot.dsl.ast import Node
from pot.dsl.reader import read_expression
from pot.dsl.syntax import MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_LITERAL_DIGITS, ExprSyntaxError, refuse_blank_or_long

__all__ = [
    "CACHED_LENGTH",
    "CACHE_CHARACTERS",
    "MAX_DEPTH",
    "MAX_EXPRESSION_LENGTH",
    "MAX_LITERAL_DIGITS",
    "ExprSyntaxError",
    "clear_cache",
    "parse_expression",
]

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
    refuse_blank_or_long(text)
    return read_expression(text)
