"""Shared test fixtures. The network guard: tests talk to 127.0.0.1 and nothing else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

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
def opens_of(monkeypatch):
    """Counts the opens of one file: `opens_of(path)` returns a list that gets an entry each time
    the code under test opens `path` (read once, or twice?)."""
    def watch(path: Path) -> list[Path]:
        opened: list[Path] = []
        real_open = Path.open

        def counting_open(self, *args, **kwargs):
            if self == path:
                opened.append(self)
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", counting_open)
        return opened
    return watch


@pytest.fixture
def provider_env(monkeypatch, tmp_path) -> Path:
    """The environment of a test that talks to a fake provider: a key (fake servers accept any),
    a private cache directory (runs never share answers), no POT_MODEL leaking in. Returns the
    cache directory."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POT_MODEL", raising=False)
    return tmp_path / "cache"


@pytest.hookimpl(tryfirst=True)  # before -m deselects: a litellm test is a slow test
def pytest_collection_modifyitems(config, items):
    """Tests marked litellm go through litellm, whose import alone takes about 7 s of CPU:
    they count as slow, so the quick loop (-m "not slow") leaves them out and never pays it."""
    for item in items:
        if item.get_closest_marker("litellm"):
            item.add_marker(pytest.mark.slow)


_ran_litellm_tests: list[str] = []


def pytest_runtest_setup(item):
    if item.get_closest_marker("litellm"):
        _ran_litellm_tests.append(item.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """A test that imports litellm without the litellm marker would put its 7 s back into the
    quick loop: fail the session that shows it."""
    if "litellm" in sys.modules and not _ran_litellm_tests and session.testscollected:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("a test imported litellm without @pytest.mark.litellm (see tests/conftest.py)",
                                red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def children(monkeypatch) -> list[subprocess.Popen]:
    """Every child the solver process pools (pot.isolated) start, to look at afterwards."""
    from pot import isolated

    started: list[subprocess.Popen] = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(isolated.subprocess, "Popen", Recorded)
    return started
