"""Fixtures of the MCP server tests."""

import pytest


@pytest.fixture(autouse=True)
def no_configured_model(monkeypatch, tmp_path):
    """No POT_MODEL leaks in (it would register `ask`); each test has its own LLM cache."""
    monkeypatch.delenv("POT_MODEL", raising=False)
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
