"""Self-contained HTML pages of verdicts, answers and runs, for a person to check the reasoning.

Each page is one file with its CSS and script inline, makes no network request and works
from file://. Every piece of model-written text is escaped (Jinja2 autoescape); the page's
Content-Security-Policy runs no script but ours.

    verdict_html(program, verdict, title)   pot verify PROGRAM --html FILE
    invalid_html(program, diagnostics, title)   ... when the program does not check
    answer_html(answer)                     pot ask QUESTION --html FILE
    run_html(rows, summary, title)          report.html of a run (rows: results.jsonl records)
    write_run_report(run_dir)               pot report RUN_DIR
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pot.answer import Answer
    from pot.errors import Diagnostic
    from pot.logic.verdict import Verdict

REPORT_HTML = "report.html"


def verdict_html(program: dict | str | bytes | Path, verdict: Verdict, title: str) -> str:
    from pot.report.pages import verdict_page
    from pot.report.sources import verify_view

    return verdict_page(verify_view(program, verdict, title), heading=title)


def invalid_html(program: dict | str | bytes | Path, diagnostics: list[Diagnostic], title: str) -> str:
    from pot.report.pages import verdict_page
    from pot.report.sources import invalid_view

    return verdict_page(invalid_view(program, diagnostics, title), heading=title)


def answer_html(answer: Answer) -> str:
    from pot.report.pages import verdict_page
    from pot.report.sources import answer_view

    return verdict_page(answer_view(answer), heading=answer.question)


def run_html(rows: list[dict[str, Any]], summary: dict[str, Any], title: str) -> str:
    from pot.report.pages import run_page
    from pot.report.sources import record_view

    return run_page([record_view(row, i) for i, row in enumerate(rows)], summary, title)


def write_run_report(run_dir: Path, summary: dict[str, Any] | None = None, title: str | None = None) -> Path:
    """Rebuild `report.html` of a run directory from its results.jsonl (and summary.json, run.json)."""
    from pot.report.sources import read_rows

    rows = read_rows(run_dir / "results.jsonl")
    if summary is None:
        summary = _read_json(run_dir / "summary.json")
    if title is None:
        run = _read_json(run_dir / "run.json")
        title = str(run.get("command") or run_dir.name)
    out = run_dir / REPORT_HTML
    out.write_text(run_html(rows, summary, title), encoding="utf-8")
    return out


def _read_json(path: Path) -> dict[str, Any]:
    """A run's side file; missing or unreadable means its figures are not shown, not invented."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
