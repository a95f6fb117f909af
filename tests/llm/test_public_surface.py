"""The package's surface: typed lazy exports, no process-wide change at import, one exit-code mapping."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pot
from pot.errors import ExitCode, ProgramError, ProviderError, UsageError, exit_code, failure_text
from pot.eval.datasets import DatasetError
from pot.eval.store import RunDirError

ROOT = Path(__file__).parents[2]


def test_every_public_name_resolves():
    for name in pot.__all__:
        assert getattr(pot, name) is not None, name
    assert {"RetryPolicy", "ClaimResult", "Premise", "Semantics", "Usage"} <= set(pot.__all__)
    assert pot.Semantics.parse("sat") is pot.Semantics.SAT


def test_type_checkers_see_what_runtime_exports():
    """The `if TYPE_CHECKING:` imports name exactly the lazily exported names, from the same modules."""
    tree = ast.parse((ROOT / "pot" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    typed = {alias.name: node.module for node in guarded.body if isinstance(node, ast.ImportFrom)
             for alias in node.names}
    assert typed == pot._EXPORTS


@pytest.mark.slow  # a fresh interpreter
def test_importing_pot_changes_no_environment_and_loads_no_llm_library():
    probe = ("import os, sys; before = dict(os.environ)\n"
             "import pot, pot.llm, pot.llm.client, pot.llm.translate, pot.proof_of_thought, pot.cli\n"
             "pot.ProofOfThought, pot.RetryPolicy\n"
             "print(dict(os.environ) == before, 'litellm' in sys.modules)")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["True", "False"], done.stderr


@pytest.mark.parametrize("exc, code", [
    (ProgramError([]), ExitCode.INVALID_PROGRAM),
    (ProviderError("no key"), ExitCode.PROVIDER),
    (UsageError("bad option"), ExitCode.USAGE),
    (DatasetError("bad file"), ExitCode.USAGE),
    (RunDirError("other parameters"), ExitCode.USAGE),
    (PermissionError("read-only"), ExitCode.USAGE),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED),
    (ExceptionGroup("run", [ProviderError("down")]), ExitCode.PROVIDER),
    (RuntimeError("bug"), ExitCode.INTERNAL),
])
def test_one_mapping_from_failures_to_exit_codes(exc, code):
    assert exit_code(exc) == code
    assert "Traceback" not in failure_text(exc) and "\n" not in failure_text(ProviderError("a\nb"))
