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
from tests.test_cli import SQL, UNEXPECTED
from tests.test_cli import run as run_command

FORBIDDEN = (*UNEXPECTED, *SQL)

HEAD = "0008"
# 0006 -> 0005 drops the keys, allowed when the position rule makes them again: rename one
RENAMED_KEY = ["UPDATE goals SET key = 'okonomi.99' WHERE key = 'okonomi.1'"]
# 0005 -> 0004 gives free text its old length again: make one column too long for it
TOO_LONG = [f"UPDATE focus_areas SET name = name || '{'x' * 500}'"]


def deletes(revision, lost):
    return (
        f"nedgradering under {revision} ville slette / downgrading below {revision} would "
        f"delete: {lost}"
    )


# (target, SQL that makes it refuse, why it refuses, SQL that makes it possible)
DOWNGRADES = [
    (
        "0007",
        [],
        deletes("0008", "narratives.period (18 rader / rows)"),
        ["UPDATE narratives SET period = ''"],
    ),
    ("0006", [], deletes("0007", "change_log (1131 rader / rows)"), ["DELETE FROM change_log"]),
    (
        "0005",
        RENAMED_KEY,
        "nedgradering under 0006 ville miste nøkler som ikke kan lages på nytt / downgrading "
        "below 0006 would lose keys that cannot be made again: goals.key (2 rader / rows)",
        ["UPDATE goals SET key = 'okonomi.1' WHERE key = 'okonomi.99'"],
    ),
    (
        "0004",
        TOO_LONG,
        "nedgradering under 0005 ville avkorte / downgrading below 0005 would truncate: "
        "focus_areas.name > 500 tegn / characters (16 rader / rows)",
        ["UPDATE focus_areas SET name = substr(name, 1, length(name) - 500)"],
    ),
    ("0003", [], deletes("0004", "narratives (18 rader / rows)"), ["DELETE FROM narratives"]),
    (
        "0002",
        [],
        deletes(
            "0003",
            "indicators.bands (1 rad / row), indicators.target (1 rad / row), "
            "indicators.progress_base_year (175 rader / rows)",
        ),
        ["UPDATE indicators SET bands = NULL, target = NULL, progress_base_year = NULL"],
    ),
    (
        "0001",
        [],
        deletes(
            "0002",
            "goal_statuses (4 rader / rows), report_tables (54 rader / rows), "
            "report_table_indicators (85 rader / rows), thematic_plans (17 rader / rows), "
            "indicator_goals (91 rader / rows), indicators.position (175 rader / rows), "
            "municipalities.first_year (1 rad / row), municipalities.last_year (1 rad / row), "
            "observations.breakdown (199 rader / rows), observations.decimals (667 rader / rows), "
            "observations.display (12 rader / rows)",
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
            "municipalities (1 rad / row), plans (1 rad / row), plan_versions (2 rader / rows), "
            "focus_areas (16 rader / rows), goals (246 rader / rows), "
            "goal_refs (278 rader / rows), areas (14 rader / rows), "
            "indicators (175 rader / rows), observations (600 rader / rows)",
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
            assert str(refused.value) == (
                f"{where(db_url)}: {reason}; ingenting er endret / nothing was changed"
            )
            assert snapshot(asker) == before
        execute(asker, empty_it)
        assert downgrade(asker, target) == revision
        assert current_revision(asker) == (None if target == "base" else target)
        revision = target
    with asker.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]


def test_downgrading_several_steps_is_one_transaction(asker):
    # 0008 -> 0003 may go, 0003 -> 0002 may not
    execute(asker, ["DELETE FROM change_log", "DELETE FROM narratives"])
    before = snapshot(asker)
    with pytest.raises(Conflict, match="downgrading below 0003 would delete: indicators.bands"):
        downgrade(asker, "0001")
    assert snapshot(asker) == before
    assert "narratives" in before[0]


def test_downgrade_and_upgrade_give_back_the_same_data(asker, db_url, runner):
    execute(asker, ["DELETE FROM change_log", "DELETE FROM narratives"])
    exports = [["export", "plan", "--format", "yaml"], ["export", "observations"]]
    before = [run(runner, *args, "--db", db_url).stdout for args in exports]
    counts = snapshot(asker)[0]

    result = run(runner, "db", "downgrade", "0003", "--db", db_url)
    assert result.stdout == f"Nedgradert / downgraded {HEAD} -> 0003: {where(db_url)}\n"
    assert "narratives" not in snapshot(asker)[0]
    result = run(runner, "db", "upgrade", "--db", db_url)
    assert result.stdout == f"Oppgradert / upgraded 0003 -> {HEAD}: {where(db_url)}\n"

    assert [run(runner, *args, "--db", db_url).stdout for args in exports] == before
    assert snapshot(asker)[0] == counts


def test_a_plan_alone_goes_down_to_0001_and_back(runner, db_url):
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    before = run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout
    refused = run(runner, "db", "downgrade", "0001", "--db", db_url, ok=False)
    assert deletes("0007", "change_log (131 rader / rows)") in refused.stderr  # the import
    engine = make_engine(db_url)
    execute(engine, ["DELETE FROM change_log"])
    engine.dispose()
    run(runner, "db", "downgrade", "0001", "--db", db_url)
    result = run(runner, "db", "downgrade", "base", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil / Error: {where(db_url)}: nedgradering under 0001 ville slette / downgrading "
        "below 0001 would delete: municipalities (1 rad / row), plans (1 rad / row), "
        "plan_versions (1 rad / row), focus_areas (8 rader / rows), goals (123 rader / rows), "
        "goal_refs (139 rader / rows); ingenting er endret / nothing was changed\n"
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

revision = "0009"
down_revision = "0008"


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
    (scripts / "versions" / "0009_fails.py").write_text(FAILING_MIGRATION, encoding="utf-8")
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
        f"Feil / Error: {where(db_url)}: laget av en nyere sdgplan (revisjon 9999); oppgrader "
        "sdgplan / made by a newer sdgplan (revision 9999); upgrade sdgplan\n"
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
        f"Feil / Error: {url}: eldre skjema (revisjon 0002, nyeste {HEAD}); kjør sdgplan db "
        f"upgrade / older schema (revision 0002, newest {HEAD}); run sdgplan db upgrade\n"
    )
    assert run(runner, "db", "status", "--db", url).stdout == (
        f"Database: {url}\nFil / file: {path}\nRevisjon / revision: 0002\n"
        f"Nyeste / head: {HEAD}\nEldre skjema / older schema: sdgplan db upgrade\n"
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == checksum

    run(runner, "db", "upgrade", "--db", url)
    assert "Oppdatert / up to date" in run(runner, "db", "status", "--db", url).stdout
    assert "Kommuneplanens samfunnsdel" in run(runner, "show", "plan", "--db", url).stdout


def test_downgrade_to_a_revision_that_is_not_older(runner, engine, db_url):
    result = run(runner, "db", "downgrade", "0009", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil / Error: {where(db_url)}: kan ikke nedgradere til 0009; velg en av 0008, 0007, "
        "0006, 0005, 0004, 0003, 0002, 0001, base / cannot downgrade to 0009; choose one of "
        "0008, 0007, 0006, 0005, 0004, 0003, 0002, 0001, base\n"
    )
    assert current_revision(engine) == HEAD


def test_another_programs_sqlite_file_is_left_alone(runner, tmp_path):
    path = tmp_path / "other.db"
    execute(make_engine(f"sqlite:///{path}"), ["CREATE TABLE contacts (name TEXT)"])
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["show", "plan"], ["import", "plan", ASKER_OVERVIEW], ["db", "upgrade"]):
        result = run(runner, *args, "--db", f"sqlite:///{path}", ok=False)
        assert result.stderr == (
            f"Feil / Error: sqlite:///{path}: ikke en sdgplan-database (den har andre tabeller); "
            "velg en annen database / not an sdgplan database (it holds other tables); "
            "choose another database\n"
        )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == checksum


@pytest.mark.parametrize("command", ["status", "upgrade", "downgrade"])
def test_db_commands_have_help_with_an_example(runner, command):
    result = run(runner, "db", command, "--help")
    assert "Example:" in result.stdout
    assert f"sdgplan db {command}" in result.stdout
