"""Shared test fixtures. The network guard: tests talk to 127.0.0.1 and nothing else."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from netguard.sitecustomize import guarded

GUARD_DIR = Path(__file__).parent / "netguard"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to a non-loopback address fails the test, even if the code under
    test swallows the exception raised at the connect. Subprocesses started by the test
    inherit the guard through PYTHONPATH (see netguard/sitecustomize.py)."""
    blocked: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", guarded(socket.socket.connect, blocked.append))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(socket.socket.connect_ex, blocked.append))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(GUARD_DIR), os.environ.get("PYTHONPATH")])))
    yield
    if blocked:
        pytest.fail(f"the test tried to reach the network: {blocked}")


@pytest.fixture
def provider_env(monkeypatch, tmp_path) -> Path:
    """The environment of a test that talks to a fake provider: a key (fake servers accept any),
    a private cache directory (runs never share answers), no POT_MODEL leaking in. Returns the
    cache directory."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POT_MODEL", raising=False)
    return tmp_path / "cache"
