"""Programmes stored and read back exactly, on SQLite and PostgreSQL; a refused import
stores nothing on either."""

from decimal import Decimal

import pytest

from sdgplan.errors import InvalidData
from sdgplan.loading import load_plan
from sdgplan.programme import import_programme
from sdgplan.store import change_log, programme_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.programme.test_oslo import PROGRAMME
from tests.reports.municipality import write_files


@pytest.fixture
def oslo_engine(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_plan(session, write_files(tmp_path / "files")["plan"])
    yield engine
    engine.dispose()


def test_amounts_survive_the_database_exactly(oslo_engine, tmp_path):
    path = tmp_path / "hp.yaml"
    path.write_text(PROGRAMME.replace("{2025: 1000, 2026: 1000}", "{2025: 1000.0015, 2026: 1}"))
    with session_scope(oslo_engine) as session:
        imported = import_programme(session, path, who="test")
    with session_scope(oslo_engine) as session:
        stored = programme_repo.load_programme(session, "0301", "2025-2026")
        entry = change_log.load_log(session, "0301", limit=1)[0]
    assert stored == imported.programme
    assert stored.service_areas[0].frames == {2025: Decimal("1000001.5"), 2026: 1000}
    assert (entry.entity, entry.action, entry.key) == ("programme", "import", "2025-2026")


def test_a_refused_import_stores_nothing(oslo_engine, tmp_path):
    path = tmp_path / "hp.yaml"
    path.write_text(PROGRAMME.replace("{2025: 60, 2026: 60}", "{2025: 60, 2026: 75}"))
    with pytest.raises(InvalidData), session_scope(oslo_engine) as session:
        import_programme(session, path, who="test")
    with session_scope(oslo_engine) as session:
        assert programme_repo.periods(session, "0301") == []
        assert change_log.load_log(session, "0301", entity="programme") == []
