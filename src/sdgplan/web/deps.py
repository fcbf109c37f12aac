"""What routes share: a database session per request, and the revision of the data the
request is answered from (read once per request)."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import anyio.to_thread
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sdgplan.store import change_log

Revision = tuple[int, int]


def db_session(request: Request) -> Iterator[Session]:
    """A read session for one request (`Depends(db_session)`)."""
    with Session(request.app.state.engine) as session:
        yield session


def read_revision(engine: Engine) -> Revision:
    with Session(engine) as session:
        return change_log.revision(session)


async def scope_revision(scope: MutableMapping[str, Any], engine: Engine) -> Revision:
    """The request's revision (`change_log.revision`), read once and kept in its state. Read
    in a worker thread: waiting for a pooled connection must never stop the event loop,
    which the requests holding the connections need to finish."""
    state = scope.setdefault("state", {})
    if "revision" not in state:
        state["revision"] = await anyio.to_thread.run_sync(read_revision, engine)
    revision: Revision = state["revision"]
    return revision


def request_revision(request: Request, session: Session) -> Revision:
    """The same from synchronous code (a worker thread already): kept or read with `session`."""
    state = request.scope.setdefault("state", {})
    if "revision" not in state:
        state["revision"] = change_log.revision(session)
    revision: Revision = state["revision"]
    return revision
