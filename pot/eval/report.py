"""summary.json and report.md: the numbers, and for every wrong answer the premises behind it."""

from __future__ import annotations

import json
from pathlib import Path

from pot.eval.store import write_json
from pot.logic.verdict import ClaimResult
from pot.render_verdict import claim_lines, one_line

_LISTED = 100  # wrong answers shown in full; the rest are in results.jsonl


def write_outputs(run_dir: Path, records: list[dict], summary: dict, title: str) -> None:
    write_json(run_dir / "summary.json", summary)
    (run_dir / "report.md").write_text(render(records, summary, title), encoding="utf-8")
    from pot.report import REPORT_HTML, run_html  # the same run as a page: report.html

    (run_dir / REPORT_HTML).write_text(run_html(records, summary, title), encoding="utf-8")


BREAKDOWNS = (("by_dataset", "By dataset", "dataset"), ("by_format", "By program format", "format"),
              ("by_group", "By group (the dataset's breakdown field, e.g. ProofWriter's depth QDep)", "group"))


def render(records: list[dict], summary: dict, title: str) -> str:
    lines = [f"# Evaluation report: {title}", "", "## Metrics", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in summary.items() if not isinstance(v, dict)]
    if summary.get("skipped_reasons"):
        lines += ["", "Skipped: " + ", ".join(f"{n} {why}" for why, n in summary["skipped_reasons"].items())]
    for key, heading, column in BREAKDOWNS:
        if key not in summary:
            continue
        lines += ["", f"## {heading}", "",
                  f"| {column} | total | accuracy | decided_accuracy | errors | reference_agreement |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {d} | {m['total']} | {_fmt(m['accuracy'])} | {_fmt(m['decided_accuracy'])} | {m['errors']} | "
                  f"{_fmt(m['reference_agreement'])} |" for d, m in summary[key].items()]
    lines += ["", "## Confusion matrix", "", "| gold \\ answer | true | false | no answer |", "|---|---|---|---|"]
    for gold in (True, False):
        row = [sum(r["ground_truth"] is gold and r["answer"] is a for r in records) for a in (True, False, None)]
        lines.append(f"| {str(gold).lower()} | " + " | ".join(map(str, row)) + " |")
    lines += ["", "## Accuracy by verdict kind", "", "| kind | questions | correct | accuracy |", "|---|---|---|---|"]
    for kind in sorted({r["kind"] or "error" for r in records}):
        group = [r for r in records if (r["kind"] or "error") == kind]
        correct = sum(r["answer"] is not None and r["answer"] == r["ground_truth"] for r in group)
        lines.append(f"| {kind} | {len(group)} | {correct} | {correct / len(group):.3f} |")
    wrong = [r for r in records if r["answer"] is not None and r["answer"] != r["ground_truth"]]
    lines += ["", f"## Wrong answers ({len(wrong)})", "",
              "Each with the premises the solver needed for its (wrong) conclusion: the facts to doubt.", ""]
    for r in wrong[:_LISTED]:
        lines += _wrong_entry(r)
    if len(wrong) > _LISTED:
        lines += [f"… {len(wrong) - _LISTED} more in results.jsonl", ""]
    unanswered = [r for r in records if r["answer"] is None]
    lines += ["", f"## No answer ({len(unanswered)})", ""]
    lines += [f"- `{r['id']}` ({r['dataset']}, {r['kind'] or 'error'}): "
              f"{one_line(r['error'] or r['reason'] or '', 200)}" for r in unanswered[:_LISTED]]
    if len(unanswered) > _LISTED:
        lines.append(f"- … {len(unanswered) - _LISTED} more in results.jsonl")
    return "\n".join(lines) + "\n"


def _wrong_entry(r: dict) -> list[str]:
    lines = [f"### `{r['id']}` ({r['dataset']})", "", f"> {one_line(r['question'], 400)}", "",
             f"gold **{str(r['ground_truth']).lower()}**, answered **{str(r['answer']).lower()}** ({r['kind']}): "
             f"{one_line(r['reason'] or '', 300)}", ""]
    for claim in (r.get("verdict") or {}).get("results", []):
        lines += _claim_entry(ClaimResult.from_json(claim))
    return [*lines, ""]


def _claim_entry(result: ClaimResult) -> list[str]:
    """A claim result as the terminal shows it (`claim_lines`), in Markdown."""
    c = claim_lines(result)
    title = f"{c.label}: `{c.text}`" if c.text else c.label
    head = f"- {title} → **{c.kind}**" + (f"; {c.evidence}" + (":" if c.core else "") if c.evidence else "")
    return [head, *(f"  - `{p.id}`" + (f" ({p.name})" if p.name else "") + f": `{one_line(p.text, 200)}`"
                    for p in c.core)]


def _fmt(value) -> str:
    return "—" if value is None else json.dumps(value) if not isinstance(value, str) else value
