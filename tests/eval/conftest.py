"""Fixtures for the evaluation tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def provider_env(monkeypatch, tmp_path):
    """A key the fake server accepts and a private LLM cache, so runs never share answers."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fake")
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POT_MODEL", raising=False)
