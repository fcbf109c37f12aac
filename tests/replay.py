"""A local HTTP server that replays recorded responses, for the clients of outside services
(SSB, Kolada, Klass, ...): the tests never reach the internet and never mock our own code.

    with replaying([Answer(body=recorded), Answer(status=429, headers={"Retry-After": "1"})])
        as server:
        client = Client(base_url=server.url)
        ...
        assert server.requests[0].path == "/api/..."

Answers are given in order, one per request (the last one again when they run out; with
`strict`, a 500 counted in `unanswered`); an answer may wait (`delay`, for timeouts) or cut
the connection (`drop`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Answer:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection without an answer


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the query
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Replay:
    url: str
    answers: list[Answer]
    requests: list[Request] = field(default_factory=list)
    strict: bool = False
    unanswered: int = 0

    def next_answer(self) -> Answer:
        index = len(self.requests) - 1
        if index < len(self.answers):
            return self.answers[index]
        if self.strict:  # a 500 the client sees; the test can also check `unanswered`
            self.unanswered += 1
            return Answer(status=500, body=f"request {index + 1} has no recorded answer")
        return self.answers[-1]


@contextmanager
def replaying(answers: Sequence[Answer], *, strict: bool = False) -> Iterator[Replay]:
    """A server on 127.0.0.1 and a free port, answering `answers` in turn."""
    replay = Replay(url="", answers=list(answers), strict=strict)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            replay.requests.append(
                Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
            )
            answer = replay.next_answer()
            if answer.delay:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                return
            body = answer.body.encode() if isinstance(answer.body, str) else answer.body
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer  # noqa: N815 - the names http.server calls

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
