"""Issue 7.7: importing pot changes no process-wide state; the solver settings are an explicit step.

Each check that depends on what happened first in the process runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pot.errors import UsageError
from pot.logic.setup import MEMORY_VARIABLE, memory_cap_mb

ROOT = Path(__file__).resolve().parents[2]
SOCRATES = ROOT / "dsl_spec" / "examples" / "socrates.json"


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != MEMORY_VARIABLE}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**environ, **env}, timeout=120)


IMPORT_ONLY = """
import ctypes, json, z3
before = z3.get_param("memory_max_size")
calls = []
real = ctypes.CDLL
class Recorder:
    def __init__(self, *args, **kwargs):
        self._lib = real(*args, **kwargs)
    def __getattr__(self, name):
        calls.append(name)
        return getattr(self._lib, name)
ctypes.CDLL = Recorder
import pot.logic.compile, pot.logic.decide, pot.api, pot.smtlib.api, pot.cli
print(json.dumps({"before": before, "after": z3.get_param("memory_max_size"), "calls": calls}))
"""


@pytest.mark.slow  # a fresh interpreter: the settings are applied once per process
def test_importing_the_core_sets_no_solver_param_and_calls_no_mallopt():
    proc = python(IMPORT_ONLY)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["after"] == out["before"]
    assert "mallopt" not in out["calls"]


@pytest.mark.slow  # a fresh interpreter: the settings are applied once per process
def test_verify_applies_the_settings_once():
    proc = python("import json, z3, pot\n"
                  f"pot.verify(__import__('pathlib').Path({str(SOCRATES)!r}))\n"
                  "import os; os.environ['POT_Z3_MEMORY_MB'] = 'abc'  # applied once: not read again\n"
                  "from pot.logic.setup import configure_solver; configure_solver()\n"
                  "print(json.dumps(z3.get_param('memory_max_size')))", **{MEMORY_VARIABLE: "3000"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == "3000"


@pytest.mark.parametrize("value", ["abc", "0", "-5", "12", "1e4", "²", "99999999999999"])
def test_a_bad_memory_size_is_a_usage_error_that_names_the_variable(value):
    with pytest.raises(UsageError, match=MEMORY_VARIABLE):
        memory_cap_mb({MEMORY_VARIABLE: value})


def test_memory_size_from_the_environment_or_half_the_machine():
    assert memory_cap_mb({MEMORY_VARIABLE: " 2048 "}) == 2048
    assert memory_cap_mb({}) >= 1024


@pytest.mark.slow  # a fresh interpreter: the settings are applied once per process
def test_api_raises_the_usage_error():
    proc = python("import pot\nfrom pot.errors import UsageError\n"
                  "try:\n"
                  f"    pot.verify(__import__('pathlib').Path({str(SOCRATES)!r}))\n"
                  "except UsageError as e:\n    print('usage:', e)\n", **{MEMORY_VARIABLE: "abc"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:") and MEMORY_VARIABLE in proc.stdout


REPLAY = {"id": "r0", "dataset": "strategyqa", "model": "m", "format": "json", "question": "q?",
          "ground_truth": True, "program": SOCRATES.read_text()}


@pytest.mark.slow  # a fresh interpreter: the settings are applied once per process
@pytest.mark.parametrize("command", [
    ["verify", str(SOCRATES)], ["export", str(SOCRATES)], ["check", "--format", "smt2", "-"],
    # programs decided in child processes: said once, before any child starts, not once per program
    ["verify", str(SOCRATES), str(SOCRATES)], ["eval", "--replay", "{replay}"],
    ["eval", "strategyqa", "--data", "{data}", "--model", "openai/m", "--api-base", "http://127.0.0.1:9/v1",
     "--out", "{run}"],
], ids=["verify", "export", "check", "verify-batch", "eval-replay", "eval-live"])
def test_cli_exits_2_naming_the_variable(command, tmp_path):
    replay, data = tmp_path / "replay.jsonl", tmp_path / "strategyqa.json"
    replay.write_text(json.dumps(REPLAY) + "\n")
    data.write_text(json.dumps([{"qid": "q0", "question": "Is it?", "answer": True}]))
    command = [c.format(replay=replay, data=data, run=tmp_path / "run") for c in command]
    environ = {**os.environ, MEMORY_VARIABLE: "abc", "OPENAI_API_KEY": "none"}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environ.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "pot", *command], input="(assert true)(check-sat)",
                          capture_output=True, text=True, cwd=ROOT, env=environ, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert MEMORY_VARIABLE in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("is not a memory size") == 1
    assert not (tmp_path / "run").exists()  # nothing was asked: no run directory either
