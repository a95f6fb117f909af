"""The messages we send: a fixed system part that teaches the language, then the question.

The system part is built once per program format — the JSON DSL from `system_prompt.md`
and the worked examples in `examples/`, SMT-LIB 2 from `system_prompt_smt2.md` and the
scripts in `examples_smt2/` — and is byte-identical for every question, so providers can
cache it as a prefix. Anthropic needs an explicit `cache_control` marker for that; OpenAI-style
providers cache long identical prefixes on their own, and so does a llama.cpp server for
consecutive requests. The COMPACT style (`system_prompt_compact.md` and one worked example,
about a third of the tokens) is for small local models, where reading the prompt is most
of the time of a question whenever the prefix is not cached.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from pot.errors import Diagnostic, with_quotes
from pot.excerpt import excerpt
from pot.smtlib.formats import ProgramFormat

_HERE = Path(__file__).parent


class PromptStyle(StrEnum):
    FULL = "full"  # every construct, three worked examples
    COMPACT = "compact"  # the essentials and one example (JSON only; SMT-LIB has one style)


COMPACT_EXAMPLE = "pear_sinks.json"


@dataclass(frozen=True)
class WorkedExample:
    question: str
    answer: bool
    why: str
    program: dict[str, Any]


def worked_examples() -> list[WorkedExample]:
    files = sorted((_HERE / "examples").glob("*.json"))
    return [WorkedExample(**json.loads(f.read_text(encoding="utf-8"))) for f in files]


@dataclass(frozen=True)
class ScriptExample:
    """A worked SMT-LIB example: a script whose leading `; question:`, `; answer:`, `; why:` lines say what it shows."""

    question: str
    answer: bool
    why: str
    script: str  # the script without those lines


def smt2_examples() -> list[ScriptExample]:
    return [_script_example(f.read_text(encoding="utf-8")) for f in sorted((_HERE / "examples_smt2").glob("*.smt2"))]


def _script_example(text: str) -> ScriptExample:
    header: dict[str, str] = {}
    lines = text.splitlines()
    while lines and lines[0].startswith(";") and ":" in lines[0]:
        key, value = lines.pop(0)[1:].split(":", 1)
        header[key.strip()] = value.strip()
    return ScriptExample(header["question"], header["answer"] == "yes", header["why"], "\n".join(lines))


def worked_example(name: str) -> WorkedExample:
    return WorkedExample(**json.loads((_HERE / "examples" / name).read_text(encoding="utf-8")))


@functools.cache
def system_prompt(fmt: ProgramFormat = ProgramFormat.JSON, style: PromptStyle = PromptStyle.FULL) -> str:
    if fmt == ProgramFormat.SMT2:
        return _smt2_system_prompt()
    compact = style == PromptStyle.COMPACT
    parts = [(_HERE / ("system_prompt_compact.md" if compact else "system_prompt.md")).read_text(encoding="utf-8")
             .rstrip()]
    for n, ex in enumerate([worked_example(COMPACT_EXAMPLE)] if compact else worked_examples(), 1):
        parts.append(f"## Example {n}\n\nQuestion: {ex.question}\n\n{ex.why}\n\n"
                     f"```json\n{layout(ex.program)}\n```")
    parts.append("# Your reply\n\nReply with the program only: one JSON object, nothing before or after it.")
    return "\n\n".join(parts) + "\n"


def _smt2_system_prompt() -> str:
    parts = [(_HERE / "system_prompt_smt2.md").read_text(encoding="utf-8").rstrip()]
    for n, ex in enumerate(smt2_examples(), 1):
        parts.append(f"## Example {n}\n\nQuestion: {ex.question}\n\n{ex.why}\n\n```smt2\n{ex.script.strip()}\n```")
    parts.append("# Your reply\n\nReply with the script only, in one ```smt2 code block, nothing before or after it.")
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


def first_messages(question: str, model: str, fmt: ProgramFormat = ProgramFormat.JSON,
                   style: PromptStyle = PromptStyle.FULL) -> list[dict[str, Any]]:
    system: Any = system_prompt(fmt, style)
    if _wants_cache_marker(model):
        system = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
    return [{"role": "system", "content": system}, {"role": "user", "content": f"Question: {question.strip()}"}]


def repair_messages(messages: list[dict[str, Any]], previous_reply: str, diagnostics: list[Diagnostic],
                    fmt: ProgramFormat = ProgramFormat.JSON,
                    source: str | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The first two messages again, the model's last program, and what is wrong with it, each
    problem with the text it points at in `source` (the script, or the JSON program).

    Only the latest program is carried: the conversation stays short and its prefix
    stays the cached one."""
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    text = "pot could not use this program:\n" + repair_diagnostics(errors + warnings, source)
    text += "\n\nFix every problem listed and reply with the whole corrected " + (
        "script in one ```smt2 code block." if fmt == ProgramFormat.SMT2 else "program as one JSON object.")
    return [*messages[:2], {"role": "assistant", "content": previous_reply},
            {"role": "user", "content": text}]


# A reply cut at the output cap can yield a hundred diagnostics of three kinds (measured: 108 for
# one SMT-LIB reply, 11,762 characters); sent whole, the repair turn filled the model's context.
SHOWN_PER_CODE = 3
LISTED_PLACES = 8


def repair_diagnostics(diagnostics: list[Diagnostic], source: str | dict[str, Any] | None = None) -> str:
    """The diagnostics one per line, in order, each followed by the text it points at (`  > …`:
    its excerpt, or else quoted from `source`), but at most SHOWN_PER_CODE in full for each code:
    the rest of a code are one line that says how many and where."""
    entries: list[Diagnostic | list[Diagnostic]] = []
    rest: dict[tuple[str, str], list[Diagnostic]] = {}
    shown: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.severity, d.code)
        if shown.get(key, 0) < SHOWN_PER_CODE:
            shown[key] = shown.get(key, 0) + 1
            entries.append(d if d.excerpt is not None else replace(d, excerpt=excerpt(d, source)))
        elif key in rest:
            rest[key].append(d)
        else:
            rest[key] = [d]
            entries.append(rest[key])
    lines: list[str] = []
    run: list[Diagnostic] = []  # diagnostics shown in full one after another: a line they share is quoted once
    for entry in [*entries, None]:
        if isinstance(entry, Diagnostic):
            run.append(entry)
            continue
        lines += [str(d) + (f"\n  > {quote}" if quote else "") for d, quote in with_quotes(run)]
        run = []
        if entry is not None:
            lines.append(_more_like_these(entry))
    return "\n".join(lines)


def _more_like_these(more: list[Diagnostic]) -> str:
    places = [d.path + (f", col {d.column}" if d.column is not None else "") for d in more[:LISTED_PLACES]]
    places = [p for p in places if p] or ["program"]
    etc = "; …" if len(more) > LISTED_PLACES else ""
    kind = "warning" if more[0].severity == "warning" else "problem"
    return f"… and {len(more)} more {kind}{'s' if len(more) > 1 else ''} like these ({more[0].code}) at: " \
           + "; ".join(places) + etc
