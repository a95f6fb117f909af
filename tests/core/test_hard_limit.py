"""The hard limit on solver work: a call returns by its deadline plus a grace period even when
Z3 is inside a computation it cannot interrupt (pot/logic/hard_limit.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from runaway import POWER_JSON, POWER_SMT2, blocked_z3

from pot.logic import hard_limit
from pot.logic.deadline import TIMEOUT_REASON, Deadline
from pot.logic.decide import verdict_of
from pot.logic.hard_limit import OVERRUN, Progress, solve_within, unsettled
from pot.logic.verdict import ClaimKind, ClaimResult, Semantics, Verdict, VerdictKind


def _proved(i: int) -> ClaimResult:
    return ClaimResult(id=f"verifications[{i}]", text=f"c{i}", kind=ClaimKind.PROVED, answer=True, reason="shown",
                       core=[])


def _placeholders(n: int) -> list[ClaimResult]:
    return [unsettled(f"verifications[{i}]", None, f"c{i}") for i in range(n)]


def _entail(results: list[ClaimResult]) -> Verdict:
    return verdict_of(Semantics.ENTAIL, results)


def test_work_done_in_time_gives_its_own_verdict():
    def work(progress: Progress) -> Verdict:
        progress.settle(_proved(0))
        return _entail([_proved(0)])

    verdict = solve_within(work, Deadline.after(5000), claims=_placeholders(1), verdict_of=_entail)
    assert verdict.kind == VerdictKind.PROVED
    assert verdict.results[0].reason == "shown"


def test_an_error_in_the_work_reaches_the_caller():
    def work(progress: Progress) -> Verdict:
        raise MemoryError("Z3 ran out of memory")

    with pytest.raises(MemoryError, match="ran out"):
        solve_within(work, Deadline.after(5000), claims=_placeholders(1), verdict_of=_entail)


def test_work_that_overruns_keeps_what_it_settled_and_the_rest_is_undecided():
    """The blocked work stands for Z3 multiplying huge numbers: no checkpoint, no interrupt."""
    release, interrupted = threading.Event(), threading.Event()

    def work(progress: Progress) -> Verdict:
        progress.started(interrupted.set)
        progress.settle(_proved(0))
        release.wait(60)
        progress.settle(_proved(1))  # too late: the caller has its verdict already
        return _entail([_proved(0), _proved(1), _proved(2)])

    try:
        verdict = solve_within(work, Deadline.after(10), claims=_placeholders(3), verdict_of=_entail)
        assert interrupted.is_set()  # the worker's context is told to stop at its next checkpoint
        assert hard_limit.runaway()
    finally:
        release.set()
    assert [r.kind for r in verdict.results] == [ClaimKind.PROVED, ClaimKind.UNDECIDED, ClaimKind.UNDECIDED]
    assert [r.id for r in verdict.results] == ["verifications[0]", "verifications[1]", "verifications[2]"]
    assert all(r.undecided_reason == TIMEOUT_REASON and r.reason == OVERRUN for r in verdict.results[1:])
    assert verdict.kind == VerdictKind.UNDECIDED and verdict.answer is None
    for thread in list(hard_limit._abandoned):
        thread.join(60)
    assert not hard_limit.runaway()


def test_a_context_made_after_the_caller_gave_up_is_interrupted_at_once():
    progress = Progress()
    assert progress.abandon() == []
    interrupted = threading.Event()
    progress.started(interrupted.set)
    assert interrupted.is_set()


def test_ctrl_c_while_the_worker_starts_still_stops_it(monkeypatch):
    """A Ctrl-C can land inside Thread.start, once the worker runs: it is abandoned and told to stop
    like one interrupted while the caller waits (before, it ran on to its time limit)."""
    interrupted = threading.Event()

    def work(progress: Progress) -> Verdict:
        progress.started(interrupted.set)
        interrupted.wait(60)
        return _entail([])

    start = threading.Thread.start

    def start_then_ctrl_c(thread: threading.Thread) -> None:
        start(thread)
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        solve_within(work, Deadline.after(60_000), claims=[], verdict_of=_entail)
    monkeypatch.undo()
    assert interrupted.wait(10)
    for thread in list(hard_limit._abandoned):
        thread.join(60)
    assert not hard_limit.runaway()


def _pot_verify(command: list[str], path: Path) -> dict:
    done = subprocess.run([*command, "verify", str(path), "--json", "--timeout-ms", "2000"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["kind"] == "undecided"
    [claim] = verdict["results"]
    assert claim["kind"] == "undecided" and claim["undecided_reason"] == "timeout"
    return claim


POWERS = pytest.mark.parametrize("suffix, text", [(".json", json.dumps(POWER_JSON)), (".smt2", POWER_SMT2)],
                                 ids=["json", "smt2"])


@pytest.mark.slow
@POWERS
def test_pot_verify_answers_at_the_limit_when_z3_computes_a_huge_power(tmp_path, suffix, text):
    """Z3 computing 3**20000000 is stopped at a checkpoint or given up on at the hard limit,
    as the limit falls (see tests/runaway.py); either way the answer is undecided (timeout)."""
    path = tmp_path / f"power{suffix}"
    path.write_text(text)
    claim = _pot_verify([sys.executable, "-m", "pot"], path)
    assert claim["reason"] == OVERRUN or claim["reason"].startswith("Z3 could not decide ")


@pytest.mark.slow
@POWERS
def test_pot_verify_leaves_a_check_that_cannot_stop_behind(tmp_path, suffix, text):
    """A check deaf to time-outs and interrupts (it would wait for good): the command answers
    undecided at the hard limit and leaves without waiting for it."""
    path = tmp_path / f"power{suffix}"
    path.write_text(text)
    assert _pot_verify(blocked_z3("pot"), path)["reason"] == OVERRUN


@pytest.mark.slow
def test_ctrl_c_during_a_long_check_ends_pot_verify_at_once(tmp_path):
    """Ctrl-C reaches the waiting main thread; the worker is told to stop and the command
    leaves with exit 130, without a traceback and without waiting for the 60 s limit."""
    import signal
    import time

    program = {"functions": [{"name": n, "range": "IntSort"} for n in "xyz"],
               "knowledge_base": ["x > 100", "y > 100", "z > 100"],
               "verifications": [{"name": "no_cube_sum", "constraint": "x * x * x + y * y * y != z * z * z + 7"}]}
    path = tmp_path / "cubes.json"
    path.write_text(json.dumps(program))
    # a shell's background job (CI under nohup) inherits SIGINT ignored, and Python then installs no
    # handler; a user at a terminal has the default
    proc = subprocess.Popen([sys.executable, "-m", "pot", "verify", str(path), "--timeout-ms", "60000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(3)  # started, and inside the check
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=50)  # well before the 60 s limit
    assert proc.returncode == 130, (out, err)
    assert err.strip() == "aborted"  # click's word for a Ctrl-C; no traceback
