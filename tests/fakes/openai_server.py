"""A scripted OpenAI-compatible chat server on 127.0.0.1: the one fake provider of the tests and benchmarks.

Each POST to /v1/chat/completions is answered by a `Reply`: the next one of a `script`
(the last one repeats), or whatever `responder(body)` returns. `requests` keeps every
body in order, so a test says exactly what the "model" answers and then inspects what
pot sent (`calls`, `questions`).

`MarkerModel` is a ready responder that answers by a marker in the question: `[true]`
gets a program that proves its claim, `[false]` one that refutes it, `[unknown]` one that
does neither, `[invalid]` one that never type-checks; optionally it refuses the first
requests with 429 + Retry-After, or every request with one status (401: a refused key).

As a script (`python tests/fakes/openai_server.py --delay 0.5`) it serves a MarkerModel,
prints its api_base on the first line and serves until killed: a benchmark runs it in its
own process, so it shares no GIL with the client.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: a completion with `content`, or an HTTP error with `status` and `error`.

    A request with `"stream": true` gets the content as server-sent events, in `chunks` pieces
    `chunk_delay_s` apart (a slow model that is still generating), ending with `finish_reason`
    ("length": cut by the output cap; None: the stream just stops, as a dropped request)."""

    content: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    error: str = "scripted failure"
    error_type: str = "server_error"
    finish_reason: str | None = "stop"
    chunks: int = 1
    chunk_delay_s: float = 0.0
    stream_usage: bool = True  # False: no usage chunk at the end (llama-cpp-python 0.3's streams)
    usage: dict[str, int] | None = None  # the token counts the server reports (None: USAGE)


def program_reply(program: dict[str, Any] | str, prefix: str = "", suffix: str = "") -> Reply:
    text = program if isinstance(program, str) else json.dumps(program, indent=2)
    return Reply(content=prefix + text + suffix)


def question_text(body: dict[str, Any]) -> str:
    """Everything but the system prompt of a request: the question, and any repair turns."""
    parts: list[str] = []
    for message in body.get("messages", []):
        if message.get("role") == "system":
            continue
        content = message.get("content")
        parts += [content] if isinstance(content, str) else [p.get("text", "") for p in content or []]
    return "\n".join(parts)


MARKERS = {"[true]": "good(it)", "[false]": "Not(good(it))", "[unknown]": None, "[invalid]": "good(nobody)"}


def marker_program(marker: str) -> dict[str, Any]:
    """The program MarkerModel writes for a question carrying `marker`."""
    fact = MARKERS[marker]
    return {
        "sorts": [{"name": "Thing", "type": "DeclareSort"}],
        "functions": [{"name": "good", "domain": ["Thing"], "range": "BoolSort"}],
        "constants": {"things": {"sort": "Thing", "members": ["it"]}},
        "knowledge_base": [] if fact is None else [{"assertion": fact, "value": True, "name": "the_fact"}],
        "verifications": [{"name": "claim", "constraint": "good(it)"}],
    }


@dataclass
class MarkerModel:
    """A responder: the program for the question's marker after `delay_s`; the first `rate_limited`
    requests get 429 with `Retry-After: 0.2`; with `status` set, every other request gets that error."""

    delay_s: float = 0.0
    status: int = 200
    rate_limited: int = 0
    seen: int = 0

    def __call__(self, body: dict[str, Any]) -> Reply:
        self.seen += 1  # the server calls responders under its lock
        if self.seen <= self.rate_limited:
            return Reply(status=429, headers={"Retry-After": "0.2"}, delay_s=self.delay_s, error="rate limited",
                         error_type="rate_limit_error")
        if self.status != 200:
            return Reply(status=self.status, delay_s=self.delay_s, error=f"refused with {self.status}",
                         error_type="invalid_request_error")
        text = question_text(body)
        marker = next((m for m in MARKERS if m in text), "[unknown]")
        return Reply(content=json.dumps(marker_program(marker)), delay_s=self.delay_s)


def asked_question(body: dict[str, Any]) -> str:
    """The question of a request: its first user message, without our "Question: " lead."""
    first = next((m.get("content") for m in body.get("messages", []) if m.get("role") == "user"), "")
    text = first if isinstance(first, str) else "".join(p.get("text", "") for p in first or [])
    return text.removeprefix("Question: ").strip()


@dataclass
class RecordedModel:
    """A responder that answers each question with the program recorded for it (the replay corpus):
    `programs` maps question text to program; a question it does not know gets a 404, so a test
    notices at once. Repairs get the same program again, as a model that cannot do better."""

    programs: dict[str, str | dict[str, Any]]

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> RecordedModel:
        return cls({r["question"].strip(): r["program"] for r in records if r.get("program") is not None})

    def __call__(self, body: dict[str, Any]) -> Reply:
        program = self.programs.get(asked_question(body))
        if program is None:
            return Reply(status=404, error="no recorded program for this question", error_type="not_found_error")
        return program_reply(program)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 16 clients connect at once: the default backlog of 5 drops SYNs (1 s retransmit)


class FakeOpenAI:
    """Start with `with FakeOpenAI([...]) as server:` (or `responder=`); `server.api_base` is the URL."""

    def __init__(self, script: list[Reply] | None = None, responder: Callable[[dict[str, Any]], Reply] | None = None):
        if not script and responder is None:
            raise ValueError("give a script of replies or a responder")
        self.script = list(script or [])
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.streams_dropped = 0  # streamed replies the client stopped reading before their end
        self.in_flight = self.most_in_flight = 0  # requests being answered now, and at most at once
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self.api_base = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        # serve_forever checks for shutdown every poll_interval: its default (0.5 s) was the
        # better part of every LLM test's time, spent waiting in __exit__
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def questions(self) -> list[str]:
        """What each request asked (its non-system messages), in order."""
        with self._lock:
            return [question_text(body) for body in self.requests]

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            if self.responder is not None:
                return self.responder(body)
            return self.script[min(len(self.requests), len(self.script)) - 1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                with server._lock:
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    self._answer()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                reply = server._next(body)
                time.sleep(reply.delay_s)
                if reply.status == 200 and body.get("stream"):
                    self._stream(body.get("model", "fake"), reply)
                    return
                if reply.status == 200:
                    payload = _completion(body.get("model", "fake"), reply.content, reply.usage or USAGE)
                else:
                    payload = {"error": {"message": reply.error, "type": reply.error_type, "code": reply.status}}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out, or was killed, and left

            def _stream(self, model: str, reply: Reply) -> None:
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for index, piece in enumerate(_pieces(reply.content, reply.chunks)):
                        if index:
                            time.sleep(reply.chunk_delay_s)
                        self._event(_chunk(model, {"role": "assistant", "content": piece}, None))
                    if reply.finish_reason is not None:
                        self._event(_chunk(model, {}, reply.finish_reason))
                        if reply.stream_usage:
                            self._event({**_chunk(model, {}, None), "choices": [], "usage": reply.usage or USAGE})
                        self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    with server._lock:
                        server.streams_dropped += 1
                self.close_connection = True

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def marker_server(delay_s: float = 0.0, status: int = 200, rate_limited: int = 0) -> FakeOpenAI:
    """A FakeOpenAI serving a MarkerModel."""
    return FakeOpenAI(responder=MarkerModel(delay_s=delay_s, status=status, rate_limited=rate_limited))


USAGE = {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}


def _pieces(content: str, count: int) -> list[str]:
    size = max(1, -(-len(content) // max(1, count)))
    return [content[i:i + size] for i in range(0, len(content), size)] or [""]


def _chunk(model: str, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}


def _completion(model: str, content: str, usage: dict[str, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": usage,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A fake OpenAI-compatible provider answering by question markers.")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each reply")
    args = parser.parse_args()
    with marker_server(delay_s=args.delay) as server:
        print(server.api_base, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            sys.exit(0)
