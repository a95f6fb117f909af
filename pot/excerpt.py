"""What a diagnostic points at, quoted from the program.

A diagnostic says where: `line 62, col 8` in a script (or in JSON text that does not parse),
`rules[3].implies.antecedent` in a JSON program. A person's editor goes there; a model has to
find it in its reply, and models do not count lines. So the repair turn quotes the line or the
value the location names, and pot.api puts the same quote in each diagnostic it returns
(`Diagnostic.excerpt`), for `pot check`, `pot verify` and the MCP tools.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pot.errors import Diagnostic

WIDTH = 120  # the longest quote: a window around the column of a longer line or value

_LINE = re.compile(r"line ([1-9][0-9]{0,8})")
_BREAKS = re.compile(r"[\r\n\t]")
_STEP = re.compile(r"\.?([^.\[\]]+)|\[([0-9]{1,9})\]")


def excerpt(diagnostic: Diagnostic, source: str | list[str] | dict[str, Any] | None) -> str | None:
    """The text at the diagnostic's location in `source` (a script's text or its lines, or a JSON
    program), on one line; None when the location names no part of it (`program`, a missing entry)."""
    if isinstance(source, str | list):
        line = _LINE.fullmatch(diagnostic.path)
        if line is None:
            return None
        lines = source.splitlines() if isinstance(source, str) else source
        if int(line.group(1)) > len(lines):
            return None
        return _window(lines[int(line.group(1)) - 1], diagnostic.column)
    if isinstance(source, dict) and diagnostic.path:
        value = _at(source, diagnostic.path)
        if isinstance(value, str):
            return _window(value, diagnostic.column)
        if isinstance(value, dict | list):
            return _json_head(value)
    return None


def _json_head(value: dict[str, Any] | list[Any]) -> str | None:
    """The start of `value` as one-line JSON, cut after WIDTH characters: only that much is encoded
    (an entry can be megabytes, and many problems can point at it). None when JSON cannot write
    that start: an integer past Python's digit limit, nesting past the recursion limit."""
    head, size = [], 0
    try:
        for chunk in json.JSONEncoder(ensure_ascii=False).iterencode(value):  # lazily, chunk by chunk
            head.append(chunk)
            size += len(chunk)
            if size > WIDTH:
                shown = _window("".join(head)[:WIDTH], None)
                return shown + "…" if shown else None
    except (ValueError, RecursionError):
        return None
    return _window("".join(head), None)


def quoted(diagnostics: list[Diagnostic], program: object, json_program: bool) -> list[Diagnostic]:
    """`diagnostics`, each with its excerpt from `program` (a dict, or JSON or SMT-LIB text, bytes or
    a Path, already within the input limit). The source is read only when one of them has a place."""
    if not any(d.path for d in diagnostics):
        return diagnostics
    source = _source(program, json_program)
    return [replace(d, excerpt=excerpt(d, source)) for d in diagnostics]


def _source(program: object, json_program: bool) -> list[str] | dict[str, Any] | None:
    """What `excerpt` reads: a JSON program as a dict when its text parses, otherwise the text's
    lines (split once: a script can have a problem on each of 100,000 lines, or 100,000 on one)."""
    if isinstance(program, dict):
        return program
    try:
        data = program.read_bytes() if isinstance(program, Path) else program
    except OSError:
        return None
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    if not isinstance(data, str):  # a Program model: no text to quote
        return None
    if json_program:
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            return _lines(data)
        return parsed if isinstance(parsed, dict) else None
    return _lines(data)


def _lines(text: str) -> list[str]:
    """The lines, stripped once at the end (then `_window` strips without copying)."""
    return [line.rstrip() for line in text.splitlines()]


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
    around `column` (1-based), with … where it was cut. Only the window is rewritten: a line can
    be a megabyte long, with a problem every few characters."""
    text = text.rstrip()
    if not text:
        return None
    start = max(0, min(len(text) - WIDTH, (column or 1) - 1 - WIDTH // 2))
    shown = _BREAKS.sub(" ", text[start:start + WIDTH])
    return ("…" if start else "") + shown + ("…" if start + WIDTH < len(text) else "")
