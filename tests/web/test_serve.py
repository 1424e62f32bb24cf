"""The real `muster serve`: how it treats connections."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from benchmarks.proof.common import Server, prepare

REQUEST = b"GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _response(s: socket.socket) -> bytes:
    """One HTTP/1.1 response (headers and a Content-Length body), or b"" if the server closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += s.recv(65536)
    return head


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_idle_connection_is_kept_past_a_clients_five_seconds(
    db_url: str, tmp_path: Path
) -> None:
    """Regression (make proof's soak): uvicorn closed idle connections after 5 s, the same as
    httpx's pool expiry, so a client reusing one at that moment got a ReadError."""
    prepare(db_url)
    server = Server(db_url, log=tmp_path / "serve.log", env={"MUSTER_KEEP_ALIVE_S": "9"}).start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
            s.sendall(REQUEST)
            first = _response(s)
            time.sleep(6)  # idle past uvicorn's default keep-alive
            s.sendall(REQUEST)
            second = _response(s)
    finally:
        server.stop()
    assert first.startswith(b"HTTP/1.1 200")
    assert second.startswith(b"HTTP/1.1 200"), "the server closed the idle connection"
