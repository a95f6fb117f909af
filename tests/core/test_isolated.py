"""Deciding in child processes (pot.isolated): one program after another in a child, a computation
Z3 cannot interrupt stopped with its process, a child that dies or hangs a failure, and a caller
that stops early waits for no child."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import anyio
import pytest
from runaway import POWER_JSON, blocked_z3

import pot
from pot import isolated
from pot.isolated import ChildPool, Failed, Invalid, map_in_children
from pot.logic.hard_limit import OVERRUN

SOCRATES = (Path(__file__).parents[2] / "dsl_spec" / "examples" / "socrates.json").read_text(encoding="utf-8")
# a child that answers every request at once with an empty verdict, but waits ten minutes on one that says "wait"
WAITER = [sys.executable, "-c", "import sys, time\nfor line in sys.stdin:\n    if 'wait' in line: time.sleep(600)\n"
          "    print('{\"verdict\": {}, \"runaway\": false}', flush=True)\n"]


def verify(pool: ChildPool, program: Any, timeout_ms: int = 5000) -> Any:
    return anyio.run(lambda: pool.verify(program, semantics="entail", timeout_ms=timeout_ms, evidence=True,
                                         format=None))


def test_a_child_serves_one_program_after_another(children):
    pool = ChildPool(size=1)
    try:
        first, second = verify(pool, SOCRATES), verify(pool, SOCRATES)
        invalid = verify(pool, {"knowledge_base": ["human(socrates)"], "verifications": [{"constraint": "True"}]})
    finally:
        pool.close()
    assert first["kind"] == second["kind"] == "proved"
    assert isinstance(invalid, Invalid) and any(d["code"] == "undeclared-name" for d in invalid.diagnostics)
    assert len(children) == 1 and children[0].poll() is not None  # closed with the pool


@pytest.mark.slow
def test_a_child_left_computing_past_its_limit_is_stopped_and_replaced(children):
    pool = ChildPool(size=1, command=blocked_z3("pot.isolated"))  # the overrun made certain (tests/runaway.py)
    try:
        runaway = verify(pool, POWER_JSON, timeout_ms=1000)
        assert children[0].wait(timeout=30) is not None  # stopped right after it answered
        after = verify(pool, SOCRATES)
    finally:
        pool.close()
    [claim] = runaway["results"]
    assert claim["kind"] == "undecided" and claim["undecided_reason"] == "timeout" and claim["reason"] == OVERRUN
    assert after["kind"] == "proved" and len(children) == 2


def test_a_child_that_dies_is_a_failure_and_the_next_call_gets_a_new_one(children):
    crash = [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"]
    pool = ChildPool(size=1, command=crash)
    first, second = verify(pool, SOCRATES), verify(pool, SOCRATES)
    assert first == second == Failed("the solver process ended without an answer (exit code 3)")
    assert len(children) == 2


def test_a_child_that_does_not_answer_is_stopped(children, monkeypatch):
    monkeypatch.setattr(isolated, "SPARE_S", 0.5)
    silent = [sys.executable, "-c", "import sys, time; sys.stdin.readline(); time.sleep(60)"]
    outcome = verify(ChildPool(size=1, command=silent), SOCRATES, timeout_ms=100)
    assert isinstance(outcome, Failed) and "did not answer" in outcome.message
    assert children[0].poll() is not None


def test_a_bug_in_pot_is_the_childs_error_reply(monkeypatch):
    def broken(*args: Any, **kwargs: Any):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(pot, "verify", broken)
    reply = isolated.answer({"program": SOCRATES, "semantics": "entail", "timeout_ms": 100,
                             "evidence": True, "format": None})
    assert reply == {"error": "RuntimeError: solver exploded", "runaway": False}


def test_a_program_python_cannot_write_as_json_is_decided_here(children):
    huge = {"knowledge_base": [10**5000], "verifications": [{"constraint": "True"}]}
    outcome = verify(ChildPool(size=1, command=["false"]), huge)
    assert isinstance(outcome, Invalid) and not children  # refused here: no child was started


def test_output_from_the_solvers_does_not_reach_the_reply_channel():
    noisy = [sys.executable, "-c", "import os, pot; decide = pot.verify\n"
             "def noisy(*args, **kwargs):\n    os.write(1, b'written to standard output by C code\\n')\n"
             "    print('and by Python')\n    return decide(*args, **kwargs)\n"
             "pot.verify = noisy\nfrom pot.isolated import main; main()"]
    done = subprocess.run(noisy, input=json.dumps({"program": SOCRATES, "semantics": "entail", "timeout_ms": 5000,
                                                   "evidence": False, "format": None}) + "\n",
                          capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout)["verdict"]["kind"] == "proved"
    assert "written to standard output by C code" in done.stderr and "and by Python" in done.stderr


def test_the_child_imports_this_checkouts_pot(tmp_path):
    """The child imports this checkout's pot whatever the working directory."""
    done = subprocess.run([sys.executable, "-c", "import pot.isolated as m; print(m.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(isolated.__file__).resolve().parents[1])})
    assert Path(done.stdout.strip()).resolve() == Path(isolated.__file__).resolve()


def test_a_child_that_cannot_start_is_a_failure(tmp_path):
    outcome = verify(ChildPool(size=1, command=[str(tmp_path / "no-such-python")]), SOCRATES)
    assert isinstance(outcome, Failed) and outcome.message.startswith("could not start the solver process")


def test_closing_the_pool_stops_busy_children_and_their_callers_get_a_failure_at_once(children):
    pool = ChildPool(size=1, command=WAITER)
    outcomes: list[Any] = []
    caller = threading.Thread(target=lambda: outcomes.append(verify(pool, "wait", timeout_ms=600_000)))
    caller.start()
    while not children:
        caller.join(0.01)
    pool.close()
    caller.join(30)
    assert not caller.is_alive() and isinstance(outcomes[0], Failed)
    assert children[0].poll() is not None
    assert verify(pool, SOCRATES) == Failed("the solver processes were stopped (the pool is closed)")
    assert len(children) == 1  # a closed pool starts no child


def test_a_reader_that_stops_early_waits_for_no_child(children, monkeypatch):
    monkeypatch.setattr(isolated, "ChildPool", lambda size: ChildPool(size, command=WAITER))
    results = map_in_children(lambda program, pool: verify(pool, program, timeout_ms=600_000),
                              ["first", "wait", "wait", "never"], 2)
    assert next(results) == {}
    stopping = threading.Thread(target=results.close)  # the reader stops: Ctrl-C, a closed pipe
    stopping.start()
    stopping.join(30)
    assert not stopping.is_alive()
    assert len(children) == 2 and all(child.wait(timeout=30) is not None for child in children)


# a child that applies pot's solver settings and answers with the memory cap Z3 then has
REPORT_MEMORY = [sys.executable, "-c", "import json, sys, z3\nfrom pot.logic.setup import configure_solver\n"
                 "configure_solver()\nsys.stdin.readline()\n"
                 "print(json.dumps({'error': z3.get_param('memory_max_size')}), flush=True)\n"]


@pytest.mark.parametrize(("size", "cap", "share"), [(4, "4096", "1024"), (2, "100", "64")])
def test_the_children_share_z3s_memory_cap(monkeypatch, size, cap, share):
    """POT_Z3_MEMORY_MB (or half the machine) is the whole pool's: each of `size` children gets its
    share, at least the 64 MB a context needs."""
    monkeypatch.setenv("POT_Z3_MEMORY_MB", cap)
    with ChildPool(size=size, command=REPORT_MEMORY) as pool:
        outcome = verify(pool, SOCRATES)
    assert isinstance(outcome, Failed) and outcome.message == share
