"""The pages as a person sees them: headless Chromium (the system's) driven by Playwright.

Skipped, with the reason, when Playwright or /usr/bin/chromium is missing; `.ci/run`
installs both so CI runs these.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
pytestmark = [pytest.mark.slow,  # a browser
              pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                                 reason="no system Chromium at /usr/bin/chromium (apt-get install chromium)")]


@dataclass
class Visit:
    """A page loaded from file://, with everything it tried to do."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visits: list[Visit] = []

    def open_page(path: Path) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
        page.on("request", lambda r: seen.requests.append(r.url))
        # Anything but the page itself is refused: a request would also fail the test below.
        page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        visits.append(seen)
        return seen

    yield open_page
    context.close()


def assert_clean(seen: Visit, path: Path) -> None:
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.requests == [path.as_uri()]  # the file itself, nothing else
    assert seen.page.evaluate("typeof window.__pwned") == "undefined"


@pytest.mark.parametrize("name", ["proved", "unknown", "injected", "ask", "run"])
def test_page_loads_clean_offline_and_runs_no_injected_script(pages, visit, name: str) -> None:
    path = getattr(pages, name)
    seen = visit(path)
    assert_clean(seen, path)


def test_verdict_banner_and_highlighted_core_are_visible(pages, visit) -> None:
    seen = visit(pages.proved)
    page = seen.page
    banner = page.locator(".banner")
    assert banner.is_visible() and banner.locator(".kind").inner_text().strip().lower() == "proved"
    core = page.locator("li.entry.core")
    assert core.count() == 2
    for i in range(2):
        assert core.nth(i).is_visible()
    background = core.first.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("li.entry:not(.core)").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != plain  # the highlight is really drawn
    assert "it follows that" in page.locator(".sentence").inner_text()
    page.locator(".sentence a.chip").first.click()  # the chip leads to the premise in the program
    assert page.evaluate("location.hash") == "#verdict-knowledge_base-0"


def test_unknown_claim_shows_counter_and_witness_tables(pages, visit) -> None:
    page = visit(pages.unknown).page
    assert page.locator(".model.counter table").first.is_visible()
    assert page.locator(".model.witness table").first.is_visible()


def test_injected_text_is_shown_as_text(pages, visit) -> None:
    page = visit(pages.injected).page
    assert "<script>window.__pwned = 1</script>" in page.locator("li.entry.core").first.inner_text()
    assert page.locator("img").count() == 0


def test_ask_attempts_are_collapsible(pages, visit) -> None:
    page = visit(pages.ask).page
    attempts = page.locator("ol.timeline details")
    assert attempts.count() == 2
    second = attempts.nth(1)
    reply = second.locator("pre.source")
    assert not reply.is_visible()
    second.locator("summary").click()
    assert reply.is_visible() and '"verifications"' in reply.inner_text()
    assert "<script>" in page.locator("blockquote.qtext").inner_text()  # the question, as text


def visible_rows(page) -> int:
    return page.locator("#questions tr.row:visible").count()


def test_run_filters_change_the_visible_rows(pages, visit) -> None:
    seen = visit(pages.run)
    page = seen.page
    assert visible_rows(page) == 8
    page.select_option("select[data-filter=dataset]", "alpha")
    assert visible_rows(page) == 3 and page.locator("#shown-count").inner_text() == "3"
    page.select_option("select[data-filter=outcome]", "correct")
    assert visible_rows(page) == 2
    page.select_option("select[data-filter=dataset]", "")
    page.select_option("select[data-filter=outcome]", "")
    page.select_option("select[data-filter=kind]", "unknown")
    assert visible_rows(page) == 2
    page.select_option("select[data-filter=kind]", "")
    page.select_option("select[data-filter=error]", "yes")
    assert visible_rows(page) == 1
    page.select_option("select[data-filter=error]", "")
    page.fill("input[data-filter=text]", "plato")
    assert visible_rows(page) == 2
    page.fill("input[data-filter=text]", "")
    assert visible_rows(page) == 8
    assert_clean(seen, pages.run)


def test_run_row_opens_its_verdict_view(pages, visit) -> None:
    page = visit(pages.run).page
    detail = page.locator("#q1-detail")
    assert not detail.is_visible()
    page.locator("#questions tr.row").nth(1).click()
    assert detail.is_visible()
    assert detail.locator(".banner .kind").inner_text().strip().lower() == "refuted"
    assert detail.locator("li.entry.core").count() >= 1
    page.locator("#questions tr.row").nth(1).click()
    assert not detail.is_visible()


def test_run_anchor_opens_the_question(pages, visit) -> None:
    page = visit(pages.run).page
    page.goto(pages.run.as_uri() + "#q3")
    page.wait_for_function("!document.getElementById('q3-detail').hidden")
    assert page.locator("#q3").is_visible()
