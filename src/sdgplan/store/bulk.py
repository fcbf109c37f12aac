"""Writing many rows through the driver's own bulk path: `COPY` on PostgreSQL, one
`executemany` a chunk elsewhere (issue 13: an import within 2x of the database's own load).

Values go through the columns' SQLAlchemy types first (JSON, dates), so what is stored is
what an ORM insert would have stored. Rows are taken from an iterable and written in chunks,
so a caller can stream them without building the whole list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice
from typing import Any, cast

from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session

from sdgplan.store.tables import Base

CHUNK = 10_000

Processor = Callable[[Any], Any] | None
_IMMUTABLE = (str, int, float, dt.date)  # dt.datetime too


def insert_rows(
    session: Session, model: type[Base], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (values in the order of `columns`) into the table of `model` in the
    session's transaction."""
    table = cast(Table, model.__table__)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    iterator = chain([first], iterator)
    session.flush()  # what the ORM holds goes first: the rows may refer to it
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = f"{quote(table.name)} ({', '.join(quote(c) for c in columns)})"
    if dialect.name == "postgresql":
        _copy(connection.connection.driver_connection, table, columns, names, iterator)
        return
    processors = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    marks = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _ in columns)
    convert = _converter(processors)
    while chunk := [convert(row) for row in islice(iterator, CHUNK)]:
        connection.exec_driver_sql(f"INSERT INTO {names} VALUES ({marks})", chunk)


def _copy(
    driver: Any, table: Table, columns: Sequence[str], names: str, rows: Iterable[Sequence[Any]]
) -> None:
    jsons = [isinstance(table.c[c].type, JSON) for c in columns]
    convert = _converter([_dump_json if j else None for j in jsons])
    with driver.cursor() as cursor, cursor.copy(f"COPY {names} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(convert(row))


def _dump_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(processors: Sequence[Processor]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function that applies the processors a row's values need (most need none); a value
    that is the very object of the row before (an import's one timestamp) is processed once
    when it cannot have changed since."""
    needed = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not needed:
        return tuple
    last: dict[int, tuple[Any, Any]] = {}

    def convert(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for i, process in needed:
            value = values[i]
            before = last.get(i)
            if before is not None and before[0] is value and isinstance(value, _IMMUTABLE):
                values[i] = before[1]
            else:
                values[i] = process(value)
                last[i] = (value, values[i])
        return tuple(values)

    return convert
