"""Errors as answers: a missing key or path is 404, bad input 400/422 with a clear message
naming the parameter and its value, another method than GET or HEAD 405 with `Allow`;
never a traceback. Pages get an HTML page in the request's language, the API JSON
`{"detail": ...}` in the language of its `lang`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from sdgplan.errors import (
    InvalidData,
    NotFound,
    OutdatedDraft,
    SdgplanError,
    StoreError,
    VersionConflict,
)
from sdgplan.i18n import N_, _, current_language, use_language

LONGEST_VALUE = 40  # characters of a bad value quoted in a message


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(SdgplanError, _bad_request)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def _language(request: Request) -> str:
    if _wants_json(request):
        from sdgplan.web.api_cache import request_language

        return request_language(request)
    return current_language()


def _page(request: Request, status: int, title: str, message: str, **headers: str) -> Response:
    from sdgplan.web.rendering import render_page

    html = render_page(request, "not_found.html.j2", title=title, message=message)
    return HTMLResponse(html, status_code=status, headers=headers)


async def _not_found(request: Request, error: Exception) -> Response:
    message = error.message if isinstance(error, SdgplanError) else str(error)
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=404)
    return _page(request, 404, _("Fant ikke siden"), message)


async def _bad_request(request: Request, error: Exception) -> Response:
    message = error.message if isinstance(error, SdgplanError) else str(error)
    status = _status(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    headers["Cache-Control"] = "no-store"
    return _page(request, status, _(_ERROR_TITLES.get(status, N_("Feil"))), message, **headers)


def _status(error: Exception) -> int:
    """The answer's status: the error's own for editing (401, 403, 409 of a version, 422,
    429), 503 for the database, else 400 as the read API has always answered."""
    if isinstance(error, StoreError):
        return 503
    own = isinstance(error, VersionConflict | OutdatedDraft | InvalidData)
    if own or getattr(error, "status", 0) in (401, 403, 429):
        return int(getattr(error, "status", 400))
    return 400


_ERROR_TITLES = {
    401: N_("Du må logge inn"),
    403: N_("Ikke tilgang"),
    409: N_("Endret av noen andre"),
    422: N_("Ugyldige verdier"),
    429: N_("For mange forsøk"),
}


async def _invalid_request(request: Request, error: Exception) -> Response:
    """422 with each bad parameter in `detail` (`loc`, `type`, `input` as FastAPI gives
    them) and `msg` a sentence naming the parameter and its value."""
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    with use_language(_language(request)):
        detail = [
            {
                "loc": list(p.get("loc", ())),
                "msg": problem_message(p),
                "type": p.get("type", ""),
                "input": _plain(p.get("input")),
            }
            for p in problems
        ]
        if not _wants_json(request):
            text = " ".join(d["msg"] for d in detail)
            return _page(request, 422, _("Ugyldig adresse"), text)
    return JSONResponse({"detail": detail}, status_code=422)


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's 404 (no route) and 405 (no route for the method) in our shapes."""
    if not isinstance(error, HTTPException) or error.status_code not in (404, 405):
        return await http_exception_handler(request, error)  # type: ignore[arg-type]
    headers = dict(error.headers or {})
    with use_language(_language(request)):
        if error.status_code == 404:
            title = _("Fant ikke siden")
            message = _("Ukjent adresse: {path}").format(path=request.url.path)
        else:
            allowed = [m.strip() for m in headers.get("Allow", "GET").split(",")]
            if "GET" in allowed and "HEAD" not in allowed:
                allowed.append("HEAD")
            headers["Allow"] = ", ".join(allowed)
            title = _("Metoden er ikke tillatt")
            message = _("{method} kan ikke brukes på {path}; bruk {allowed}").format(
                method=request.method, path=request.url.path, allowed=headers["Allow"]
            )
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=error.status_code, headers=headers)
        return _page(request, error.status_code, title, message, **headers)


# pydantic's error type -> the reason in words and the name of its limit in `ctx`
_REASONS: dict[str, tuple[str, str | None]] = {
    "int_parsing": (N_("et heltall er ventet"), None),
    "int_from_float": (N_("et heltall er ventet"), None),
    "int_type": (N_("et heltall er ventet"), None),
    "float_parsing": (N_("et tall er ventet"), None),
    "bool_parsing": (N_("true eller false er ventet"), None),
    "greater_than_equal": (N_("den må være minst {limit}"), "ge"),
    "greater_than": (N_("den må være større enn {limit}"), "gt"),
    "less_than_equal": (N_("den kan være høyst {limit}"), "le"),
    "less_than": (N_("den må være mindre enn {limit}"), "lt"),
    "string_too_long": (N_("den kan ha høyst {limit} tegn"), "max_length"),
    "string_too_short": (N_("den må ha minst {limit} tegn"), "min_length"),
    "literal_error": (N_("velg en av {limit}"), "expected"),
    "enum": (N_("velg en av {limit}"), "expected"),
}


def problem_message(problem: dict[str, Any]) -> str:
    """`Parameteren limit har en ugyldig verdi «0»: den må være minst 1` in the current
    language."""
    loc = [str(part) for part in problem.get("loc", ())]
    name = loc[1] if len(loc) > 1 else ".".join(loc)
    kind = problem.get("type", "")
    if kind == "missing":
        return _("Parameteren {name} mangler").format(name=name)
    reason, limit_name = _REASONS.get(kind, (None, None))
    limit = (problem.get("ctx") or {}).get(limit_name) if limit_name else None
    if limit_name == "expected":
        limit = str(limit).replace("'", "").replace(" or ", ", ")
    return _("Parameteren {name} har en ugyldig verdi «{value}»: {reason}").format(
        name=name,
        value=_quoted(problem.get("input")),
        reason=_(reason).format(limit=limit) if reason else _("verdien kan ikke brukes"),
    )


def _quoted(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _plain(value: Any) -> Any:
    """The bad value as JSON can hold it."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
