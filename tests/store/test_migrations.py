"""Migrations on populated databases: every downgrade keeps the data or refuses before changing
anything, a failed migration leaves nothing behind, and `sdgplan db` tells the user what to do."""

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from sdgplan.errors import Conflict
from sdgplan.loading import load_example
from sdgplan.store.db import (
    _alembic_config,
    current_revision,
    display_url,
    downgrade,
    make_engine,
    session_scope,
    upgrade,
)
from tests.conftest import ASKER_OVERVIEW
from tests.store.log_lock import unlock_change_log
from tests.test_cli import SQL, UNEXPECTED
from tests.test_cli import run as run_command

FORBIDDEN = (*UNEXPECTED, *SQL)

HEAD = "0018"
# 0013 -> 0012 drops the series binding: bind one
SERIES = ["UPDATE indicators SET series_owner = 'NO-SSB', series_key = 'x' WHERE id = 1"]
# 0012 -> 0011 drops the drafts: add one
DRAFT = [
    "INSERT INTO drafts (municipality_number, subject, state, author, created_at, updated_at, "
    "status) VALUES ('3203', 'observations:x', '{}', 'kari', '2026-11-30 12:00:00+00:00', "
    "'2026-11-30 12:00:00+00:00', 'open')"
]
# 0011 -> 0010 drops the accounts: add one
USER = [
    "INSERT INTO users (name, name_key, password_hash, role, created_at, disabled) "
    "VALUES ('kari', 'kari', '$argon2id$x', 'admin', '2026-11-30 12:00:00+00:00', FALSE)"
]
# 0009 -> 0008 gives codes their old 4 characters: an added organisation's code is longer
ORGANISATION = [
    "INSERT INTO municipalities (number, name, kind, country) "
    "VALUES ('SE-0180', 'Stockholm', 'municipality', 'SE')"
]
# 0006 -> 0005 drops the keys, allowed when the position rule makes them again: rename one
RENAMED_KEY = ["UPDATE goals SET key = 'okonomi.99' WHERE key = 'okonomi.1'"]
# 0005 -> 0004 gives free text its old length again: make one column too long for it
TOO_LONG = [f"UPDATE focus_areas SET name = name || '{'x' * 500}'"]


CHANGE_LOG_AND_TEXTS = [
    "DELETE FROM change_log",
    "DELETE FROM narratives",
    "DELETE FROM boundaries",
]
# the planning cycle's and the method tool's tables (0014-0018), emptied to go below them
PLANNING_CYCLE = [
    f"DELETE FROM {table}"
    for table in (
        "benefits",
        "benefit_areas",
        "benefit_plans",
        "materiality_scores",
        "method_rows",
        "method_cycles",
        "consultation_submissions",
        "consultations",
        "calendar_milestones",
        "calendar_templates",
        "calendar_meetings",
        "political_activity",
        "climate_measures",
        "climate_emissions",
        "climate_targets",
        "programme_lines",
        "programme_investments",
        "programme_service_areas",
        "programme_versions",
        "programmes",
    )
]


def deletes(revision, lost):
    return f"nedgradering under {revision} ville slette: {lost}; ingenting er endret"


# (target, SQL that makes it refuse, why it refuses, SQL that makes it possible)
DOWNGRADES = [
    (
        "0017",
        [],
        deletes(
            "0018",
            "benefits (15 rader), benefit_areas (7 rader), benefit_plans (1 rad), "
            "materiality_scores (102 rader), method_rows (5 rader), method_cycles (1 rad)",
        ),
        [
            f"DELETE FROM {table}"
            for table in (
                "benefits",
                "benefit_areas",
                "benefit_plans",
                "materiality_scores",
                "method_rows",
                "method_cycles",
            )
        ],
    ),
    (
        "0016",
        [],
        deletes("0017", "consultations (1 rad)"),
        ["DELETE FROM consultations"],
    ),
    (
        "0015",
        [],
        deletes(
            "0016",
            "calendar_milestones (6 rader), calendar_templates (1 rad), calendar_meetings "
            "(4 rader), political_activity (61 rader)",
        ),
        [
            "DELETE FROM calendar_milestones",
            "DELETE FROM calendar_templates",
            "DELETE FROM calendar_meetings",
            "DELETE FROM political_activity",
        ],
    ),
    (
        "0014",
        [],
        deletes(
            "0015",
            "climate_targets (1 rad), climate_emissions (13 rader), climate_measures (3 rader)",
        ),
        [
            "DELETE FROM climate_measures",
            "DELETE FROM climate_emissions",
            "DELETE FROM climate_targets",
        ],
    ),
    (
        "0013",
        [],
        deletes(
            "0014",
            "programme_lines (23 rader), programme_versions (10 rader), programme_investments "
            "(2 rader), programme_service_areas (6 rader), programmes (5 rader)",
        ),
        [
            "DELETE FROM programme_lines",
            "DELETE FROM programme_investments",
            "DELETE FROM programme_service_areas",
            "DELETE FROM programme_versions",
            "DELETE FROM programmes",
        ],
    ),
    (
        "0012",
        SERIES,
        deletes("0013", "indicators.series_owner (1 rad), indicators.series_key (1 rad)"),
        ["UPDATE indicators SET series_owner = NULL, series_key = NULL"],
    ),
    ("0011", DRAFT, deletes("0012", "drafts (1 rad)"), ["DELETE FROM drafts"]),
    ("0010", USER, deletes("0011", "users (1 rad)"), ["DELETE FROM users"]),
    ("0009", [], deletes("0010", "boundaries (7 rader)"), ["DELETE FROM boundaries"]),
    (
        "0008",
        ORGANISATION,
        "nedgradering under 0009 ville avkorte: municipalities.number > 4 tegn (1 rad); "
        "ingenting er endret",
        ["DELETE FROM municipalities WHERE number = 'SE-0180'"],
    ),
    (
        "0007",
        [],
        deletes("0008", "narratives.period (18 rader)"),
        ["UPDATE narratives SET period = ''"],
    ),
    ("0006", [], deletes("0007", "change_log (1162 rader)"), ["DELETE FROM change_log"]),
    (
        "0005",
        RENAMED_KEY,  # the migration's own text, in both languages
        "nedgradering under 0006 ville miste nøkler som ikke kan lages på nytt / downgrading "
        "below 0006 would lose keys that cannot be made again: goals.key (2 rader / rows); "
        "ingenting er endret / nothing was changed",
        ["UPDATE goals SET key = 'okonomi.1' WHERE key = 'okonomi.99'"],
    ),
    (
        "0004",
        TOO_LONG,
        "nedgradering under 0005 ville avkorte: focus_areas.name > 500 tegn (16 rader); "
        "ingenting er endret",
        ["UPDATE focus_areas SET name = substr(name, 1, length(name) - 500)"],
    ),
    ("0003", [], deletes("0004", "narratives (18 rader)"), ["DELETE FROM narratives"]),
    (
        "0002",
        [],
        deletes(
            "0003",
            "indicators.bands (1 rad), indicators.target (1 rad), "
            "indicators.progress_base_year (175 rader)",
        ),
        ["UPDATE indicators SET bands = NULL, target = NULL, progress_base_year = NULL"],
    ),
    (
        "0001",
        [],
        deletes(
            "0002",
            "goal_statuses (4 rader), report_tables (54 rader), "
            "report_table_indicators (85 rader), thematic_plans (17 rader), "
            "indicator_goals (91 rader), indicators.position (175 rader), "
            "municipalities.first_year (1 rad), municipalities.last_year (1 rad), "
            "observations.breakdown (199 rader), observations.decimals (667 rader), "
            "observations.display (12 rader)",
        ),
        [
            "DELETE FROM report_table_indicators",
            "DELETE FROM report_tables",
            "DELETE FROM goal_statuses",
            "DELETE FROM thematic_plans",
            "DELETE FROM indicator_goals",
            "UPDATE indicators SET position = 0",
            "UPDATE municipalities SET first_year = NULL, last_year = NULL",
            "DELETE FROM observations WHERE breakdown <> ''",
            "UPDATE observations SET decimals = NULL, display = NULL",
        ],
    ),
    (
        "base",
        [],
        deletes(
            "0001",
            "municipalities (1 rad), plans (1 rad), plan_versions (2 rader), "
            "focus_areas (16 rader), goals (246 rader), goal_refs (278 rader), areas (14 rader), "
            "indicators (175 rader), observations (600 rader)",
        ),
        [
            "DELETE FROM observations",
            "DELETE FROM indicators",
            "DELETE FROM areas",
            "DELETE FROM goal_refs",
            "DELETE FROM goals",
            "DELETE FROM focus_areas",
            "DELETE FROM plan_versions",
            "DELETE FROM plans",
            "DELETE FROM municipalities",
        ],
    ),
]


def run(runner, *args, ok=True):
    return run_command(runner, *args, ok=ok, forbidden=FORBIDDEN)


def where(url):
    return display_url(make_engine(url).url)


def snapshot(engine):
    """Every table with its columns (and their types) and row count, and the revision."""
    with engine.connect() as connection:
        inspector = inspect(connection)
        tables = {
            name: (
                [(column["name"], str(column["type"])) for column in inspector.get_columns(name)],
                connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one(),
            )
            for name in inspector.get_table_names()
        }
    return tables, current_revision(engine)


def execute(engine, statements):
    with engine.begin() as connection:
        for statement in statements:
            if statement.startswith("DELETE FROM change_log"):
                unlock_change_log(connection)
            connection.execute(text(statement))


@pytest.fixture
def asker(engine):
    with session_scope(engine) as session:
        load_example(session, "asker")
    return engine


def test_every_downgrade_refuses_to_delete_data_and_changes_nothing(asker, db_url):
    revision = HEAD
    for target, prepare, reason, empty_it in DOWNGRADES:
        execute(asker, prepare)
        before = snapshot(asker)
        for attempt in (target, "base"):
            with pytest.raises(Conflict) as refused:
                downgrade(asker, attempt)
            assert str(refused.value) == f"{where(db_url)}: {reason}"
            assert snapshot(asker) == before
        execute(asker, empty_it)
        assert downgrade(asker, target) == revision
        assert current_revision(asker) == (None if target == "base" else target)
        revision = target
    with asker.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]


def test_downgrading_several_steps_is_one_transaction(asker):
    # 0011 -> 0003 may go, 0003 -> 0002 may not
    execute(asker, [*CHANGE_LOG_AND_TEXTS, *PLANNING_CYCLE])
    before = snapshot(asker)
    with pytest.raises(Conflict, match="nedgradering under 0003 ville slette: indicators.bands"):
        downgrade(asker, "0001")
    assert snapshot(asker) == before
    assert "narratives" in before[0]


def test_downgrade_and_upgrade_give_back_the_same_data(asker, db_url, runner):
    execute(asker, [*CHANGE_LOG_AND_TEXTS, *PLANNING_CYCLE])
    exports = [["export", "plan", "--format", "yaml"], ["export", "observations"]]
    before = [run(runner, *args, "--db", db_url).stdout for args in exports]
    counts = snapshot(asker)[0]

    result = run(runner, "db", "downgrade", "0003", "--db", db_url)
    assert result.stdout == f"Nedgradert {HEAD} -> 0003: {where(db_url)}\n"
    assert "narratives" not in snapshot(asker)[0]
    result = run(runner, "db", "upgrade", "--db", db_url)
    assert result.stdout == f"Oppgradert 0003 -> {HEAD}: {where(db_url)}\n"

    assert [run(runner, *args, "--db", db_url).stdout for args in exports] == before
    derived = {"object_versions"}  # the editing versions start again: nobody's data
    after = snapshot(asker)[0]
    assert {k: v for k, v in after.items() if k not in derived} == {
        k: v for k, v in counts.items() if k not in derived
    }


def test_a_plan_alone_goes_down_to_0001_and_back(runner, db_url):
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    before = run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout
    refused = run(runner, "db", "downgrade", "0001", "--db", db_url, ok=False)
    assert deletes("0007", "change_log (131 rader)") in refused.stderr  # the import
    engine = make_engine(db_url)
    execute(engine, ["DELETE FROM change_log"])
    engine.dispose()
    run(runner, "db", "downgrade", "0001", "--db", db_url)
    result = run(runner, "db", "downgrade", "base", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil: {where(db_url)}: nedgradering under 0001 ville slette: municipalities (1 rad), "
        "plans (1 rad), plan_versions (1 rad), focus_areas (8 rader), goals (123 rader), "
        "goal_refs (139 rader); ingenting er endret\n"
    )
    result = run(runner, "--lang", "en", "db", "downgrade", "base", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Error: {where(db_url)}: downgrading below 0001 would delete: municipalities (1 row), "
        "plans (1 row), plan_versions (1 row), focus_areas (8 rows), goals (123 rows), "
        "goal_refs (139 rows); nothing was changed\n"
    )
    run(runner, "db", "upgrade", "--db", db_url)
    assert run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout == before


def test_an_empty_database_goes_down_to_base(engine):
    assert downgrade(engine, "base") == HEAD
    assert current_revision(engine) is None
    assert upgrade(engine) is None
    assert current_revision(engine) == HEAD


FAILING_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"


def upgrade():
    op.create_table("extra", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("observations") as batch_op:
        batch_op.add_column(sa.Column("extra", sa.Text()))
        batch_op.create_unique_constraint("uq_observations_period", ["period"])  # duplicates


def downgrade():
    pass
"""


def test_a_failed_migration_leaves_nothing_behind(asker, tmp_path):
    config = _alembic_config()
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(config.get_main_option("script_location")), scripts)
    (scripts / "versions" / "0013_fails.py").write_text(FAILING_MIGRATION, encoding="utf-8")
    config.set_main_option("script_location", str(scripts))
    before = snapshot(asker)

    with pytest.raises(IntegrityError):
        upgrade(asker, config=config)

    assert snapshot(asker) == before
    assert current_revision(asker) == HEAD
    with asker.connect() as connection:
        names = inspect(connection).get_table_names()
    assert [n for n in names if n.startswith("_alembic_tmp") or n == "extra"] == []


def test_a_database_from_a_newer_sdgplan_is_refused_by_every_command(runner, engine, db_url):
    execute(engine, ["UPDATE alembic_version SET version_num = '9999'"])
    message = (
        f"Feil: {where(db_url)}: laget av en nyere sdgplan (revisjon 9999); oppgrader sdgplan\n"
    )
    commands = [
        ["show", "plan"],
        ["export", "observations"],
        ["assess"],
        ["import", "plan", ASKER_OVERVIEW],
        ["example", "asker"],
        ["init"],
        ["db", "status"],
        ["db", "upgrade"],
        ["db", "downgrade", "0001"],
    ]
    for args in commands:
        assert run(runner, *args, "--db", db_url, ok=False).stderr == message, args
    assert current_revision(engine) == "9999"


def test_read_commands_ask_for_an_upgrade_and_write_nothing(runner, tmp_path):
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", url)
    engine = make_engine(url)
    execute(engine, ["DELETE FROM change_log"])  # the log cannot go below 0007
    engine.dispose()
    run(runner, "db", "downgrade", "0002", "--db", url)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()

    result = run(runner, "show", "plan", "--db", url, ok=False)
    assert result.stderr == (
        f"Feil: {url}: eldre skjema (revisjon 0002, nyeste {HEAD}); kjør sdgplan db upgrade\n"
    )
    assert run(runner, "db", "status", "--db", url).stdout == (
        f"Database: {url}\nFil: {path}\nRevisjon: 0002\n"
        f"Nyeste: {HEAD}\nEldre skjema: sdgplan db upgrade\n"
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == checksum

    run(runner, "db", "upgrade", "--db", url)
    assert "Oppdatert" in run(runner, "db", "status", "--db", url).stdout
    assert "Kommuneplanens samfunnsdel" in run(runner, "show", "plan", "--db", url).stdout


def test_downgrade_to_a_revision_that_is_not_older(runner, engine, db_url):
    result = run(runner, "db", "downgrade", "0019", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil: {where(db_url)}: kan ikke nedgradere til 0019; velg en av 0018, 0017, 0016, "
        "0015, 0014, 0013, 0012, 0011, 0010, 0009, 0008, 0007, 0006, 0005, 0004, 0003, 0002, "
        "0001, base\n"
    )
    assert current_revision(engine) == HEAD


def test_another_programs_sqlite_file_is_left_alone(runner, tmp_path):
    path = tmp_path / "other.db"
    execute(make_engine(f"sqlite:///{path}"), ["CREATE TABLE contacts (name TEXT)"])
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["show", "plan"], ["import", "plan", ASKER_OVERVIEW], ["db", "upgrade"]):
        result = run(runner, *args, "--db", f"sqlite:///{path}", ok=False)
        assert result.stderr == (
            f"Feil: sqlite:///{path}: ikke en sdgplan-database (den har andre tabeller); "
            "velg en annen database\n"
        )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == checksum


@pytest.mark.parametrize("command", ["status", "upgrade", "downgrade"])
def test_db_commands_have_help_with_an_example(runner, command):
    result = run(runner, "db", command, "--help")
    assert "Eksempel:" in result.stdout
    assert f"sdgplan db {command}" in result.stdout
    assert "Example:" in run(runner, "--lang", "en", "db", command, "--help").stdout


def test_head_revision_constant_is_alembics_head():
    from sdgplan.store.db import HEAD_REVISION, head_revision

    assert HEAD_REVISION == head_revision() == HEAD


def test_a_current_database_is_checked_without_loading_alembic(tmp_path):
    """`check_current` and `upgrade` on a database at the newest revision read one row."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.db'}"
    upgrade(make_engine(url))  # creates the schema
    script = (
        "import sys\n"
        "from sdgplan.store.db import check_current, make_engine, upgrade\n"
        f"engine = make_engine({url!r})\n"
        "check_current(engine)\n"
        "assert upgrade(engine) is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
