"""HTTP for feeds and their items (httpx): conditional GET, redirects, and bounded size and time.

`fetch` answers a `Fetched` (a 304 "not modified" included) or raises `FetchError` with a
message fit for the poll's record: an HTTP error status, a timeout, a body over the limit, a
redirect loop, a refused connection. Every fetch is bounded: at most `Limits.max_bytes` of
body (the article size limit of `muster ingest`; decompressed bytes count, so a gzip bomb
stops there) and `Limits.timeout_s` from connecting to the last byte, whatever the server's
pace. Redirects are followed (at most MAX_REDIRECTS); when they begin with permanent ones
(301, 308), `moved_to` says where the address now is, so the feed can be updated.

Unless `Limits.private_ok` (MUSTER_FEEDS_ALLOW_PRIVATE), every request, each redirect's
included, is refused when its host resolves to an address that is not global (loopback,
private networks, link-local such as cloud metadata services, multicast): a feed's links are
written by others, and what is fetched ends up as a Source's text for all to read. (A name
that resolves differently between this check and the connection is not caught.)
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parsedate_to_datetime

import httpx

from muster import __version__
from muster.ingest.article import MAX_ARTICLE_BYTES

MAX_REDIRECTS = 5
USER_AGENT = f"Muster/{__version__} (feed watcher)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_PERMANENT = (301, 308)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one poll may fetch and spend (docs/ingest.md, "Feeds")."""

    max_bytes: int = MAX_ARTICLE_BYTES  # one feed document or one item's page
    timeout_s: float = 20.0  # one fetch, from connecting to the last byte
    max_items: int = 25  # new items handled in one poll; the rest wait for the next
    poll_budget_s: float = 300.0  # one poll; items left when it is spent wait for the next
    private_ok: bool = False  # may fetch loopback and private-network addresses


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: status 200-class with its body, or 304 with none."""

    status: int
    url: str  # after redirects
    moved_to: str | None  # the new address a permanent redirect gave, if the chain began so
    etag: str | None
    last_modified: str | None
    content_type: str | None
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that failed; the message says how (stored on the poll). `status` is the HTTP
    status when there was one; `retry_after` the wait the server asked for."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: timedelta | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def make_client(limits: Limits) -> httpx.Client:
    """A client for the watcher: redirects followed, every phase bounded by the timeout, and
    (unless `limits.private_ok`) no request to an address that is not global."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(limits.timeout_s),
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [] if limits.private_ok else [refuse_private]},
    )


def refuse_private(request: httpx.Request) -> None:
    """Raise FetchError when the request's host resolves to an address that is not global.

    httpx calls it before each request, each redirect's included.
    """
    host = request.url.host
    port = request.url.port or (443 if request.url.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve {host}: {e}") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchError(
                f"refused: {host} is a loopback or private address ({ip}); "
                "set MUSTER_FEEDS_ALLOW_PRIVATE=true to fetch from such addresses"
            )


def fetch(
    client: httpx.Client,
    url: str,
    *,
    limits: Limits,
    accept: str = FEED_ACCEPT,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET `url`, conditionally when `etag` or `last_modified` are given.

    Raises FetchError for a status of 400 or more, a timeout, a body over `limits.max_bytes`,
    too many redirects or any transport error.
    """
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + limits.timeout_s
    try:
        with client.stream("GET", url, headers=headers) as r:
            moved_to = _moved_to(r)
            if r.status_code == 304:
                return _fetched(r, moved_to, b"")
            if r.status_code >= 400:
                raise FetchError(
                    f"HTTP {r.status_code} {r.reason_phrase}".strip(),
                    status=r.status_code,
                    retry_after=_retry_after(r),
                )
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(_too_big(limits), status=r.status_code)
            body = bytearray()
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > limits.max_bytes:
                    raise FetchError(_too_big(limits), status=r.status_code)
                if time.monotonic() > deadline:
                    raise FetchError(_too_slow(limits), status=r.status_code)
            return _fetched(r, moved_to, bytes(body))
    except httpx.TimeoutException:
        raise FetchError(_too_slow(limits)) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects (a loop?)") from None
    except httpx.InvalidURL as e:
        raise FetchError(f"not a URL that can be fetched: {e}") from None
    except httpx.HTTPError as e:
        raise FetchError(f"cannot fetch: {type(e).__name__}: {e}") from None


def _fetched(r: httpx.Response, moved_to: str | None, body: bytes) -> Fetched:
    return Fetched(
        status=r.status_code,
        url=str(r.url),
        moved_to=moved_to,
        etag=r.headers.get("etag"),
        last_modified=r.headers.get("last-modified"),
        content_type=r.headers.get("content-type"),
        body=body,
    )


def _moved_to(r: httpx.Response) -> str | None:
    """The address after the leading permanent redirects, if the chain began with one."""
    hops = [*r.history, r]
    moved = None
    for here, after in itertools.pairwise(hops):
        if here.status_code not in _PERMANENT:
            break
        moved = str(after.url)
    return moved


def _retry_after(r: httpx.Response) -> timedelta | None:
    value = r.headers.get("retry-after", "").strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
        sent = parsedate_to_datetime(r.headers.get("date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None or sent.tzinfo is None:
        return None
    return max(when - sent, timedelta(0))


def _too_big(limits: Limits) -> str:
    return f"larger than {limits.max_bytes // 1048576} MiB, the most one document may have"


def _too_slow(limits: Limits) -> str:
    return f"timed out: no complete answer within {limits.timeout_s:g} s"
