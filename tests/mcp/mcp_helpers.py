"""Helpers for the MCP server tests: programs and the `pot mcp` subprocess.

Every exchange goes through the SDK's own client: in-process for the edge cases (fast),
through a `python -m pot mcp` subprocess for the transports (the real thing).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from mcp import StdioServerParameters

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "dsl_spec" / "examples"
GUARD_DIR = ROOT / "tests" / "netguard"  # on PYTHONPATH: the subprocess reports any non-loopback connection

def socrates_text() -> str:
    return (EXAMPLES / "socrates.json").read_text(encoding="utf-8")


def fermat_cubes() -> dict[str, Any]:
    """No positive x, y, z with x³ + y³ = z³: true, but beyond Z3's nonlinear integer reasoning,
    so the claim stays undecided however long Z3 may run (here: until its time-out)."""
    return {"functions": [{"name": n, "range": "IntSort"} for n in "xyz"],
            "knowledge_base": ["x > 0", "y > 0", "z > 0"],
            "verifications": [{"name": "no_cube_sum", "constraint": "x * x * x + y * y * y != z * z * z"}]}


def with_undeclared_function() -> dict[str, Any]:
    return {"knowledge_base": ["human(socrates)"], "verifications": [{"constraint": "True"}]}


def subprocess_pythonpath() -> str:
    parts = [str(GUARD_DIR), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    return os.pathsep.join(dict.fromkeys(p for p in parts if p))


def pot_mcp(*args: str, cache_dir: Path) -> StdioServerParameters:
    """`python -m pot mcp ARGS` from the repository root, so this checkout's code runs, with the
    network guard (tests/netguard) and nothing of this environment but PYTHONPATH."""
    env = {"PYTHONPATH": subprocess_pythonpath(), "POT_CACHE_DIR": str(cache_dir),
           "OPENAI_API_KEY": "sk-test-not-a-real-key"}
    return StdioServerParameters(command=sys.executable, args=["-m", "pot", "mcp", *args], env=env, cwd=ROOT)
