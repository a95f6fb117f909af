"""Starting pot in child processes (the solver pools, the cvc5 cross-check)."""

from __future__ import annotations

import os
import site
import subprocess
from pathlib import Path


def child_env(**variables: str) -> dict[str, str]:
    """This environment plus `variables`, with this pot importable: a checkout (run from source,
    or installed editable) goes first on the child's path; an installed pot is found where it is."""
    env = {**os.environ, **variables}
    root = Path(__file__).resolve().parents[1]
    installed = {Path(p).resolve() for p in [*site.getsitepackages(), site.getusersitepackages()]}
    if root not in installed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return env


def stop_child(process: subprocess.Popen[bytes]) -> None:
    """Kill `process`, reap it and close its pipes (no zombie, no open descriptor left behind)."""
    process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()
