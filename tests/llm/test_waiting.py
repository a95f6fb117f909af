"""The `pot ask` spinner shows the tokens streamed so far: a slow local model is visibly alive."""

import io
import time

from pot.waiting import waiting


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_spinner_shows_the_attempt_and_the_tokens_so_far(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with waiting("openai/m", 3) as spinner:
        spinner(2)
        spinner.tokens(57)
        time.sleep(0.3)  # rich redraws on its own clock
    assert "asking openai/m · attempt 2/3 · 57 tokens" in terminal.getvalue()


def test_off_a_terminal_nothing_is_drawn(monkeypatch):
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    with waiting("openai/m", 3) as spinner:
        spinner(1)
        spinner.tokens(10)
    assert plain.getvalue() == ""
