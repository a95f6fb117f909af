"""An OpenAI-compatible chat server on 127.0.0.1 whose "model" answers by a marker in the question.

A question containing `[true]` gets a program that proves its claim, `[false]` one that
refutes it, `[unknown]` one that does neither, `[invalid]` one that never type-checks.
Every reply comes after `delay_s`; with `status` set, every reply is that HTTP error
instead (401: the provider refuses the key); the first `rate_limited` requests get a 429
with `Retry-After: 0.2`. As a script (`python tests/eval/fake_llm.py --delay 0.5`)
it prints its api_base on the first line and serves until killed: the throughput
benchmark runs it in its own process so it does not share a GIL with the client.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MARKERS = {"[true]": "good(it)", "[false]": "Not(good(it))", "[unknown]": None, "[invalid]": "good(nobody)"}


def program(marker: str) -> dict:
    fact = MARKERS[marker]
    return {
        "sorts": [{"name": "Thing", "type": "DeclareSort"}],
        "functions": [{"name": "good", "domain": ["Thing"], "range": "BoolSort"}],
        "constants": {"things": {"sort": "Thing", "members": ["it"]}},
        "knowledge_base": [] if fact is None else [{"assertion": fact, "value": True, "name": "the_fact"}],
        "verifications": [{"name": "claim", "constraint": "good(it)"}],
    }


def _text(messages: list[dict]) -> str:
    parts = []
    for m in messages:
        if m.get("role") == "system":
            continue
        content = m.get("content")
        parts += [content] if isinstance(content, str) else [p.get("text", "") for p in content or []]
    return "\n".join(parts)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 16 clients connect at once: the default backlog of 5 drops SYNs (1 s retransmit)


class FakeLLM:
    """`with FakeLLM(delay_s=0.2) as llm:` → `llm.api_base`; `llm.questions` lists what was asked."""

    def __init__(self, delay_s: float = 0.0, status: int = 200, rate_limited: int = 0):
        self.delay_s = delay_s
        self.status = status
        self.rate_limited = rate_limited
        self.questions: list[str] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self.api_base = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> "FakeLLM":
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _reply(self, body: dict) -> tuple[int, str]:
        """(HTTP status, program text)."""
        text = _text(body.get("messages", []))
        with self._lock:
            self.questions.append(text)
            status = 429 if len(self.questions) <= self.rate_limited else self.status
        marker = next((m for m in MARKERS if m in text), "[unknown]")
        return status, json.dumps(program(marker))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                status, content = server._reply(body)
                time.sleep(server.delay_s)
                payload = {"error": {"message": f"refused with {status}", "type": "invalid_request_error",
                                     "code": status}} if status != 200 else {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
                }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    if status == 429:
                        self.send_header("Retry-After", "0.2")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed mid-request

        return Handler


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    with FakeLLM(delay_s=args.delay) as llm:
        print(llm.api_base, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            sys.exit(0)
