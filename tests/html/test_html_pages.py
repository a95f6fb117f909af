"""The pages' content and safety, read as HTML text (no browser): escaping, proof, models, figures."""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from html_samples import PWN

from pot.report.sources import RunReadError, read_rows, record_view


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class _Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


def elements(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)


@pytest.mark.parametrize("name", ["proved", "unknown", "injected", "ask", "run"])
def test_one_script_ours_allowed_by_hash_and_no_network_address(pages, name: str) -> None:
    page = html(getattr(pages, name))
    (script,) = scripts(page)  # injected <script> tags are text, not elements
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html_text.unescape(csp.group(1))
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    parsed = elements(page)
    assert parsed.tags.count("script") == 1 and "img" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]  # no event handlers at all
    assert not [value for name, value in parsed.attributes if name in ("src", "href") and value
                and not value.startswith("#")]  # links stay within the page


@pytest.mark.parametrize("name", ["injected", "ask", "run"])
def test_model_text_is_escaped(pages, name: str) -> None:
    page = html(getattr(pages, name))
    assert "window.__pwned" in page  # the text is there, to be read
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page


def test_proved_page_shows_the_proof(pages) -> None:
    page = html(pages.proved)
    assert 'class="banner good"' in page and ">proved<" in page
    core = re.findall(r'<li id="verdict-([a-z_]+-\d+)" class="entry core"', page)
    assert core == ["knowledge_base-0", "rules-0"]  # plato_wise is not needed
    assert 'id="verdict-knowledge_base-1" class="entry"' in page
    sentence = re.search(r'<p class="sentence">(.*?)</p>', page, flags=re.S)
    assert sentence is not None
    assert 'href="#verdict-knowledge_base-0">socrates_human</a> and' in sentence.group(1)
    assert 'href="#verdict-rules-0">humans_die</a>' in sentence.group(1)
    assert "∀" in page and "→" in page  # the rule in notation
    assert "Being → Bool" in page  # function signatures


def test_unknown_page_shows_both_models(pages) -> None:
    page = html(pages.unknown)
    assert 'class="banner open"' in page
    assert "Counter-model" in page and "Witness model" in page
    counter = page.split("Counter-model")[1].split("Witness model")[0]
    assert re.search(r"<td>otherwise</td><td class=\"mono\">false</td>", counter.replace("\n", "")) or \
        "wise(" in counter  # the counter-model makes socrates not wise
    assert 'class="entry core"' not in page  # nothing proved: no core


def test_ask_page_lists_every_attempt_with_its_reply(pages) -> None:
    page = html(pages.ask)
    assert page.count("<details") >= 3  # two attempts and the program source
    assert "Attempt 1" in page and "Attempt 2" in page
    assert "no verification &lt;script&gt;" in page  # the diagnostic
    assert "Here is the program &lt;script&gt;" in page  # the raw reply
    assert "2,280" in page and "$0.0024" in page and "2.90 s" in page  # tokens, cost, latency
    assert page.count("temperature 0.7") == 1  # the sampled attempt says so; temperature 0 goes unsaid


def test_run_page_figures_and_rows(pages) -> None:
    page = html(pages.run)
    assert len(re.findall(r'<tr class="row ', page)) == 8
    assert len(re.findall(r'<tr class="detail" id="q\d-detail" hidden>', page)) == 8
    assert re.findall(r'data-outcome="(\w+)"', page) == ["correct", "correct", "unanswered", "unanswered",
                                                         "correct", "incorrect", "unanswered", "correct"]
    assert re.findall(r'data-error="(\w+)"', page).count("yes") == 1
    captions = re.findall(r"<caption>([^<]+) <span", page)
    assert captions == ["all", "alpha", "beta", 'gamma&#34;&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;']
    assert "<svg" in page and page.count('class="pt ') == 4  # all + three datasets, every one answered something
    assert "Not a valid program" in page and "invalid JSON" in page


def test_eval_writes_report_html_beside_report_md(pages) -> None:
    assert (pages.run_dir / "report.md").is_file() and pages.run.is_file()


def test_record_adapter_reads_verdicts_without_none_fields() -> None:
    row = {"id": "q", "dataset": "d", "question": "?", "ground_truth": True, "program": None,
           "verdict": {"semantics": "entail", "kind": "unknown", "reason": "open",
                       "results": [{"id": "verifications[0]", "kind": "unknown", "reason": "open"}]}}
    view = record_view(row, 0)
    assert view.kind == "unknown" and view.answer is None and view.error is None
    assert view.outcome == "unanswered"


def test_record_adapter_says_when_a_verdict_is_unreadable() -> None:
    view = record_view({"id": "q", "verdict": {"kind": "proved"}}, 3)
    assert view.verdict is None and view.error is not None and "unreadable verdict" in view.error


def test_results_file_torn_last_line_is_dropped_a_bad_middle_line_is_an_error(tmp_path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps({"id": "a"}) + "\n" + '{"id": "b", "ques', encoding="utf-8")
    assert [r["id"] for r in read_rows(path)] == ["a"]
    path.write_text('{"id": \n' + json.dumps({"id": "a"}) + "\n", encoding="utf-8")
    with pytest.raises(RunReadError, match="line 1"):
        read_rows(path)


def test_pwn_sample_really_is_markup() -> None:
    assert "<script>" in PWN and "onerror" in PWN  # the samples test something


def test_a_cross_checked_verdict_shows_the_second_solver_per_claim_and_in_sum() -> None:
    pytest.importorskip("cvc5", reason="cvc5 is an optional dependency (pot-toolkit[cvc5])")
    from html_samples import socrates

    from pot import verify
    from pot.report import verdict_html

    program = socrates()
    page = verdict_html(program, verify(program, cross_check="cvc5"), "cross-checked")
    assert re.search(r"Cross-check with cvc5 [\d.]+: 1 agree, 0 disagree, 0 not compared", page)
    assert 'class="outcome tag correct">agree</span>' in page
