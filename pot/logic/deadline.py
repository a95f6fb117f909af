"""The time limit of one call: `timeout_ms` bounds the whole call, not each solver check.

A verify runs two checks per claim, sometimes a third, an optimisation and model
building; each check gets the time that is left, and once none is left the remaining
questions are answered `undecided` (timeout) without asking Z3.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

TIMEOUT_REASON = "timeout"
MAX_CHECK_MS = 2**32 - 1  # Z3's timeout parameter is an unsigned 32-bit number of milliseconds


def validate_timeout_ms(timeout_ms: object) -> int:
    """`timeout_ms` as a positive int, or a ValueError that says what is expected."""
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or timeout_ms < 1:
        raise ValueError(f"timeout_ms must be a positive whole number of milliseconds (the time limit of the whole "
                         f"call), not {timeout_ms!r}")
    return timeout_ms


@dataclass(frozen=True)
class Deadline:
    """The monotonic-clock instant by which a call must be done."""

    end: float  # time.monotonic() seconds

    @classmethod
    def after(cls, timeout_ms: object) -> Deadline:
        """The deadline `timeout_ms` from now; ValueError unless it is a positive int."""
        return cls(time.monotonic() + min(validate_timeout_ms(timeout_ms), MAX_CHECK_MS * 1000) / 1000)

    def remaining_ms(self) -> int:
        """Whole milliseconds left (0 when the deadline has passed), at most what Z3 takes as a timeout."""
        return min(MAX_CHECK_MS, max(0, int((self.end - time.monotonic()) * 1000)))

    @property
    def expired(self) -> bool:
        return self.remaining_ms() < 1

    @contextmanager
    def interrupting(self, interrupt: Callable[[], None]) -> Iterator[None]:
        """Call `interrupt` (e.g. `z3.Context.interrupt`) from a timer thread if the deadline
        passes inside the block, and never after it. For Z3 work the solver's `timeout` does not
        bound: minimising an unsat core runs checks of its own, and one of them can compute
        3**10000000 for seconds. An interrupted minimisation returns the core it has so far,
        which is still a core (its premises suffice), only perhaps not the smallest."""
        lock, inside = threading.Lock(), [True]

        def fire() -> None:
            with lock:
                if inside[0]:
                    interrupt()

        timer = threading.Timer(max(0.0, self.end - time.monotonic()), fire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            with lock:
                inside[0] = False
            timer.cancel()
