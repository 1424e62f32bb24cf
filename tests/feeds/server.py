"""A real HTTP server on 127.0.0.1 for feed tests: routes set per test, requests recorded.

`FeedServer` runs `http.server.ThreadingHTTPServer` in a thread of the test process on a free
port. Each route answers a `Reply` (status, body, headers, an optional delay before the
answer) or a `Redirect`; `etag=` makes a route answer 304 to a matching `If-None-Match`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0


@dataclass
class Redirect:
    to: str
    status: int = 301


Route = Reply | Redirect | Callable[[], "Reply | Redirect"]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append(Seen(self.path, dict(self.headers.items())))
                    route = server.routes.get(self.path)
                if callable(route):
                    route = route()
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                if isinstance(route, Redirect):
                    self._send(route.status, b"", "text/plain", {"Location": route.to})
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, b"", None, headers)
                        return
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                    if self.headers.get("If-Modified-Since") == route.last_modified:
                        self._send(304, b"", None, headers)
                        return
                self._send(route.status, route.body, route.content_type, headers)

            def _send(
                self, status: int, body: bytes, ctype: str | None, headers: dict[str, str]
            ) -> None:
                try:
                    self.send_response(status)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
