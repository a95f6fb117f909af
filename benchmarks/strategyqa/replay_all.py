"""Replay every model × format × dataset of ../shared/replay in both semantics; regenerate the README table.

Writes results/replay-<model>-<format>-<semantics>.json (the `pot eval --replay … --format F
--semantics S --json` summary, with `by_dataset`), then rebuilds the table between the
markers in README.md from those files — the figures are never typed in.

    python benchmarks/strategyqa/replay_all.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from pot.eval.replay import load_records, replay  # noqa: E402
from pot.logic.verdict import Semantics  # noqa: E402

RESULTS = HERE / "results"
FORMATS = ("json", "smt2")
START, END = "<!-- replay-table:start -->", "<!-- replay-table:end -->"


def run_all(shared: Path) -> None:
    RESULTS.mkdir(exist_ok=True)
    for old in RESULTS.glob("replay-*.json"):  # figures of an earlier layout must not linger in the table
        old.unlink()
    for source in sorted((shared / "replay").glob("*.jsonl")):
        for fmt in FORMATS:
            records, _ = load_records(source, fmt=fmt)
            for semantics in Semantics:
                _, summary = replay(records, semantics)
                summary = {"model": source.stem, "format": fmt, "source": f"../shared/replay/{source.name}",
                           **summary}
                path = RESULTS / f"replay-{source.stem}-{fmt}-{semantics}.json"
                path.write_text(json.dumps(summary, indent=2) + "\n")
                print(f"{source.stem:14s} {fmt:4s} {semantics:6s} {summary['total']:4d} programs  "
                      f"accuracy {summary['accuracy']}  decided {summary['decided_accuracy']}  "
                      f"reference {summary['reference_agreement']}  errors {summary['errors']}  "
                      f"({summary['wall_s']} s) → {path.relative_to(REPO)}")


def table() -> str:
    rows = ["| model | format | dataset | semantics | programs | errors | accuracy | decided_accuracy "
            "| reference_agreement |",
            "|---|---|---|---|---|---|---|---|---|"]
    for path in sorted(RESULTS.glob("replay-*.json")):
        summary = json.loads(path.read_text())
        for dataset, m in [*summary["by_dataset"].items(), ("**all**", summary)]:
            rows.append(f"| {summary['model']} | {summary.get('format', 'json')} | {dataset} | {m['semantics']} | "
                        f"{m['total']} | {m['errors']} | "
                        f"{_fmt(m['accuracy'])} | {_fmt(m['decided_accuracy'])} | {_fmt(m['reference_agreement'])} |")
    return "\n".join(rows)


def update_readme() -> None:
    readme = HERE / "README.md"
    text = readme.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}")


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--table-only", action="store_true", help="rebuild the README table from results/ only")
    args = parser.parse_args()
    if not args.table_only:
        if not (args.shared / "replay").is_dir():
            sys.exit(f"{args.shared / 'replay'} is absent: nothing to replay")
        run_all(args.shared)
    update_readme()
