"""What routes share: a database session per request, and the revision of the data the
request is answered from (read once per request)."""

from __future__ import annotations

import asyncio
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


class RevisionReader:
    """Reads the revision for the requests of one worker, one read at a time: the requests
    that arrive while a read is under way share its answer (a data change shows from the next
    read on). Run in a worker thread: waiting for a pooled connection must never stop the
    event loop, which the requests holding the connections need to finish."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reading: asyncio.Future[Revision] | None = None

    async def read(self) -> Revision:
        if self._reading is None:
            self._reading = asyncio.ensure_future(
                anyio.to_thread.run_sync(read_revision, self.engine)
            )
            self._reading.add_done_callback(self._done)
        return await asyncio.shield(self._reading)

    def _done(self, _reading: asyncio.Future[Revision]) -> None:
        self._reading = None


async def scope_revision(scope: MutableMapping[str, Any], reader: RevisionReader) -> Revision:
    """The request's revision (`change_log.revision`), read once and kept in its state."""
    state = scope.setdefault("state", {})
    if "revision" not in state:
        state["revision"] = await reader.read()
    revision: Revision = state["revision"]
    return revision


def request_revision(request: Request, session: Session) -> Revision:
    """The same from synchronous code (a worker thread already): kept or read with `session`."""
    state = request.scope.setdefault("state", {})
    if "revision" not in state:
        state["revision"] = change_log.revision(session)
    revision: Revision = state["revision"]
    return revision
