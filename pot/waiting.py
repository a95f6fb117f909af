"""A spinner on standard error while `pot ask` waits: elapsed time and attempt number, only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def waiting(model: str, max_attempts: int) -> Iterator[Callable[[int], None]]:
    """Yield the `on_attempt(index)` callback that updates the spinner; nothing is drawn off a TTY."""
    if not sys.stderr.isatty():
        yield lambda _index: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task(f"asking {model}")

    def on_attempt(index: int) -> None:
        progress.update(task, description=f"asking {model} · attempt {index}/{max_attempts}")

    with progress:
        yield on_attempt
