"""Caches on disk are a trust boundary (issue 7, point 8): a file planted in a shared
cache directory must never run code. The LLM response cache never unpickles (the
expression parser keeps no cache on disk: it is hand-written, with no tables to load)."""

from __future__ import annotations

from pathlib import Path

import diskcache
import pytest

from pot.llm.cache import ResponseCache

MARKER = "planted-code-ran"


class _Planted:
    """Unpickling this creates a marker file: the proof that a planted pickle ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_response_cache_stores_json_text_and_never_unpickles(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.set("k", {"text": "ok"})
    cache.close()
    raw = diskcache.Cache(str(tmp_path))  # diskcache as it is: pickles what is not text
    assert raw.get("k") == '{"text": "ok"}'
    marker = tmp_path / MARKER
    raw.set("planted", _Planted(marker))  # stored as a pickle
    raw.close()
    assert not marker.exists()
    cache = ResponseCache(tmp_path)
    assert cache.get("planted") is None
    assert not marker.exists()
    with pytest.raises(TypeError):
        cache._store.set("other", {"text": "a dict would be pickled"})
    assert cache.get("k") == {"text": "ok"}
    cache.close()
