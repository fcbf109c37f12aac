"""Free text a person typed has no length limit on either database (migration 0005); going
back to 0004 refuses while a text is longer than its old `String(n)`."""

import json

from sqlalchemy import inspect, text

from sdgplan.store.db import current_revision, display_url, make_engine, session_scope
from sdgplan.store.indicator_repo import load_thematic_plans
from tests.store.log_lock import unlock_change_log
from tests.store.test_migrations import HEAD
from tests.test_cli import UNEXPECTED
from tests.test_cli import run as run_command

FORBIDDEN = (*UNEXPECTED, "StringDataRightTruncation")


def run(runner, *args, ok=True):
    return run_command(runner, *args, ok=ok, forbidden=FORBIDDEN)


def text_of(length, seed):
    """`length` characters of words that do not repeat (so nothing compresses it away), with
    letters outside ASCII, which PostgreSQL counts as one character each."""
    words = " ".join(f"{seed}{i}-bærekraft" for i in range(length))
    return words[:length].rstrip() + "ø" * (length - len(words[:length].rstrip()))


def write_plan(path, focus_area):
    name = json.dumps(focus_area, ensure_ascii=False)  # a JSON string is YAML too
    path.write_text(
        "format: sdgplan-plan\nformat_version: 1\nmunicipality: '3203'\nplan: Kommuneplan\n"
        f"focus_areas:\n- name: {name}\n  goals:\n  - text: Et godt liv\n    refs: [AK, 3]\n",
        encoding="utf-8",
    )
    return path


def write_thematic_plans(path, name, planned):
    path.write_text(
        f'name,status,adopted,planned\n"{name}",planned,,"{planned}"\n'
        "Medborgerskap,adopted,2021-04-13,\n",
        encoding="utf-8",
    )
    return path


def load(runner, db_url, tmp_path, *, focus_area, thematic_plan, planned="2026"):
    run(runner, "import", "plan", write_plan(tmp_path / "plan.yaml", focus_area), "--db", db_url)
    csv = write_thematic_plans(tmp_path / "temaplaner.csv", thematic_plan, planned)
    run(runner, "import", "thematic-plans", csv, "--db", db_url)
    # the imports are logged; going below 0007 drops the log, which is refused while it
    # holds entries (tests/store/test_migrations.py): empty it to reach 0005 -> 0004
    engine = make_engine(db_url)
    with engine.begin() as connection:
        unlock_change_log(connection)
        connection.execute(text("DELETE FROM change_log"))
    engine.dispose()


def exports(runner, db_url):
    """The plan as JSON and YAML, and the stored thematic plans."""
    plan = [
        run(runner, "export", "plan", "--format", fmt, "--db", db_url).stdout
        for fmt in ("json", "yaml")
    ]
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        thematic = load_thematic_plans(session, "3203")
    engine.dispose()
    return plan, thematic


def schema(db_url):
    """Every column with its type, and the revision."""
    engine = make_engine(db_url)
    with engine.connect() as connection:
        inspector = inspect(connection)
        columns = {
            (table, column["name"], str(column["type"]))
            for table in inspector.get_table_names()
            for column in inspector.get_columns(table)
        }
    revision = current_revision(engine)
    engine.dispose()
    return columns, revision


def test_long_names_are_stored_and_exported_exactly(runner, db_url, tmp_path):
    focus_area, thematic_plan = text_of(15_000, "sa"), text_of(10_000, "tp")
    load(runner, db_url, tmp_path, focus_area=focus_area, thematic_plan=thematic_plan)

    (plan_json, _), thematic = exports(runner, db_url)
    data = json.loads(plan_json)
    assert [area["name"] for area in data["focus_areas"]] == [focus_area]
    assert len(data["focus_areas"][0]["name"]) == 15_000
    assert [(p.name, p.planned) for p in thematic] == [
        (thematic_plan, "2026"),
        ("Medborgerskap", None),
    ]


def test_downgrade_refuses_while_a_text_is_too_long_and_changes_nothing(runner, db_url, tmp_path):
    long_planned = text_of(101, "pl")
    load(
        runner,
        db_url,
        tmp_path,
        focus_area=text_of(15_000, "sa"),
        thematic_plan=text_of(10_000, "tp"),
        planned=long_planned,
    )
    before, columns = exports(runner, db_url), schema(db_url)

    result = run(runner, "db", "downgrade", "0004", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil: {display_url(make_engine(db_url).url)}: nedgradering under 0005 ville avkorte: "
        "focus_areas.name > 500 tegn (1 rad), thematic_plans.name > 500 tegn (1 rad), "
        "thematic_plans.planned > 100 tegn (1 rad); ingenting er endret\n"
    )
    result = run(runner, "--lang", "en", "db", "downgrade", "0004", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Error: {display_url(make_engine(db_url).url)}: downgrading below 0005 would truncate: "
        "focus_areas.name > 500 characters (1 row), thematic_plans.name > 500 characters "
        "(1 row), thematic_plans.planned > 100 characters (1 row); nothing was changed\n"
    )
    assert schema(db_url) == columns
    assert columns[1] == HEAD
    assert exports(runner, db_url) == before


def test_downgrade_with_texts_that_fit_and_upgrade_give_back_the_same(runner, db_url, tmp_path):
    # exactly at the old limits, in characters (not bytes: "ø" is two bytes in UTF-8)
    load(
        runner,
        db_url,
        tmp_path,
        focus_area=text_of(500, "sa"),
        thematic_plan=text_of(500, "tp"),
        planned=text_of(100, "pl"),
    )
    before, columns = exports(runner, db_url), schema(db_url)

    result = run(runner, "db", "downgrade", "0004", "--db", db_url)
    assert result.stdout.startswith(f"Nedgradert {HEAD} -> 0004: ")
    assert schema(db_url)[1] == "0004"
    result = run(runner, "db", "upgrade", "--db", db_url)
    assert result.stdout.startswith(f"Oppgradert 0004 -> {HEAD}: ")

    assert exports(runner, db_url) == before
    assert schema(db_url) == columns
