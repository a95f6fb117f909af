"""Diagnostics and exceptions: the values users (and the repairing LLM) read.

A `Diagnostic` says where (a path into the program and a column), what (a stable
`code` and a one-line `message`) and how to fix it (`hint`). Every stage collects all
of its diagnostics before giving up, so one round trip shows every problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(slots=True, kw_only=True)
class Diagnostic:
    """One problem found in a program (a plain dataclass: start-up time matters)."""

    severity: Severity = Severity.ERROR
    code: str
    path: str = ""
    column: int | None = None
    message: str
    hint: str | None = None
    excerpt: str | None = None  # the text `path` points at, where pot.api had the source (pot.excerpt)

    def to_json(self) -> dict[str, Any]:
        return {"severity": self.severity.value, "code": self.code, "path": self.path, "column": self.column,
                "message": self.message, "hint": self.hint, "excerpt": self.excerpt}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        return cls(severity=Severity(data.get("severity", "error")), code=data["code"], path=data.get("path", ""),
                   column=data.get("column"), message=data["message"], hint=data.get("hint"),
                   excerpt=data.get("excerpt"))

    def __str__(self) -> str:
        where = self.path or "program"
        if self.column is not None:
            where += f", col {self.column}"
        text = f"{where}: {self.message}"
        if self.severity == Severity.WARNING:
            text = f"warning: {text}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


def error(code: str, path: str, message: str, hint: str | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(code=code, path=path, column=column, message=message, hint=hint)


def warning(code: str, path: str, message: str, hint: str | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code=code, path=path, column=column, message=message, hint=hint)


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == Severity.ERROR]


def first_error(diagnostics: list[Diagnostic]) -> str:
    """The first error and how many more, on one line: what a result record keeps of an invalid
    program (its `program` keeps the text, so every diagnostic can be found again)."""
    errors = errors_only(diagnostics) or diagnostics
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return " ".join(str(errors[0]).split()) + more if errors else "invalid program"


def format_diagnostics(diagnostics: list[Diagnostic]) -> str:
    """All diagnostics, one per line, in full, each with its excerpt below it (`  > …`; the repair
    turn groups repeats: pot.llm.prompt)."""
    return "\n".join(str(d) + (f"\n  > {quote}" if quote else "") for d, quote in with_quotes(diagnostics))


def with_quotes(diagnostics: list[Diagnostic]) -> list[tuple[Diagnostic, str | None]]:
    """Each diagnostic with the excerpt to show under it: problems on one line follow each other,
    and the line is shown once, under the last of them."""
    last = len(diagnostics) - 1
    return [(d, d.excerpt if i == last or diagnostics[i + 1].excerpt != d.excerpt else None)
            for i, d in enumerate(diagnostics)]


class PotError(Exception):
    """Base class of every error pot raises on purpose."""


class ProgramError(PotError):
    """The program is invalid; `.errors` lists every diagnostic (errors and warnings)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.errors = errors_only(diagnostics)
        count = len(self.errors)
        heading = f"invalid program ({count} error{'s' if count != 1 else ''}):\n"
        super().__init__(heading + format_diagnostics(self.errors))


class ProviderError(PotError):
    """The LLM provider could not be used (auth, unknown model, retries exhausted)."""


class UsageError(PotError):
    """What the user asked cannot be done as asked: bad options, a bad data file, a wrong run directory."""


class ExitCode(IntEnum):
    """The exit codes of every `pot` command."""

    DONE = 0
    INTERNAL = 1
    USAGE = 2
    INVALID_PROGRAM = 3
    PROVIDER = 4
    INTERRUPTED = 130


def exit_code(exc: BaseException) -> ExitCode:
    """The one mapping from a failure to the exit code, used by every command.

    An ExceptionGroup (from a task group) counts as its first failure; an OSError (an
    unwritable --out, a full disk) is the user's to fix, hence a usage error."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(exc, ProgramError):
        return ExitCode.INVALID_PROGRAM
    if isinstance(exc, ProviderError):
        return ExitCode.PROVIDER
    if isinstance(exc, UsageError | OSError):
        return ExitCode.USAGE
    return ExitCode.INTERNAL


def failure_text(exc: BaseException) -> str:
    """One line (or a short block for a bad file) that says what failed; never a traceback."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc).strip() or type(exc).__name__
    code = exit_code(exc)
    if code == ExitCode.PROVIDER:
        return "provider error: " + " ".join(text.split())
    if code == ExitCode.INTERNAL:
        return f"internal error: {type(exc).__name__}: {' '.join(text.split())} (set POT_DEBUG=1 for a traceback)"
    if isinstance(exc, OSError) and not isinstance(exc, UsageError):
        return f"{type(exc).__name__}: {' '.join(text.split())}"
    return text
