"""Retry timing for tests against the fake provider: real retries, millisecond waits."""

from pot.llm.client import RetryPolicy

FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=5.0)
