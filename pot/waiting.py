"""A spinner on standard error while `pot ask` waits: elapsed time, attempt number and the
tokens of the reply streamed so far (a slow local model is visibly alive), only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Spinner:
    """Call it with an attempt's index as the attempt starts; `tokens(n)` as its reply streams in."""

    def __init__(self, show: Callable[[str], None], model: str, max_attempts: int):
        self._show, self._model, self._max = show, model, max_attempts
        self._index = 1

    def __call__(self, index: int) -> None:
        self._index = index
        self._show(f"asking {self._model} · attempt {index}/{self._max}")

    def tokens(self, count: int) -> None:
        self._show(f"asking {self._model} · attempt {self._index}/{self._max} · {count} tokens")


@contextmanager
def waiting(model: str, max_attempts: int) -> Iterator[Spinner]:
    """Yield the Spinner to update; nothing is drawn off a TTY."""
    if not sys.stderr.isatty():
        yield Spinner(lambda _text: None, model, max_attempts)
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task(f"asking {model}")
    with progress:
        yield Spinner(lambda text: progress.update(task, description=text), model, max_attempts)
