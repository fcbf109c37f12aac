"""Every API answer in the request's language, kept in memory per data revision, with an
ETag per representation and a public cache time.

A 200 answer is kept under (base URL, path, query, language) for the revision of the data
(`store.change_log.revision`, one cheap query per request); a new revision drops them all.
A kept answer costs no database work but that query. Answers are gzipped here, once, when
the client accepts it, so the identity and gzip representations get their own strong tags
(`"<sha256>"` and `"<sha256>-gzip"`, as in the example of RFC 9110 section 8.8.3.3);
`If-None-Match` naming the tag of the representation chosen gets 304 and no body.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from sdgplan.i18n import DEFAULT_LANGUAGE, LANGUAGES, use_language
from sdgplan.web.api_memory import RevisionCache
from sdgplan.web.deps import scope_revision

CACHE_CONTROL = "public, max-age=300"
GZIP_MINIMUM = 1000  # as the application's GZipMiddleware: smaller bodies go as they are
UNCOMPRESSED_TYPES = ("application/zip",)
_DROPPED_HEADERS = {"content-length", "etag", "cache-control", "vary", "content-encoding"}


@dataclass(frozen=True)
class Kept:
    """One answer's body (and its gzip form, if worth it), headers and tag."""

    body: bytes
    gzipped: bytes | None
    headers: dict[str, str]
    tag: str

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


class CachedRoute(APIRoute):
    """A route that speaks the `lang` of its query, keeps what it answers and tags it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def cached(request: Request) -> Response:
            lang = request_language(request)
            if request.method != "GET":
                with use_language(lang):
                    return await handler(request)
            cache = revision_cache(request.app)
            revision = await scope_revision(request.scope, request.app.state.revisions)
            key = (str(request.base_url), request.url.path, request.url.query, lang)
            kept: Kept | None = cache.answer(revision, key)
            if kept is None:
                with use_language(lang):
                    response = await handler(request)
                if response.status_code != 200:
                    return response
                kept = await run_in_threadpool(keep, response)
                cache.keep_answer(revision, key, kept, kept.size)
            return answer(request, kept)

        return cached


def request_language(request: Request) -> str:
    """The `lang` of the query if it is one we speak, else Norwegian."""
    lang = request.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def revision_cache(app: FastAPI) -> RevisionCache:
    """The application's cache of answers and loaded data, made on first use."""
    found: RevisionCache | None = getattr(app.state, "api_cache", None)
    if found is None:
        found = app.state.api_cache = RevisionCache()
    return found


def keep(response: Response) -> Kept:
    body = bytes(response.body)
    headers = {k: v for k, v in response.headers.items() if k not in _DROPPED_HEADERS}
    media_type = headers.get("content-type", "").partition(";")[0]
    compress = len(body) >= GZIP_MINIMUM and media_type not in UNCOMPRESSED_TYPES
    return Kept(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0) if compress else None,
        headers=headers,
        tag=hashlib.sha256(body).hexdigest(),
    )


def answer(request: Request, kept: Kept) -> Response:
    """The kept answer in the representation the client accepts, or 304."""
    zipped = kept.gzipped is not None and accepts_gzip(request.headers.get("accept-encoding"))
    tag = f'"{kept.tag}-gzip"' if zipped else f'"{kept.tag}"'
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if kept.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    wanted = _tags(request.headers.get("if-none-match", ""))
    if tag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
    return Response(kept.gzipped if zipped else kept.body, headers={**kept.headers, **headers})


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header takes gzip (`q=0` refuses it)."""
    for part in (header or "").split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def _tags(header: str) -> set[str]:
    """The tags of an If-None-Match header (weak ones compared as strong, as RFC 9110
    says for this header); `*` matches any."""
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}
