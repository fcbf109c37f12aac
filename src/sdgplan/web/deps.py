"""What routes share: a database session per request."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session


def db_session(request: Request) -> Iterator[Session]:
    """A read session for one request (`Depends(db_session)`)."""
    with Session(request.app.state.engine) as session:
        yield session
