"""What a diagnostic points at, quoted from the model's own program for the repair turn.

A diagnostic says where: `line 62, col 8` in a script, `rules[3].implies.antecedent` in a JSON
program. A person's editor goes there; a model has to find it in its reply, and models do
not count lines. The repair turn therefore quotes the line or the value the location names.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pot.errors import Diagnostic

WIDTH = 120  # the longest quote: a window around the column of a longer line or value

_LINE = re.compile(r"line ([1-9][0-9]{0,8})")
_STEP = re.compile(r"\.?([^.\[\]]+)|\[([0-9]{1,9})\]")


def excerpt(diagnostic: Diagnostic, source: str | dict[str, Any] | None) -> str | None:
    """The text at the diagnostic's location in `source` (a script's text, or a JSON program),
    on one line; None when the location names no part of it (`program`, a missing entry)."""
    if isinstance(source, str):
        line = _LINE.fullmatch(diagnostic.path)
        lines = source.splitlines()
        if line is None or int(line.group(1)) > len(lines):
            return None
        return _window(lines[int(line.group(1)) - 1], diagnostic.column)
    if isinstance(source, dict) and diagnostic.path:
        value = _at(source, diagnostic.path)
        if isinstance(value, str):
            return _window(value, diagnostic.column)
        if isinstance(value, dict | list):
            try:
                return _window(json.dumps(value, ensure_ascii=False), None)
            except (ValueError, RecursionError):  # an integer too long to print, nesting too deep
                return None
    return None


def _at(program: dict[str, Any], path: str) -> Any:
    """The value at a diagnostic path (`rules[3].implies`, `constants.people.members[0]`), or None."""
    value: Any = program
    end = 0
    for step in _STEP.finditer(path):
        if step.start() != end:
            return None
        end = step.end()
        key, index = step.groups()
        if key is not None and isinstance(value, dict):
            value = value.get(key)
        elif index is not None and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value if end == len(path) else None


def _window(text: str, column: int | None) -> str | None:
    """`text` on one line (line breaks as spaces, so columns still count), at most WIDTH characters
    around `column` (1-based), with … where it was cut."""
    text = re.sub(r"[\r\n\t]", " ", text).rstrip()
    if not text.strip():
        return None
    if len(text) <= WIDTH:
        return text
    start = max(0, min(len(text) - WIDTH, (column or 1) - 1 - WIDTH // 2))
    return ("…" if start else "") + text[start:start + WIDTH] + ("…" if start + WIDTH < len(text) else "")
