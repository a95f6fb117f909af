import threading

from pot.llm.cache import ResponseCache, cache_dir, cache_key

MESSAGES = [{"role": "user", "content": "q"}]


def test_key_covers_model_messages_and_parameters():
    base = cache_key("m", MESSAGES, {"temperature": 0})
    assert base == cache_key("m", [dict(MESSAGES[0])], {"temperature": 0})
    assert base != cache_key("m2", MESSAGES, {"temperature": 0})
    assert base != cache_key("m", [{"role": "user", "content": "q2"}], {"temperature": 0})
    assert base != cache_key("m", MESSAGES, {"temperature": 0.7})


def test_directory_from_environment(provider_env):
    assert cache_dir() == provider_env / "llm"


def test_corrupt_or_foreign_values_are_misses(tmp_path):
    cache = ResponseCache(tmp_path)
    for bad in ["{not json", '"a string"', '{"no_text": 1}', b"\x00\x01"]:
        cache._store.set("k", bad)
        assert cache.get("k") is None
    cache.set("k", {"text": "ok"})
    assert cache.get("k") == {"text": "ok"}


def test_concurrent_writers_from_several_handles(tmp_path):
    def writer(n: int) -> None:
        cache = ResponseCache(tmp_path)
        for i in range(40):
            cache.set(f"{i}", {"text": f"{n}-{i}"})
            assert cache.get(f"{i}")["text"].endswith(f"-{i}")
        cache.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cache = ResponseCache(tmp_path)
    assert all(cache.get(f"{i}")["text"].endswith(f"-{i}") for i in range(40))
