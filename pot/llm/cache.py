"""On-disk cache of LLM completions, so a repeated run makes no provider call.

diskcache (SQLite underneath) handles concurrent threads and processes. Values are
JSON text we validate on read: an entry that does not decode is treated as a miss and
overwritten by the next successful call. diskcache pickles any value that is not str,
bytes or a number, and unpickles whatever its database says is a pickle; the cache
directory may be shared (POT_CACHE_DIR), so `_TextDisk` stores only text and never
unpickles: a planted entry is a miss, not code that runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache

from pot.paths import cache_root


def cache_dir() -> Path:
    return cache_root() / "llm"


def cache_key(model: str, messages: list[dict[str, Any]], params: dict[str, Any], repeat: int = 0) -> str:
    """A digest of everything that shapes the completion. `repeat` > 0 marks the n-th identical
    request of one question: a new request, so its own entry (0 keeps older keys valid)."""
    request: dict[str, Any] = {"model": model, "messages": messages, "params": params}
    if repeat:
        request["repeat"] = repeat
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


class _TextDisk(diskcache.Disk):
    """diskcache's storage, limited to text keys and text or bytes values: no pickling either way."""

    def put(self, key: Any) -> tuple[Any, bool]:
        if not isinstance(key, str):
            raise TypeError("cache keys are text")
        return super().put(key)

    def get(self, key: Any, raw: bool) -> Any:
        if not raw:
            raise ValueError("refusing a pickled cache key")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = diskcache.UNKNOWN) -> Any:
        if not isinstance(value, (str, bytes)):
            raise TypeError("cache values are JSON text")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: Any, value: Any, read: bool) -> Any:
        if mode == diskcache.core.MODE_PICKLE:
            raise ValueError("refusing a pickled cache entry")
        return super().fetch(mode, filename, value, read)


class ResponseCache:
    def __init__(self, directory: Path | None = None):
        self.directory = directory or cache_dir()
        self._store = diskcache.Cache(str(self.directory), disk=_TextDisk)

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            value = json.loads(self._store.get(key))
        except Exception:  # missing (None), undecodable or unreadable: all the same miss
            return None
        return value if isinstance(value, dict) and isinstance(value.get("text"), str) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._store.set(key, json.dumps(value))

    def close(self) -> None:
        self._store.close()
