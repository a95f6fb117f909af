"""Verification in child processes, for whatever decides many programs: the MCP server, batch
`pot verify`, replays.

`pot.logic.hard_limit` answers at the deadline even when Z3 cannot stop (multiplying huge
numbers has no checkpoint), but the abandoned computation keeps a core busy until it ends:
minutes, or hours for a chain of products. A command line that decides one program leaves and
takes it along; a server or a long batch would collect them, and every later program would
share its cores with them. So these verify in child processes (`python -m pot.isolated`, one
JSON line in and one out per program), and a child left holding such a computation is killed
after it answered: killing is the only way to stop that work.

Programs travel as JSON text, verdicts and diagnostics as their JSON; nothing is pickled.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import anyio.to_thread

from pot.children import child_env, stop_child
from pot.errors import Diagnostic, ProgramError
from pot.logic.setup import MEMORY_VARIABLE, MIN_MEMORY_MB, memory_cap_mb
from pot.logic.verdict import Semantics, Verdict
from pot.smtlib.formats import ProgramFormat

T = TypeVar("T")
R = TypeVar("R")

SPARE_S = 30.0
"""How long past its time limit (and the hard limit's grace) a child may take to answer before
it is killed: starting a child and writing a large verdict take a moment, nothing takes this long."""


@dataclass(frozen=True)
class Invalid:
    """The program's diagnostics (JSON, as `Diagnostic.to_json`): it is not a valid program."""

    diagnostics: list[dict[str, Any]]


@dataclass(frozen=True)
class Failed:
    """No verdict, through no fault of the program: what went wrong, in one line."""

    message: str


Outcome = dict[str, Any] | Invalid | Failed
"""A verdict's JSON, or why there is none."""


class SolverFailed(Exception):
    """The solver process gave no verdict: it died, was stopped past its limit, or pot failed in it."""


def verdict_or_raise(outcome: Outcome) -> Verdict:
    """The outcome's Verdict; ProgramError (with its diagnostics) or SolverFailed when it has none."""
    if isinstance(outcome, Invalid):
        raise ProgramError([Diagnostic.from_json(d) for d in outcome.diagnostics])
    if isinstance(outcome, Failed):
        raise SolverFailed(outcome.message)
    return Verdict.from_json(outcome)


class ChildPool:
    """Child processes that verify one program at a time; at most `size` at once (more callers wait)."""

    def __init__(self, size: int | None = None, command: list[str] | None = None):
        """Raises UsageError for a bad POT_Z3_MEMORY_MB: once, here, not once per program from each child."""
        self.size = size or os.cpu_count() or 1
        # Z3's memory cap is per process: the children share the one the user set (or the default
        # half of the machine) instead of each taking all of it
        self.memory_mb = max(MIN_MEMORY_MB, memory_cap_mb() // self.size)
        self.command = command or [sys.executable, "-m", "pot.isolated"]
        self._idle: list[subprocess.Popen[bytes]] = []
        self._busy: set[subprocess.Popen[bytes]] = set()
        self._closed = False
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.size)

    def outcome(self, program: dict[str, Any] | str, *, semantics: str, timeout_ms: int, evidence: bool,
                format: str | None) -> Outcome:
        """The program decided in a child (blocking). One Python cannot write as JSON (an integer too
        long to print) is decided here: it cannot reach Z3 as such, the loader refuses it."""
        fields = {"program": program, "semantics": semantics, "timeout_ms": timeout_ms, "evidence": evidence,
                  "format": format}
        try:
            request = json.dumps(fields).encode() + b"\n"
        except ValueError:
            return _outcome(answer(fields))
        return self._exchange(request, timeout_ms / 1000 + SPARE_S)

    async def verify(self, program: dict[str, Any] | str, *, semantics: str, timeout_ms: int, evidence: bool,
                     format: str | None) -> Outcome:
        """`outcome`, off the event loop."""
        run = functools.partial(self.outcome, program, semantics=semantics, timeout_ms=timeout_ms,
                                evidence=evidence, format=format)
        return await anyio.to_thread.run_sync(run, abandon_on_cancel=True)

    async def decide(self, program: dict[str, Any] | str, *, fmt: ProgramFormat, semantics: Semantics,
                     timeout_ms: int) -> Verdict:
        """The verifier of a Translator (pot.llm.translate.Verifier): the Verdict, or ProgramError
        (the program's diagnostics) or SolverFailed."""
        return verdict_or_raise(await self.verify(program, semantics=semantics.value, timeout_ms=timeout_ms,
                                                  evidence=True, format=fmt.value))

    def __enter__(self) -> ChildPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every child: the idle ones, and the busy ones too (their callers get a Failed at once:
        whoever closes the pool, e.g. on Ctrl-C, no longer waits for them)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = list(self._busy)
        for child in idle:
            stop_child(child)
        for child in busy:  # its caller's read ends, and the caller cleans up
            child.kill()

    def _exchange(self, request: bytes, limit_s: float) -> Outcome:
        with self._slots:
            try:
                child = self._take()
            except OSError as exc:
                return Failed(f"could not start the solver process: {exc}")
            if child is None:
                return Failed("the solver processes were stopped (the pool is closed)")
            overdue = threading.Event()

            def stop_overdue() -> None:
                overdue.set()
                child.kill()

            timer = threading.Timer(limit_s, stop_overdue)
            timer.start()
            try:
                reply = _send(child, request)
            finally:
                timer.cancel()
            with self._lock:
                self._busy.discard(child)
                keep = reply is not None and not reply.get("runaway") and not self._closed
                if keep:
                    self._idle.append(child)
            if not keep:  # dead, computing what nobody will read, or no longer wanted: stop it
                stop_child(child)
        if reply is not None:
            return _outcome(reply)
        if overdue.is_set():
            return Failed(f"the solver process did not answer within the time limit and {SPARE_S:g} s more; "
                          "it was stopped")
        return Failed(f"the solver process ended without an answer (exit code {child.returncode})")

    def _take(self) -> subprocess.Popen[bytes] | None:
        """An idle child or a new one, marked busy; None once the pool is closed."""
        with self._lock:
            if self._closed:
                return None
            while self._idle:
                child = self._idle.pop()
                if child.poll() is None:
                    self._busy.add(child)
                    return child
            child = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=child_env(**{MEMORY_VARIABLE: str(self.memory_mb)}))
            self._busy.add(child)
            return child


def map_in_children(work: Callable[[T, ChildPool], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`work(item, pool)` for every item, in order, on `workers` threads sharing a pool of as many
    children. A caller that stops early (Ctrl-C, a closed pipe) waits for neither: the children are
    stopped and the items not started are dropped."""
    pool, threads = ChildPool(size=workers), ThreadPoolExecutor(max_workers=workers)
    try:
        pending = deque(threads.submit(work, item, pool) for item in items)
        while pending:
            yield pending.popleft().result()
    finally:
        pool.close()
        threads.shutdown(cancel_futures=True)


def _send(child: subprocess.Popen[bytes], request: bytes) -> dict[str, Any] | None:
    """The child's reply to `request`, or None when it died (or was killed) first."""
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(request)
        child.stdin.flush()
        line = child.stdout.readline()
    except (BrokenPipeError, OSError, ValueError):
        return None
    if not line.endswith(b"\n"):
        return None
    try:
        reply = json.loads(line)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) else None


def _outcome(reply: dict[str, Any]) -> Outcome:
    if isinstance(reply.get("verdict"), dict):
        return reply["verdict"]
    if isinstance(reply.get("diagnostics"), list):
        return Invalid(reply["diagnostics"])
    return Failed(str(reply.get("error") or "the solver process gave no verdict"))


# ---------------------------------------------------------------- the child


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """One program's reply: its verdict, its diagnostics, or the error (and whether a solver
    thread still runs past its deadline: the parent then stops this process)."""
    import pot
    from pot.logic import hard_limit

    try:
        verdict = pot.verify(request["program"], semantics=request["semantics"], timeout_ms=request["timeout_ms"],
                             evidence=request["evidence"], format=request["format"])
        reply: dict[str, Any] = {"verdict": verdict.to_json()}
    except ProgramError as exc:
        reply = {"diagnostics": [d.to_json() for d in exc.diagnostics]}
    except Exception as exc:  # a bug in pot: the parent reports it, this process serves on
        reply = {"error": f"{type(exc).__name__}: {exc}"}
    return {**reply, "runaway": hard_limit.runaway()}


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer request lines until the input ends or a solver thread runs away."""
    for line in requests:
        reply = answer(json.loads(line))
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()
        if reply["runaway"]:
            return


def main() -> None:
    # the reply channel carries replies only: whatever else writes to standard output, Python or
    # the solvers' C code, writes to standard error
    sys.stdout.flush()
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the parent is gone
        serve(sys.stdin.buffer, replies)
    os._exit(0)  # without waiting for a runaway solver thread


if __name__ == "__main__":
    main()
