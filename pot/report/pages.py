"""Pages as one self-contained HTML file each: Jinja2 templates, autoescaped, CSS and script inline.

The Content-Security-Policy of every page allows no network at all, inline styles, and only
the one script we ship (by its SHA-256): text that slipped through escaping still could not run.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pot import __version__
from pot.report import runstats
from pot.report.views import QuestionView, value_text

KIND_CLASS = {"proved": "good", "sat": "good", "refuted": "bad", "unsat": "bad", "unknown": "open",
              "inconsistent": "clash", "mixed": "open", "undecided": "none", "error": "none", "no-answer": "open"}


def _asset(name: str) -> str:
    return resources.files("pot.report").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("pot.report", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["value"] = value_text
    env.filters["pct"] = lambda x: "—" if x is None else f"{100 * x:.1f}%"
    env.globals["kind_class"] = lambda kind: KIND_CLASS.get(kind, "none")
    return env


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'")


def _render(template: str, **context: Any) -> str:
    script = _asset("page.js")
    return _environment().get_template(template).render(
        style=Markup(_asset("style.css")), script=Markup(script), csp=_csp(script), version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), **context)


def verdict_page(view: QuestionView, heading: str) -> str:
    """One question or program: its logic, verdict and proof."""
    return _render("verdict.html.j2", q=view, heading=heading)


_SHOWN_METRICS = (("accuracy", "accuracy", True), ("answered", "answered", False), ("correct", "correct", False),
                  ("decided_accuracy", "decided accuracy", True), ("precision", "precision", True),
                  ("recall", "recall", True), ("f1", "F1", True), ("errors", "errors", False),
                  ("mean_attempts", "mean attempts", False), ("tokens", "tokens", False),
                  ("cost_usd", "cost (USD)", False), ("latency_p50_s", "latency p50 (s)", False),
                  ("latency_p95_s", "latency p95 (s)", False), ("reference_agreement", "agrees with reference", True))


def _metrics(summary: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key, label, ratio in _SHOWN_METRICS:
        if key not in summary:
            continue
        value = summary[key]
        if value is None:
            text = "—"
        elif ratio:
            text = f"{100 * value:.1f}%"
        elif isinstance(value, float):
            text = f"{value:,.4g}"
        else:
            text = f"{value:,}" if isinstance(value, int) else str(value)
        out.append((label, text))
    return out


def run_page(views: list[QuestionView], summary: dict[str, Any], title: str) -> str:
    """A whole run: figures, then every question, each opening its verdict view."""
    return _render("run.html.j2", title=title, views=views, metrics=_metrics(summary),
                   semantics=summary.get("semantics"), confusions=runstats.confusions(views),
                   kinds=runstats.by_kind(views), points=runstats.coverage_points(views),
                   datasets=sorted({v.dataset or "—" for v in views}), all_kinds=sorted({v.kind for v in views}))
