"""Flags that do what they say: retries and samples are new requests, local servers need no key,
provider errors name the URL and cause, selections are honoured or refused, the bar fits 80 columns."""

from __future__ import annotations

import asyncio
import io
import json
import socket

import pytest
from eval_helpers import pot_eval, read_results, write_dataset
from fakes.openai_server import FakeOpenAI, Reply, marker_program, marker_server
from fakes.retry import FAST_RETRY
from rich.console import Console

from pot.errors import ProviderError
from pot.eval.run import progress_bar, short_name
from pot.llm.cache import ResponseCache
from pot.llm.client import REPEAT_TEMPERATURE, LLMClient
from pot.llm.translate import Translator

pytestmark = pytest.mark.usefixtures("provider_env")
MESSAGES = [{"role": "user", "content": "hello"}]


def client(server: FakeOpenAI, tmp_path, **kwargs) -> LLMClient:
    return LLMClient("openai/fake", api_base=server.api_base, retry=FAST_RETRY,
                     cache=ResponseCache(tmp_path / "llm-cache"), **kwargs)


@pytest.mark.litellm
def test_temperature_above_zero_samples_anew_and_zero_is_cached(tmp_path):
    with FakeOpenAI([Reply(content="one"), Reply(content="two"), Reply(content="three")]) as server:
        hot = client(server, tmp_path, temperature=0.7)
        texts = [asyncio.run(hot.complete(MESSAGES)).text for _ in range(2)]
        assert texts == ["one", "two"] and server.calls == 2  # two samples, no cache hit
        cold = client(server, tmp_path, temperature=0.0)
        first, again = (asyncio.run(cold.complete(MESSAGES)) for _ in range(2))
    assert (first.text, first.cached, again.text, again.cached) == ("three", False, "three", True)
    assert server.calls == 3


@pytest.mark.litellm
def test_fresh_and_repeated_requests_go_to_the_provider(tmp_path):
    with FakeOpenAI([Reply(content="one"), Reply(content="two"), Reply(content="three")]) as server:
        llm = client(server, tmp_path)
        assert asyncio.run(llm.complete(MESSAGES)).text == "one"
        assert asyncio.run(llm.complete(MESSAGES, fresh=True)).text == "two"  # --retry-errors
        assert asyncio.run(llm.complete(MESSAGES)).text == "two"  # the fresh answer replaced the old one
    assert server.calls == 2


@pytest.mark.litellm
def test_a_repeated_request_at_temperature_zero_is_a_new_sample(tmp_path):
    """The same request again gets the same reply from a deterministic model at temperature 0:
    a repeat is sampled at REPEAT_TEMPERATURE instead, and never answered from the cache."""
    with FakeOpenAI([Reply(content="one"), Reply(content="two"), Reply(content="three")]) as server:
        llm = client(server, tmp_path)
        first = asyncio.run(llm.complete(MESSAGES))
        repeats = [asyncio.run(llm.complete(MESSAGES, repeat=1)) for _ in range(2)]
        again = asyncio.run(llm.complete(MESSAGES))
    assert [c.text for c in (first, *repeats, again)] == ["one", "two", "three", "one"]
    assert [c.cached for c in (first, *repeats, again)] == [False, False, False, True]
    assert [body["temperature"] for body in server.requests] == [0.0, REPEAT_TEMPERATURE, REPEAT_TEMPERATURE]
    assert [c.temperature for c in (first, *repeats, again)] == [0.0, REPEAT_TEMPERATURE, REPEAT_TEMPERATURE, 0.0]


@pytest.mark.litellm
def test_a_repeat_keeps_a_temperature_the_user_chose(tmp_path):
    with FakeOpenAI([Reply(content="one")]) as server:
        llm = client(server, tmp_path, temperature=0.3)
        asyncio.run(llm.complete(MESSAGES, repeat=1))
    assert [body["temperature"] for body in server.requests] == [0.3]


@pytest.mark.litellm
def test_an_identical_repair_is_asked_again_not_taken_from_the_cache(tmp_path):
    bad = json.dumps(marker_program("[invalid]"))
    with FakeOpenAI([Reply(content=bad)]) as server:
        translator = Translator(client(server, tmp_path), max_attempts=3, structured=False)
        answer = asyncio.run(translator.answer("Is it good?"))
        # attempts 2 and 3 send the same repair request (same program, same errors): the third is sampled
        assert server.calls == 3 and [a.cached for a in answer.attempts] == [False, False, False]
        assert [a.temperature for a in answer.attempts] == [0.0, 0.0, REPEAT_TEMPERATURE]
        again = asyncio.run(translator.answer("Is it good?"))  # the same run again: the sample is asked anew
    assert server.calls == 4 and [a.cached for a in again.attempts] == [True, True, False]


@pytest.mark.litellm
def test_the_record_says_which_attempt_was_sampled(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[invalid]", False)])
    with marker_server() as llm:  # the same invalid program every time: attempt 3 repeats attempt 2's request
        assert pot_eval("strategyqa", data=data, model="openai/fake", api_base=llm.api_base, out=tmp_path / "run",
                        max_attempts=3, json_output=True) == 0
    capsys.readouterr()
    [record] = read_results(tmp_path / "run")
    assert [a["temperature"] for a in record["attempts"]] == [0.0, 0.0, REPEAT_TEMPERATURE]


@pytest.mark.litellm
def test_retry_errors_asks_the_provider_again_even_with_the_cache_on(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True), ("[invalid]", False)])
    with marker_server() as llm:
        assert pot_eval("strategyqa", data=data, model="openai/fake", api_base=llm.api_base, out=tmp_path / "run",
                        max_attempts=1, json_output=True) == 0
        asked = llm.calls
        assert pot_eval("strategyqa", data=data, model="openai/fake", api_base=llm.api_base, out=tmp_path / "run",
                        max_attempts=1, retry_errors=True, json_output=True) == 0
        assert llm.calls == asked + 1  # the errored question went to the provider, not the cache
    capsys.readouterr()
    assert [a["cached"] for r in read_results(tmp_path / "run") if r["id"] == "q001" for a in r["attempts"]] == [False]


@pytest.mark.litellm
def test_a_local_server_needs_no_api_key(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    data = write_dataset(tmp_path / "d.json", [("[true]", True)])
    with marker_server() as llm:
        assert pot_eval("strategyqa", data=data, model="openai/local", api_base=llm.api_base, out=tmp_path / "run",
                        json_output=True) == 0
    assert json.loads(capsys.readouterr().out)["correct"] == 1


@pytest.mark.litellm
def test_connection_refused_names_the_url_and_is_not_retried(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    llm = LLMClient("openai/fake", api_base=url, retry=FAST_RETRY)
    with pytest.raises(ProviderError) as caught:
        asyncio.run(llm.complete(MESSAGES))
    assert url in str(caught.value) and "connection refused" in str(caught.value)
    assert "retries" not in str(caught.value)


@pytest.mark.litellm
def test_temperature_timeout_and_max_tokens_reach_the_provider(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True)])
    with marker_server() as llm:
        code = pot_eval("strategyqa", data=data, model="openai/fake", api_base=llm.api_base, out=tmp_path / "run",
                        temperature=0.5, max_tokens=321, timeout=30, json_output=True)
        body = llm.requests[0]
    assert code == 0 and (body["temperature"], body["max_tokens"]) == (0.5, 321)
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["parameters"]["temperature"] == 0.5 and run["options"]["timeout_s"] == 30
    assert pot_eval("strategyqa", data=data, model="openai/fake", temperature=3, out=tmp_path / "r2") == 2


def test_the_progress_bar_fits_80_columns_and_shows_an_eta():
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system=None)
    bar = progress_bar(console)
    task = bar.add_task(short_name("openrouter/a-very-long-model-name-indeed"), total=2290, completed=1234,
                        stats="acc 0.750 err 123 $12.3456")
    bar.update(task, advance=1)
    with console.capture() as captured:
        console.print(bar.make_tasks_table(bar.tasks))
    lines = [ln for ln in captured.get().splitlines() if ln.strip()]
    assert lines and all(len(ln) <= 80 for ln in lines), lines
    assert "ETA" in lines[0] and "1235/2290" in lines[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ask_spinner_shows_elapsed_time_and_attempt_on_a_terminal_only(monkeypatch):
    import time

    from pot.waiting import waiting

    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    with waiting("openai/m", 3) as on_attempt:
        on_attempt(1)
    assert plain.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with waiting("openai/m", 3) as on_attempt:
        on_attempt(2)
        time.sleep(0.3)
    assert "asking openai/m · attempt 2/3" in terminal.getvalue() and "0:00:00" in terminal.getvalue()
