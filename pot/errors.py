"""Diagnostics and exceptions: the values users (and the repairing LLM) read.

A `Diagnostic` says where (a path into the program and a column), what (a stable
`code` and a one-line `message`) and how to fix it (`hint`). Every stage collects all
of its diagnostics before giving up, so one round trip shows every problem.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning"]


class Diagnostic(BaseModel):
    """One problem found in a program."""

    severity: Severity = "error"
    code: str
    path: str = ""
    column: int | None = None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path or "program"
        if self.column is not None:
            where += f", col {self.column}"
        text = f"{where}: {self.message}"
        if self.severity == "warning":
            text = f"warning: {text}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


def error(code: str, path: str, message: str, hint: str | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(code=code, path=path, column=column, message=message, hint=hint)


def warning(code: str, path: str, message: str, hint: str | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(severity="warning", code=code, path=path, column=column, message=message, hint=hint)


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def format_diagnostics(diagnostics: list[Diagnostic]) -> str:
    """All diagnostics, one per line: the text fed back to an LLM for repair."""
    return "\n".join(str(d) for d in diagnostics)


class PotError(Exception):
    """Base class of every error pot raises on purpose."""


class ProgramError(PotError):
    """The program is invalid; `.errors` lists every diagnostic (errors and warnings)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.errors = errors_only(diagnostics)
        count = len(self.errors)
        super().__init__(f"invalid program ({count} error{'s' if count != 1 else ''}):\n" + format_diagnostics(self.errors))


class ProviderError(PotError):
    """The LLM provider could not be used (auth, unknown model, retries exhausted)."""
