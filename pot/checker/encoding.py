"""Text a verdict could not carry: strings that UTF-8 cannot encode (lone surrogates).

JSON text may spell "\ud800" and a dict may hold it; such a name would reach the verdict
and make it impossible to serialise. They are refused up front, where they are.
"""

from __future__ import annotations

import json
from typing import Any

from pot.errors import Diagnostic, error

MAX_REPORTED = 20


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unencodable_text(value: Any) -> list[Diagnostic]:
    """An error for each string (key or value) in `value` that UTF-8 cannot encode."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # the common case, at C speed
        return []
    except (UnicodeEncodeError, TypeError, ValueError):
        pass
    out: list[Diagnostic] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack and len(out) < MAX_REPORTED:
        path, item = stack.pop()
        if isinstance(item, str) and not _encodable(item):
            out.append(error("invalid-text", path or "program", "the text holds a lone surrogate, which UTF-8 cannot "
                                                                "encode", "remove it, or write the character meant"))
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                key_text = str(key)
                if not _encodable(key_text):
                    stack.append((path, key_text))
                    continue
                stack.append((f"{path}.{key_text}" if path else key_text, child))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return out
