"""Run the `pot` command for a test: in this process (fast), or as a real `python -m pot` process.

`pot_in_process` goes through the CLI's own entry point (`pot.cli.main`: exit-code mapping,
--json errors) with click's CliRunner isolation for stdin, stdout, stderr and the environment,
so a test of output, exit codes and --json needs no interpreter start-up (~0.5 s each).
`pot_process` is for what only a process shows: what start-up imports, signals, the real exit
status; tests using it are usually marked slow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from click.testing import CliRunner

from pot.cli import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Ran:
    """What a `pot` run gave: its exit code and its two output streams, decoded."""

    returncode: int
    out: str
    err: str

    @property
    def stdout(self) -> str:
        return self.out

    @property
    def stderr(self) -> str:
        return self.err


def pot_in_process(*args: str, stdin: bytes | str | BinaryIO = b"", cwd: Path | str | None = None,
                   env: Mapping[str, str | None] | None = None) -> Ran:
    """`pot ARGS` run by `pot.cli.main` in this process; `env` overrides variables (None unsets one).

    No traceback may escape: `main` maps every failure to an exit code and a message, as the
    real command does."""
    runner = CliRunner()
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    with runner.isolation(input=stdin, env={"NO_COLOR": "1", "POT_DEBUG": None, **(env or {})}) as (out, err, _):
        sys.argv = ["pot", *map(str, args)]
        os.chdir(cwd or ROOT)
        try:
            main()
            code: int = 0
        except SystemExit as done:
            code = exit_status(done.code)
        finally:
            sys.argv = saved_argv
            os.chdir(saved_cwd)
            sys.stdout.flush()
            sys.stderr.flush()
        ran = Ran(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8", "replace"))
    assert "Traceback" not in ran.err and "Traceback" not in ran.out, ran.err
    return ran


def exit_status(code: object) -> int:
    """The status a process would exit with after `sys.exit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    return 1  # sys.exit("message"): the message goes to stderr, the status is 1


def pot_process(*args: str, stdin: bytes | str = b"", cwd: Path | str | None = None,
                env: Mapping[str, str | None] | None = None, timeout: float = 120) -> Ran:
    """`python -m pot ARGS` as a subprocess (inherits the test's environment and network guard)."""
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    full_env.pop("POT_DEBUG", None)
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run([sys.executable, "-m", "pot", *map(str, args)], input=data, capture_output=True,
                          cwd=cwd or ROOT, env=full_env, timeout=timeout)
    ran = Ran(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in ran.err and "Traceback" not in ran.out, ran.err
    return ran
