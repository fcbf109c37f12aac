"""Finished answers kept in memory per data revision: a page or an API answer is built once,
then answered from memory (with its ETag; `If-None-Match` gets 304) until the data change.
Pure ASGI, so a hit costs a shared read of the revision and no framework work."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sdgplan.web.deps import RevisionReader, scope_revision

PAGE_PREFIXES = ("/nb/", "/en/")
API_PREFIX = "/api/"  # answers that depend on their query string (filters, pages, `lang`)
PERSONAL_PREFIXES = ("/login", "/logout", "/api/v1/edit/")  # and /{lang}/edit/, /{lang}/login
STATIC_PREFIX = "/static/"  # read from the package and compressed once, not per request
MAX_PAGES = 2000
MAX_BYTES = 2_000_000  # a larger answer (a report) is not kept


@dataclass(frozen=True)
class _Page:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    tag: bytes


class PageCache:
    """ASGI middleware: keeps the 200 answers (unless `no-store`) to GET requests of pages
    without a query
    (`/nb/...`, `/en/...`: a query is a search, endless in variety and cheap) and of the API
    (`/api/...`) and the static files, by path, query, host (the API's links are absolute)
    and Accept-Encoding."""

    def __init__(self, app: ASGIApp, revisions: RevisionReader, max_pages: int = MAX_PAGES) -> None:
        self.app = app
        self.revisions = revisions
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple[object, ...], _Page] = OrderedDict()
        self._revision: tuple[int, int] | None = None
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _kept_kind(scope):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (
            scope["path"],
            scope["query_string"],
            headers.get(b"host", b""),
            headers.get(b"accept-encoding", b""),  # as given: what the answer's coding follows
        )
        revision = await scope_revision(scope, self.revisions)
        page = self._get(key, revision)
        if page is None:
            page = await self._build(scope, receive, send)
            if page is None:
                return
            self._put(key, page, revision)
        await _answer(page, headers.get(b"if-none-match", b""), send)

    def _get(self, key: tuple[object, ...], revision: tuple[int, int]) -> _Page | None:
        with self._lock:
            if revision != self._revision:
                self._pages.clear()
                self._revision = revision
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def _put(self, key: tuple[object, ...], page: _Page, revision: tuple[int, int]) -> None:
        with self._lock:
            if revision != self._revision:
                return  # built from older data than what is kept now
            self._pages[key] = page
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    async def _build(self, scope: Scope, receive: Receive, send: Send) -> _Page | None:
        """The page from the application; answered directly (and None) when it is not one
        to keep: an error, a redirect, a large answer or one marked `no-store` (a form with
        the visitor's CSRF token, a page that depends on the day)."""
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if start.get("status") != 200 or len(body) > MAX_BYTES or _no_store(start["headers"]):
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return None
        own = [v for k, v in start["headers"] if k.lower() == b"etag"]
        if own:
            return _Page(start["status"], start["headers"], body, own[0])
        tag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
        return _Page(start["status"], [*start["headers"], (b"etag", tag)], body, tag)


def _no_store(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"cache-control" and b"no-store" in v.lower() for k, v in headers)


def _kept_kind(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path: str = scope["path"]
    if _personal(scope, path):
        return False
    return path.startswith((API_PREFIX, STATIC_PREFIX)) or (
        path.startswith(PAGE_PREFIXES) and not scope["query_string"]
    )


def _personal(scope: Scope, path: str) -> bool:
    """The pages of signed-in users and the answers to API tokens: never kept."""
    if path.startswith(PERSONAL_PREFIXES) or path.split("/", 3)[2:3] in (["edit"], ["login"]):
        return True
    return any(name == b"authorization" for name, _value in scope["headers"])


async def _answer(page: _Page, if_none_match: bytes, send: Send) -> None:
    wanted = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    if page.tag in wanted or b"*" in wanted:
        kept = [(k, v) for k, v in page.headers if k.lower() not in _BODY_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": page.status, "headers": page.headers})
    await send({"type": "http.response.body", "body": page.body})


_BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding"}
