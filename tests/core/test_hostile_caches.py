"""Caches on disk are a trust boundary (issue 7, point 8): a file planted in a shared
cache directory must never run code. The grammar cache is read only from a folder
private to the user; the LLM response cache never unpickles."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import diskcache
import pytest

from pot.dsl.parser import build_parser
from pot.llm.cache import ResponseCache

MARKER = "planted-code-ran"


class _Planted:
    """Unpickling this creates a marker file: the proof that a planted pickle ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _grammar_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("expressions-*.pickle"))


def _plant_over_every_cache_file(folder: Path, marker: Path) -> None:
    for path in _grammar_files(folder):
        path.write_bytes(pickle.dumps(_Planted(marker)))


def test_grammar_cache_is_written_private_and_reused(tmp_path):
    folder = tmp_path / "grammar"
    build_parser(folder)
    (cached,) = _grammar_files(folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert cached.stat().st_mode & 0o077 == 0
    parser = build_parser(folder)  # from the cache
    assert parser.parse("not a < b + 1") == build_parser(None).parse("not a < b + 1")


@pytest.mark.parametrize("shared", ["folder-open-to-others", "file-writable-by-others"])
def test_planted_grammar_pickle_is_never_loaded(tmp_path, shared):
    folder = tmp_path / "grammar"
    marker = tmp_path / MARKER
    build_parser(folder)
    _plant_over_every_cache_file(folder, marker)
    if shared == "folder-open-to-others":
        folder.chmod(0o777)  # e.g. POT_CACHE_DIR on a shared drive: anyone could have written there
    else:
        for path in _grammar_files(folder):
            path.chmod(0o666)
    parser = build_parser(folder)
    assert parser.parse("a and b") is not None
    assert not marker.exists()
    if shared == "folder-open-to-others":  # made private, its planted file replaced by a good one
        assert folder.stat().st_mode & 0o777 == 0o700
        build_parser(folder)
        assert not marker.exists()


def test_folder_owned_by_someone_else_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "grammar"
    build_parser(folder)
    marker = tmp_path / MARKER
    _plant_over_every_cache_file(folder, marker)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)  # as another user sees it
    assert build_parser(folder).parse("a") is not None
    assert not marker.exists()


def test_symlinked_grammar_folder_is_not_followed(tmp_path):
    real = tmp_path / "elsewhere"
    build_parser(real)
    marker = tmp_path / MARKER
    _plant_over_every_cache_file(real, marker)
    link = tmp_path / "grammar"
    link.symlink_to(real)
    assert build_parser(link).parse("a") is not None
    assert not marker.exists()


def test_damaged_grammar_cache_is_rebuilt(tmp_path):
    folder = tmp_path / "grammar"
    build_parser(folder)
    for path in _grammar_files(folder):
        path.write_bytes(b"not a pickle")
    assert build_parser(folder).parse("a or b") is not None
    (cached,) = _grammar_files(folder)
    assert cached.read_bytes() != b"not a pickle"


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
