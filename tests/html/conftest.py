"""Pages written once per session into a temporary directory, for the content and browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from html_samples import answer, injected, replay_records, socrates

from pot.api import verify
from pot.report import answer_html, verdict_html


@dataclass
class Pages:
    proved: Path
    unknown: Path
    injected: Path
    ask: Path
    run_dir: Path

    @property
    def run(self) -> Path:
        return self.run_dir / "report.html"


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> Pages:
    from pot.eval.replay import replay
    from pot.eval.report import write_outputs

    root = tmp_path_factory.mktemp("pages")
    out = Pages(root / "proved.html", root / "unknown.html", root / "injected.html", root / "ask.html", root / "run")
    out.proved.write_text(verdict_html(socrates(), verify(socrates()), "socrates.json"), encoding="utf-8")
    wise = socrates("wise(socrates)")
    out.unknown.write_text(verdict_html(wise, verify(wise), "wise.json"), encoding="utf-8")
    out.injected.write_text(verdict_html(injected(), verify(injected()), "<script>window.__pwned=4</script>"),
                            encoding="utf-8")
    out.ask.write_text(answer_html(answer()), encoding="utf-8")
    results, summary = replay(replay_records(), "entail")
    out.run_dir.mkdir()
    write_outputs(out.run_dir, results, summary, title="replay <script>window.__pwned=5</script>")
    return out
