"""A hard limit on solver work, for the computations Z3 cannot interrupt.

Z3 honours its time-out and `Context.interrupt` only at checkpoints, and some steps have
none: multiplying huge numbers (`m == 3**n` with `n == 10000000`, or a chain of products)
inside core minimisation or model evaluation runs for as long as the arithmetic takes. So
the solver work of a call runs on a worker thread (Z3's C calls release the GIL) and the
caller waits until the deadline plus `GRACE_S`. Work not done by then is abandoned: the
caller gets the claims settled so far and every other claim undecided (timeout), the
worker's context is interrupted, and the worker finishes on its own. Nothing of the
worker's (its Z3 context above all) is touched again from another thread, because the
worker's frame keeps its objects alive. `runaway()` tells a command line to leave with
`os._exit` instead of waiting for such a thread at exit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from pot.logic.deadline import TIMEOUT_REASON, Deadline
from pot.logic.verdict import ClaimKind, ClaimResult, Verdict

GRACE_S = 0.5
"""How long past its deadline a call waits for the solver before giving up on it. Z3 stops
within milliseconds of a time-out at its checkpoints; half a second is only exceeded by
work that has none."""

OVERRUN = (f"Z3 did not stop at the time limit (a computation it cannot interrupt, such as a huge number); "
           f"pot stopped waiting {GRACE_S:g} s after it")

_abandoned: list[threading.Thread] = []


class Progress:
    """What the worker has settled so far, and its context to interrupt; shared with the caller."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: list[ClaimResult] = []
        self._interrupt: Callable[[], None] | None = None
        self._closed = False

    def started(self, interrupt: Callable[[], None]) -> None:
        """The worker's context exists: `interrupt` (its `Context.interrupt`) can stop it."""
        with self._lock:
            self._interrupt = interrupt
            if self._closed:
                interrupt()

    def settle(self, result: ClaimResult) -> None:
        """A claim is decided (claims settle in order)."""
        with self._lock:
            if not self._closed:
                self._results.append(result)

    def abandon(self) -> list[ClaimResult]:
        """Stop taking results, interrupt the worker, and return what it settled."""
        with self._lock:
            self._closed = True
            if self._interrupt is not None:
                self._interrupt()
            return list(self._results)


def solve_within(work: Callable[[Progress], Verdict], deadline: Deadline, *, claims: list[ClaimResult],
                 verdict_of: Callable[[list[ClaimResult]], Verdict]) -> Verdict:
    """`work`'s verdict if it is done by `deadline` + GRACE_S, else `verdict_of` the claims it
    settled followed by `claims[len(settled):]`: one placeholder per claim, in the order the
    work settles them (see `unsettled`)."""
    progress = Progress()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["verdict"] = work(progress)
        except BaseException as exc:  # handed to the caller, which raises it
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="pot-solver", daemon=True)
    try:  # start() too: a Ctrl-C can land in it once the worker runs, which must then be stopped
        worker.start()
        worker.join(max(0.0, deadline.end - time.monotonic()) + GRACE_S)
    except BaseException:  # Ctrl-C: stop the solver at its next checkpoint
        progress.abandon()
        _abandon(worker)
        raise
    if not worker.is_alive():
        if "error" in outcome:
            raise outcome["error"]
        verdict: Verdict = outcome["verdict"]
        return verdict
    settled = progress.abandon()
    _abandon(worker)
    return verdict_of(settled + claims[len(settled):])


def _abandon(worker: threading.Thread) -> None:
    _abandoned[:] = [thread for thread in _abandoned if thread.is_alive()] + [worker]


def unsettled(id: str, name: str | None, text: str) -> ClaimResult:
    """The result of a claim the solver did not get to before it overran."""
    return ClaimResult(id=id, name=name, text=text, kind=ClaimKind.UNDECIDED, answer=None,
                       undecided_reason=TIMEOUT_REASON, reason=OVERRUN)


def runaway() -> bool:
    """Whether an abandoned solver thread is still computing (a command line should then
    leave with os._exit: waiting for it at exit could take hours)."""
    return any(thread.is_alive() for thread in _abandoned)
