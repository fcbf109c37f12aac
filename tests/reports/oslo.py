"""The Oslo municipality of tests/reports/municipality.py in a SQLite file, for the CLI."""

from pathlib import Path

from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.municipality import load_files, write_files


def oslo_database(folder: Path, *, extra_observations: str = "") -> str:
    """A database URL with Oslo's files loaded; `extra_observations` are CSV rows added to
    its observations (header: indicator_id,area,period,breakdown,value,status,display,note)."""
    files = write_files(folder / "files")
    if extra_observations:
        with files["observations"].open("a", encoding="utf-8") as f:
            f.write(extra_observations)
    url = f"sqlite:///{folder / 'oslo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, files)
    engine.dispose()
    return url
