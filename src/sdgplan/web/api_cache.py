"""Every API answer in the request's language, with a strong ETag (a hash of the body) and
a public cache time; `If-None-Match` with the current tag gets 304 and no body."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from sdgplan.i18n import DEFAULT_LANGUAGE, LANGUAGES, use_language

CACHE_CONTROL = "public, max-age=300"


class CachedRoute(APIRoute):
    """A route that speaks the `lang` of its query and tags what it answers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def tagged(request: Request) -> Response:
            lang = request.query_params.get("lang", DEFAULT_LANGUAGE)
            with use_language(lang if lang in LANGUAGES else DEFAULT_LANGUAGE):
                response = await handler(request)
            if request.method not in ("GET", "HEAD") or response.status_code != 200:
                return response
            return with_tag(request, response)

        return tagged


def with_tag(request: Request, response: Response) -> Response:
    tag = f'"{hashlib.sha256(response.body).hexdigest()}"'
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    wanted = _tags(request.headers.get("if-none-match", ""))
    if tag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


def _tags(header: str) -> set[str]:
    """The tags of an If-None-Match header (weak ones compared as strong, as RFC 9110
    says for this header); `*` matches any."""
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}
