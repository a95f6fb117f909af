"""The messages we send: a fixed system part that teaches the DSL, then the question.

The system part is built once from `system_prompt.md` and the worked examples in
`examples/`, and is byte-identical for every question, so providers can cache it as a
prefix. Anthropic needs an explicit `cache_control` marker for that; OpenAI-style
providers cache long identical prefixes on their own.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pot.errors import Diagnostic, format_diagnostics

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class WorkedExample:
    question: str
    answer: bool
    why: str
    program: dict[str, Any]


def worked_examples() -> list[WorkedExample]:
    files = sorted((_HERE / "examples").glob("*.json"))
    return [WorkedExample(**json.loads(f.read_text(encoding="utf-8"))) for f in files]


@functools.cache
def system_prompt() -> str:
    parts = [(_HERE / "system_prompt.md").read_text(encoding="utf-8").rstrip()]
    for n, ex in enumerate(worked_examples(), 1):
        parts.append(f"## Example {n}\n\nQuestion: {ex.question}\n\n{ex.why}\n\n"
                     f"```json\n{layout(ex.program)}\n```")
    parts.append("# Your reply\n\nReply with the program only: one JSON object, nothing before or after it.")
    return "\n\n".join(parts) + "\n"


def layout(program: dict[str, Any]) -> str:
    """JSON with one declaration, fact or rule per line: readable, and fewer tokens than indent."""
    def section(value: Any) -> str:
        if not isinstance(value, list) or not any(isinstance(item, dict) for item in value):
            return json.dumps(value)
        return "[\n" + ",\n".join(f"  {json.dumps(item)}" for item in value) + "\n ]"
    return "{\n" + ",\n".join(f" {json.dumps(k)}: {section(v)}" for k, v in program.items()) + "\n}"


def _wants_cache_marker(model: str) -> bool:
    return model.startswith("anthropic/") or "claude" in model.lower()


def first_messages(question: str, model: str) -> list[dict[str, Any]]:
    system: Any = system_prompt()
    if _wants_cache_marker(model):
        system = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
    return [{"role": "system", "content": system}, {"role": "user", "content": f"Question: {question.strip()}"}]


def repair_messages(messages: list[dict[str, Any]], previous_reply: str,
                    diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    """The first two messages again, the model's last program, and what is wrong with it.

    Only the latest program is carried: the conversation stays short and its prefix
    stays the cached one."""
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    text = "pot could not use this program:\n" + format_diagnostics(errors + warnings)
    text += "\n\nFix every problem listed and reply with the whole corrected program as one JSON object."
    return [*messages[:2], {"role": "assistant", "content": previous_reply},
            {"role": "user", "content": text}]
