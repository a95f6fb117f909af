"""Find the program in what a model wrote: fences, prose, drafts and hidden reasoning.

JSON: every top-level JSON object in the text is a candidate; the program is the one
with the most DSL sections (the last one on a tie: models put their final answer last).
A model that wrapped it, as in {"program": {...}}, is unwrapped one level. SMT-LIB: the
code block that holds most of a script (the last on a tie), or the commands in the prose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pot.errors import Diagnostic, error

DSL_KEYS = frozenset({"sorts", "functions", "constants", "variables", "knowledge_base", "rules",
                      "verifications", "optimization", "actions"})
_REASONING = re.compile(r"<(think|thinking|reasoning)>.*?</\1\s*>", re.S | re.I)
_ORPHAN_CLOSE = re.compile(r"</(think|thinking|reasoning)\s*>", re.I)
_DECODER = json.JSONDecoder()


@dataclass
class Extracted:
    program: dict[str, Any] | None = None
    text: str | None = None  # the program exactly as the model wrote it (JSON, or the SMT-LIB script)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def strip_reasoning(text: str) -> str:
    """Drop <think>…</think> blocks, and everything before a closing tag whose opening
    tag the server already removed."""
    text = _REASONING.sub("", text)
    closes = list(_ORPHAN_CLOSE.finditer(text))
    if closes:
        text = text[closes[-1].end():]
    return text.strip()


def extract_program(text: str) -> Extracted:
    best: tuple[int, dict[str, Any], str] | None = None
    first_failure: json.JSONDecodeError | None = None
    pos = text.find("{")
    while pos != -1:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            first_failure = first_failure or exc
            pos = text.find("{", pos + 1)
            continue
        except RecursionError:
            break
        candidate = _program_in(value)
        if candidate is not None:
            score = len(DSL_KEYS & candidate.keys())
            if best is None or score >= best[0]:
                best = (score, candidate, text[pos:end])
        pos = text.find("{", end)
    if best is not None:
        return Extracted(best[1], best[2])
    hint = "reply with one JSON object (no comments, no trailing commas)"
    if first_failure is not None:  # placed in the reply, so the repair turn can quote the line
        return Extracted(diagnostics=[error("invalid-json", f"line {first_failure.lineno}",
                                            f"the JSON program does not parse: {first_failure.msg}", hint,
                                            first_failure.colno)])
    return Extracted(diagnostics=[error("invalid-json", "", "no JSON program in the reply", hint)])


def _program_in(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    if DSL_KEYS & value.keys():
        return value
    inner = [v for v in value.values() if isinstance(v, dict) and DSL_KEYS & v.keys()]
    return inner[0] if len(inner) == 1 else None


_FENCE = re.compile(r"```[ \t]*([\w+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)
_COMMAND = re.compile(r"^[ \t]*\((?:declare-|define-|assert\b|set-logic\b|set-option\b|check-sat\b|push\b|pop\b)",
                      re.M)
_SCRIPT_HINT = "reply with the whole script in one ```smt2 code block: declarations, assertions, (check-sat)"


def _script_score(text: str) -> int:
    """How much of a script a text holds: declarations, assertions, a check-sat (0 to 3)."""
    return sum(bool(re.search(p, text)) for p in (r"\((?:declare|define)-", r"\(assert\b", r"\(check-sat\b"))


def extract_script(text: str) -> Extracted:
    """The SMT-LIB script in a reply: the fenced block that holds most of a script (the last on a tie),
    else the text from the first command to the last (check-sat) — prose around it is dropped."""
    best: tuple[int, str] | None = None
    for m in _FENCE.finditer(text):
        body = m.group(2)
        score = _script_score(body)
        if score and (best is None or score >= best[0]):
            best = (score, body)
    if best is None:
        start = _COMMAND.search(text)
        if start is not None:
            body = text[start.start():]
            last = body.rfind("(check-sat)")
            body = body[:last + len("(check-sat)")] if last != -1 else body
            best = (_script_score(body), body)
    if best is None or not best[0]:
        return Extracted(diagnostics=[error("smt2-no-script", "", "no SMT-LIB script in the reply", _SCRIPT_HINT)])
    return Extracted(text=best[1].strip() + "\n")
