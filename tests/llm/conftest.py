"""Every translator test runs in `provider_env` (tests/conftest.py); retries here are fast."""

from __future__ import annotations

import pytest

from pot.llm.client import RetryPolicy

FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=5.0)



@pytest.fixture(autouse=True)
def _provider_env(provider_env):
    return provider_env
