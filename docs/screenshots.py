"""Regenerate the screenshots of the HTML pages in docs/ (see docs/html.md).

    python docs/screenshots.py [--replay ../shared/replay/gpt-oss-120b.jsonl] [--keep DIR]

Builds one page of each kind from real pot output — a refuted and an open verdict
(`pot verify --html`), an answer with a repaired attempt (`pot ask --html`, with scripted
model replies: no provider is called), and a run (`pot eval --replay`) — then photographs
them with the system's Chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

from pot.answer import Answer, Attempt, Usage  # noqa: E402
from pot.api import check, verify  # noqa: E402
from pot.report import answer_html, run_html, verdict_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PER_DATASET = 20  # replayed records per dataset on the run page


def _example(name: str) -> dict:
    return json.loads((ROOT / "pot" / "llm" / "examples" / name).read_text(encoding="utf-8"))


def verdict_pages(out: Path) -> list[Path]:
    pear = _example("pear_sinks.json")["program"]
    refuted = out / "verdict.html"
    refuted.write_text(verdict_html(pear, verify(pear), "pear_sinks.json"), encoding="utf-8")
    open_claim = copy.deepcopy(pear)
    open_claim["knowledge_base"] = open_claim["knowledge_base"][:1]  # water's density unknown: nothing follows
    unknown = out / "verdict-unknown.html"
    unknown.write_text(verdict_html(open_claim, verify(open_claim), "pear_sinks_without_water.json"),
                       encoding="utf-8")
    return [refuted, unknown]


def answer_page(out: Path) -> Path:
    """An answer whose first program had an arity error and whose repair was proved (scripted replies)."""
    example = _example("shakespeare_james.json")
    good = example["program"]
    bad = copy.deepcopy(good)
    bad["verifications"][0]["constraint"] = bad["verifications"][0]["constraint"].replace(")", ", 1)", 1)
    problems = [d for d in check(bad) if d.severity == "error"]
    bad_text, good_text = json.dumps(bad, indent=2), json.dumps(good, indent=2)
    verdict = verify(good)
    attempts = [
        Attempt(index=1, request=[], raw_response=f"```json\n{bad_text}\n```", program_text=bad_text,
                diagnostics=problems, error=str(problems[0]) if problems else None,
                usage=Usage(prompt_tokens=1850, completion_tokens=410), latency_s=3.1),
        Attempt(index=2, request=[], raw_response=f"```json\n{good_text}\n```", program_text=good_text,
                usage=Usage(prompt_tokens=2390, completion_tokens=402), latency_s=2.7),
    ]
    answer = Answer(question=example["question"], answer=verdict.answer, kind=verdict.kind, program=good,
                    verdict=verdict, attempts=attempts, model="scripted-demo",
                    usage=Usage(prompt_tokens=4240, completion_tokens=812), latency_s=5.9)
    path = out / "answer.html"
    path.write_text(answer_html(answer), encoding="utf-8")
    return path


def run_page(out: Path, replay_file: Path) -> Path:
    from pot.eval.replay import load_records, replay

    records, _ = load_records(replay_file, fmt="json")
    taken: dict[str, int] = {}
    chosen = []
    for record in records:
        if taken.get(record["dataset"], 0) < PER_DATASET:
            taken[record["dataset"]] = taken.get(record["dataset"], 0) + 1
            chosen.append(record)
    results, summary = replay(chosen, "entail")
    path = out / "run.html"
    path.write_text(run_html(results, summary, f"replay of {replay_file.name} · {PER_DATASET} per dataset"),
                    encoding="utf-8")
    return path


def photograph(pages: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        for name, path in pages.items():
            page.goto(path.as_uri())
            if name == "html-answer":
                page.locator("ol.timeline details").first.evaluate("d => d.open = true")
            if name == "html-run-question":
                page.set_viewport_size({"width": 1280, "height": 1300})
                page.select_option("select[data-filter=dataset]", "strategyqa")
                page.select_option("select[data-filter=outcome]", "incorrect")
                row = page.locator("#questions tr.row:visible").first
                row.click()
                row.evaluate("r => window.scrollTo(0, r.getBoundingClientRect().top + window.scrollY - 70)")
                page.screenshot(path=str(DOCS / f"{name}.png"))
                page.set_viewport_size({"width": 1280, "height": 900})
            elif name == "html-run":
                page.set_viewport_size({"width": 1280, "height": 1500})
                page.screenshot(path=str(DOCS / f"{name}.png"))
                page.set_viewport_size({"width": 1280, "height": 900})
            else:
                page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)
            print(f"wrote docs/{name}.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replay", type=Path, default=ROOT.parent / "shared" / "replay" / "gpt-oss-120b.jsonl",
                        help="recorded programs for the run page (default: ../shared/replay/gpt-oss-120b.jsonl)")
    parser.add_argument("--keep", type=Path, help="also keep the HTML pages in this directory")
    args = parser.parse_args()
    if not args.replay.is_file():
        sys.exit(f"no replay file at {args.replay}: pass --replay FILE.jsonl")
    out = args.keep or Path(tempfile.mkdtemp(prefix="pot-pages-"))
    out.mkdir(parents=True, exist_ok=True)
    refuted, unknown = verdict_pages(out)
    run = run_page(out, args.replay)
    photograph({"html-verdict": refuted, "html-verdict-unknown": unknown, "html-answer": answer_page(out),
                "html-run": run, "html-run-question": run})


if __name__ == "__main__":
    main()
