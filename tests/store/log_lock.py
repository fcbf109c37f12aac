"""The change log is append-only (migration 0012's triggers). Tests that take a database back
below 0007 must empty it first, which only an operator outside sdgplan can: drop the triggers."""

from sqlalchemy import Connection, text

TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS change_log_no_update",
        "DROP TRIGGER IF EXISTS change_log_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS change_log_append_only ON change_log"],
}


def unlock_change_log(connection: Connection) -> None:
    for statement in TRIGGERS[connection.dialect.name]:
        connection.execute(text(statement))
