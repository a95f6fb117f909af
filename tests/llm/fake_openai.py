"""A scripted OpenAI-compatible chat server on 127.0.0.1, for tests without the network.

Each POST to /v1/chat/completions consumes the next `Reply` of the script (the last
one repeats), or asks `responder(body)`, so a test says exactly what the "model"
answers and then inspects `requests` to see what pot sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    error: str = "scripted failure"


def program_reply(program: dict[str, Any] | str, prefix: str = "", suffix: str = "") -> Reply:
    text = program if isinstance(program, str) else json.dumps(program, indent=2)
    return Reply(content=prefix + text + suffix)


class FakeOpenAI:
    """Start with `with FakeOpenAI([...]) as server:`; `server.api_base` is the URL."""

    def __init__(self, script: list[Reply] | None = None, responder: Callable[[dict[str, Any]], Reply] | None = None):
        self.script = list(script or [])
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.api_base = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def calls(self) -> int:
        return len(self.requests)

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            if self.responder is not None:
                return self.responder(body)
            index = min(len(self.requests), len(self.script)) - 1
            return self.script[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                reply = server._next(body)
                time.sleep(reply.delay_s)
                if reply.status == 200:
                    payload = _completion(body.get("model", "fake"), reply.content)
                else:
                    payload = {"error": {"message": reply.error, "type": "server_error", "code": reply.status}}
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
                    pass  # the client timed out and left

        return Handler


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }
