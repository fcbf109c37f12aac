"""What routes share: a database session per request, the revision of the data the
request is answered from (read once per request), and whether a static copy is being made."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from typing import Any

import anyio.to_thread
from fastapi import Request
from sqlalchemy import Connection, Engine, event, false, update
from sqlalchemy.orm import Session

from sdgplan.store import change_log
from sdgplan.store.tables import ObjectVersionRow

Revision = tuple[int, int]
STATIC_COPY = "X-Sdgplan-Static-Copy"  # set by `sdgplan site build` on every request


def static_copy(request: Request) -> bool:
    """Whether the page is asked for a static copy of the site, where no form can be sent."""
    return request.headers.get(STATIC_COPY) == "1"


def db_session(request: Request) -> Iterator[Session]:
    """A session for one request (`Depends(db_session)`); the route commits what it writes.

    On SQLite a request that may write (not GET or HEAD) takes the write lock as its
    transaction begins: one that has read and then wants to write while another writes is
    refused at once (SQLite's deadlock rule), whereas one that asks first waits (up to the
    busy timeout) and then reads what the other committed. PostgreSQL needs nothing of the
    kind: the versions' compare-and-set waits for the row's lock."""
    with Session(request.app.state.engine) as session:
        if request.method not in SAFE_METHODS and session.get_bind().dialect.name == "sqlite":
            event.listen(session, "after_begin", _take_write_lock)
        yield session


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _take_write_lock(_session: Session, transaction: Any, connection: Connection) -> None:
    if transaction.nested:
        return
    connection.execute(update(ObjectVersionRow).where(false()).values(version=0))


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
