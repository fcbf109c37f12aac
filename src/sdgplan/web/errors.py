"""Errors as answers: a missing key is 404, bad input 400/422 with a clear message, never a
traceback; pages get an HTML page in the request's language, the API JSON."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from sdgplan.errors import NotFound, SdgplanError
from sdgplan.i18n import _


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(SdgplanError, _bad_request)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _not_found(request: Request, error: Exception) -> Response:
    message = error.message if isinstance(error, SdgplanError) else str(error)
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=404)
    from sdgplan.web.rendering import render_page

    return HTMLResponse(
        render_page(request, "not_found.html.j2", title=_("Fant ikke siden"), message=message),
        status_code=404,
    )


async def _bad_request(request: Request, error: Exception) -> Response:
    message = error.message if isinstance(error, SdgplanError) else str(error)
    return JSONResponse({"detail": message}, status_code=400)
