"""Fixtures of the MCP server tests."""

import subprocess
from typing import Any

import pytest

from pot.agent import isolated


@pytest.fixture(autouse=True)
def no_configured_model(monkeypatch, tmp_path):
    """No POT_MODEL leaks in (it would register `ask`); each test has its own LLM cache."""
    monkeypatch.delenv("POT_MODEL", raising=False)
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


@pytest.fixture
def children(monkeypatch) -> list[subprocess.Popen]:
    """Every child the pools start, to look at afterwards."""
    started: list[subprocess.Popen] = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(isolated.subprocess, "Popen", Recorded)
    return started
