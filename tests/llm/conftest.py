"""Fixtures for the translator tests: a clean environment and a fast retry policy."""

from __future__ import annotations

import pytest

from pot.llm.client import RetryPolicy

FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=5.0)


@pytest.fixture(autouse=True)
def llm_env(monkeypatch, tmp_path):
    """Each test gets its own cache directory and a dummy key; no POT_MODEL leaks in."""
    monkeypatch.setenv("POT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.delenv("POT_MODEL", raising=False)
    return tmp_path / "cache"
