"""Every translator test runs in `provider_env` (tests/conftest.py); retries use tests/fakes/retry.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _provider_env(provider_env):
    return provider_env
