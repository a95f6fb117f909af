"""`pot verify --html`, `pot ask --html`, `pot eval` and `pot report` write the pages."""

from __future__ import annotations

import json

import pytest
from cli_runner import ROOT, pot_in_process
from fakes.openai_server import FakeOpenAI, program_reply
from html_samples import PWN, replay_records, socrates

pot = pot_in_process  # the CLI entry point in this process (see cli_runner)


def test_verify_html_writes_the_page_and_still_prints_the_verdict(tmp_path) -> None:
    program = tmp_path / "socrates.json"
    program.write_text(json.dumps(socrates()), encoding="utf-8")
    out = tmp_path / "verdict.html"
    proc = pot("verify", str(program), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "PROVED" in proc.out and f"html: {out}" in proc.err
    page = out.read_text(encoding="utf-8")
    assert "socrates.json" in page and 'class="entry core"' in page


def test_verify_html_from_standard_input_with_json(tmp_path) -> None:
    out = tmp_path / "v.html"
    proc = pot("verify", "-", "--json", "--html", str(out), stdin=json.dumps(socrates("wise(socrates)")))
    assert proc.returncode == 0 and json.loads(proc.stdout)["kind"] == "unknown"
    assert "standard input" in out.read_text(encoding="utf-8")


def test_verify_html_unwritable_path_is_a_usage_error(tmp_path) -> None:
    program = tmp_path / "p.json"
    program.write_text(json.dumps(socrates()), encoding="utf-8")
    proc = pot("verify", str(program), "--html", str(tmp_path / "missing" / "v.html"))
    assert proc.returncode == 2 and "cannot write" in proc.err


def test_eval_replay_writes_report_html_and_pot_report_rebuilds_it(tmp_path) -> None:
    data = tmp_path / "recorded.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in replay_records()), encoding="utf-8")
    run = tmp_path / "run"
    proc = pot("eval", "--replay", str(data), "--out", str(run), "--json")
    assert proc.returncode == 0, proc.stderr
    report = run / "report.html"
    first = report.read_text(encoding="utf-8")
    assert (run / "report.md").is_file() and first.count('<tr class="row ') == len(replay_records())
    report.unlink()
    proc = pot("report", str(run))
    assert proc.returncode == 0, proc.stderr
    rebuilt = report.read_text(encoding="utf-8")
    assert rebuilt.count('<tr class="row ') == len(replay_records())
    assert "&lt;script&gt;" in rebuilt and "<script>window" not in rebuilt


def test_report_refuses_a_directory_without_results(tmp_path) -> None:
    proc = pot("report", str(tmp_path))
    assert proc.returncode == 2 and "no results.jsonl" in proc.err



@pytest.mark.litellm
def test_ask_html_shows_the_question_and_every_attempt(tmp_path) -> None:
    broken = socrates()
    broken["rules"][0]["implies"]["consequent"] = "mortal(b, 1)"
    out = tmp_path / "ask.html"
    env = {"POT_CACHE_DIR": str(tmp_path / "cache"), "OPENAI_API_KEY": "sk-test-not-a-real-key"}
    with FakeOpenAI([program_reply(broken), program_reply(socrates())]) as server:
        proc = pot("ask", f"Is Socrates mortal? {PWN}", "--model", "openai/fake", "--api-base", server.api_base,
                   "--html", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "Is Socrates mortal? &lt;script&gt;" in page
    assert "Attempt 1" in page and "Attempt 2" in page and "takes 1 argument" in page
    assert 'class="banner good"' in page


@pytest.mark.parametrize("command", ["verify", "ask"])
def test_help_mentions_html(command: str) -> None:
    proc = pot(command, "--help")
    assert proc.returncode == 0 and "--html" in proc.out


def test_verify_html_of_an_invalid_program_lists_every_problem(tmp_path) -> None:
    program = tmp_path / "bad.json"
    program.write_text(json.dumps({"knowledge_base": ["p(a) <script>", "q(b)"],
                                   "verifications": [{"name": PWN, "constraint": "r(c)"}]}), encoding="utf-8")
    out = tmp_path / "bad.html"
    proc = pot("verify", str(program), "--html", str(out))
    assert proc.returncode == 3
    page = out.read_text(encoding="utf-8")
    assert "invalid program: 3 errors" in page and page.count("undeclared function") == 2
    assert "<script>window" not in page and "p(a) &lt;script&gt;" in page
    assert '<code class="quote">p(a) &lt;script&gt;</code>' in page  # what the problem points at, below it


def test_verify_html_shows_the_optimization(tmp_path) -> None:
    out = tmp_path / "opt.html"
    proc = pot("verify", str(ROOT / "dsl_spec" / "examples" / "optimize.json"), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    optimization = page.split("<h2>Optimization</h2>")[1].split("</section>")[0]
    assert "maximize" in optimization and '<td class="mono">seats</td><td class="mono">3</td>' in optimization
