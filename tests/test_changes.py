"""Corrections and the change log (issue 10): deletes with dry runs, `--replace`, `sdgplan log`,
and narratives that must name a focus area of the plan. Run on SQLite and PostgreSQL."""

import getpass
import json

import pytest

from sdgplan.store import change_log
from sdgplan.store.db import make_engine, session_scope
from tests.reports.municipality import AREA, NUMBER, narrative_file, write_files
from tests.test_cli import UNEXPECTED
from tests.test_cli import run as run_command

WHO = change_log.current_user()


def run(runner, *args, ok=True):
    return run_command(runner, *args, ok=ok, forbidden=UNEXPECTED)


@pytest.fixture
def oslo(runner, db_url, tmp_path):
    """Oslo's files loaded through the command line; returns the files."""
    files = write_files(tmp_path / "oslo")
    for command, name in [
        ("plan", "plan"),
        ("indicators", "indicators"),
        ("observations", "observations"),
    ]:
        run(runner, "import", command, files[name], "--db", db_url)
    return files


def log(runner, db_url, *args):
    result = run(runner, "log", "--format", "json", "--limit", "1000", *args, "--db", db_url)
    return json.loads(result.stdout)


def export(runner, db_url):
    return run(runner, "export", "observations", "--format", "json", "--db", db_url).stdout


def keys_of(runner, db_url, indicator):
    rows = json.loads(export(runner, db_url))
    rows = rows["observations"] if isinstance(rows, dict) else rows
    return sorted(
        "/".join(filter(None, (r["area"], r["period"], r["breakdown"])))
        for r in rows
        if r["indicator_id"] == indicator
    )


def test_the_import_is_logged_per_observation_and_again_only_what_changed(
    runner, db_url, oslo, tmp_path
):
    entries = log(runner, db_url, "--entity", "observation")
    assert len(entries) == 8
    first = next(e for e in entries if e["key"] == f"antall/{NUMBER}/2020")
    assert first["who"] == WHO
    assert first["action"] == "import"
    assert first["municipality"] == NUMBER
    assert first["old"] is None
    assert first["new"] == {"value": 4.0, "status": "measured", "decimals": 0}
    assert first["source"] == str(oslo["observations"])

    run(runner, "import", "observations", oslo["observations"], "--db", db_url)
    assert len(log(runner, db_url, "--entity", "observation")) == 8

    changed = tmp_path / "changed.csv"
    changed.write_text(
        f"indicator_id,area,period,value\nantall,{NUMBER},2020,5\nantall,{NUMBER},2021,6\n",
        encoding="utf-8",
    )
    run(runner, "import", "observations", changed, "--db", db_url)
    newest = log(runner, db_url)[0]
    assert (newest["key"], newest["old"], newest["new"]) == (
        f"antall/{NUMBER}/2020",
        {"value": 4.0, "status": "measured", "decimals": 0},
        {"value": 5.0, "status": "measured", "decimals": 0},
    )
    assert len(log(runner, db_url, "--entity", "observation")) == 9


def test_a_deleted_observation_is_gone_and_logged(runner, db_url, oslo):
    result = run(
        runner,
        "delete",
        "observations",
        "--indicator",
        "andel",
        "--area",
        AREA,
        "--period",
        "2021",
        "--db",
        db_url,
    )
    assert result.stdout == (
        f"Slettet ({NUMBER}): 1 observasjon\n  observation andel/{AREA}/2021\n"
    )
    assert f"{AREA}/2021" not in keys_of(runner, db_url, "andel")
    assert f"{AREA}/2020" in keys_of(runner, db_url, "andel")
    entry = log(runner, db_url)[0]
    assert entry["who"] == WHO
    assert (entry["action"], entry["entity"], entry["key"]) == (
        "delete",
        "observation",
        f"andel/{AREA}/2021",
    )
    assert entry["old"] == {"value": 9.0, "status": "measured", "decimals": 0}
    assert entry["new"] is None


def test_who_is_the_os_user():
    try:
        expected = getpass.getuser()
    except OSError:
        expected = "unknown"
    assert WHO == expected


@pytest.mark.parametrize(
    "args",
    [
        ["delete", "observations", "--indicator", "andel"],
        ["delete", "indicator", "antall"],
        ["delete", "narrative", "Kapittel 1"],
        ["delete", "municipality", NUMBER],
    ],
)
def test_a_dry_run_lists_what_would_go_and_changes_nothing(runner, db_url, oslo, args):
    run(
        runner, "import", "narrative", oslo["narrative-0"], "--municipality", NUMBER, "--db", db_url
    )
    before = (export(runner, db_url), log(runner, db_url))
    plan = run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout

    result = run(runner, *args, "--dry-run", "--db", db_url)

    assert result.stdout.startswith(f"Ville slette ({NUMBER}): ")
    assert result.stdout.endswith("Prøvekjøring: ingenting er endret\n")
    assert (export(runner, db_url), log(runner, db_url)) == before
    assert run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout == plan


def test_dry_run_counts_and_lists(runner, db_url, oslo):
    result = run(runner, "delete", "indicator", "andel", "--dry-run", "--db", db_url)
    assert result.stdout == (
        f"Ville slette ({NUMBER}): 1 indikator, 5 observasjoner\n"
        "  indicator andel\n"
        f"  observation andel/{NUMBER}/2020\n"
        f"  observation andel/{NUMBER}/2021\n"
        f"  observation andel/{NUMBER}/2022\n"
        f"  observation andel/{AREA}/2020\n"
        f"  observation andel/{AREA}/2021\n"
        "Prøvekjøring: ingenting er endret\n"
    )
    english = run(
        runner, "--lang", "en", "delete", "indicator", "andel", "--dry-run", "--db", db_url
    )
    assert english.stdout.startswith(f"Would delete ({NUMBER}): 1 indicator, 5 observations\n")
    assert english.stdout.endswith("Dry run: nothing was changed\n")


def test_replace_removes_the_rows_the_file_lacks_and_logs_them(runner, db_url, oslo, tmp_path):
    series = tmp_path / "andel.csv"
    series.write_text(
        f"indicator_id,area,period,value\nandel,{NUMBER},2020,8.5\nandel,{NUMBER},2021,12\n",
        encoding="utf-8",
    )
    run(runner, "import", "observations", series, "--replace", "--db", db_url)

    assert keys_of(runner, db_url, "andel") == [f"{NUMBER}/2020", f"{NUMBER}/2021"]
    assert len(keys_of(runner, db_url, "antall")) == 3  # other indicators are kept
    replaced = [e for e in log(runner, db_url) if e["action"] == "replace"]
    assert sorted((e["key"], e["new"] is None) for e in replaced) == [
        (f"andel/{NUMBER}/2020", False),  # the note is gone from the row: a change
        (f"andel/{NUMBER}/2021", False),
        (f"andel/{NUMBER}/2022", True),
        (f"andel/{AREA}/2020", True),
        (f"andel/{AREA}/2021", True),
    ]
    assert all(e["who"] == WHO and e["source"] == str(series) for e in replaced)


def test_an_indicator_and_its_observations_go_together(runner, db_url, oslo):
    run(runner, "delete", "indicator", "antall", "--db", db_url)
    assert keys_of(runner, db_url, "antall") == []
    entries = log(runner, db_url, "--entity", "indicator")
    # newest first: the delete, then the imports that defined the indicators
    assert [(e["action"], e["key"]) for e in entries] == [
        ("delete", "antall"),
        ("import", "antall"),
        ("import", "andel"),
    ]
    result = run(runner, "delete", "indicator", "antall", "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil: Ukjent indikator: «antall» ({NUMBER})\nSe sdgplan show indicators\n"
    )


def test_deleting_a_plan_version_that_indicators_depend_on_is_refused(runner, db_url, oslo):
    before = run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout
    result = run(runner, "delete", "plan-version", "adopted", "--db", db_url, ok=False)
    assert "Indikatorer viser til mål som da ikke finnes" in result.stderr
    assert "ingenting er slettet" in result.stderr
    assert run(runner, "export", "plan", "--format", "yaml", "--db", db_url).stdout == before
    assert log(runner, db_url, "--entity", "plan_version") == []

    assert result.stderr.startswith("Feil: Indikatorer viser til mål som da ikke finnes: ")
    english = run(
        runner, "--lang", "en", "delete", "plan-version", "adopted", "--db", db_url, ok=False
    )
    assert english.stderr.startswith("Error: Indicators refer to goals that would be gone: ")
    assert "Delete or move the indicators first: sdgplan delete indicator KEY" in english.stderr


def test_a_municipality_needs_yes_and_then_goes_entirely(runner, db_url, oslo):
    result = run(runner, "delete", "municipality", NUMBER, "--db", db_url, ok=False)
    assert result.stderr == "Feil: Bekreft med --yes (eller se først med --dry-run)\n"
    run(runner, "delete", "municipality", NUMBER, "--yes", "--db", db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        from sdgplan.store import plan_repo

        assert plan_repo.stored_municipalities(session) == []
        entries = change_log.load_log(session, NUMBER, limit=None, entity="municipality")
    engine.dispose()
    assert [(e.action, e.key) for e in entries] == [("delete", NUMBER)]
    assert entries[0].old["observation"] == 8


def test_a_narrative_naming_an_unknown_focus_area_is_refused_with_the_valid_names(
    runner, db_url, oslo, tmp_path
):
    wrong = narrative_file(tmp_path / "wrong.md", "Fokus 9", "focus_area", "Tekst\n")
    result = run(
        runner, "import", "narrative", wrong, "--municipality", NUMBER, "--db", db_url, ok=False
    )
    assert "Ukjent satsingsområde: «Fokus 9»; gyldige navn (nøkler): " in result.stderr
    assert "«Fokus 1» (fokus-1), «Fokus 2» (fokus-2)" in result.stderr
    assert log(runner, db_url, "--entity", "narrative") == []

    by_key = narrative_file(tmp_path / "key.md", "fokus-1", "focus_area", "Tekst\n")
    run(runner, "import", "narrative", by_key, "--municipality", NUMBER, "--db", db_url)
    assert [e["key"] for e in log(runner, db_url, "--entity", "narrative")] == ["fokus-1"]


def test_a_focus_area_narrative_without_a_plan_is_refused(runner, db_url, tmp_path):
    text = narrative_file(tmp_path / "n.md", "Fokus 1", "focus_area", "Tekst\n")
    result = run(
        runner, "import", "narrative", text, "--municipality", NUMBER, "--db", db_url, ok=False
    )
    assert "ingen plan er lagret" in result.stderr


def test_a_deleted_narrative_is_gone_and_logged(runner, db_url, oslo):
    run(
        runner, "import", "narrative", oslo["narrative-0"], "--municipality", NUMBER, "--db", db_url
    )
    run(runner, "delete", "narrative", "Kapittel 1", "--db", db_url)
    entry = log(runner, db_url, "--entity", "narrative")[0]
    assert (entry["action"], entry["key"], entry["old"]["kind"]) == (
        "delete",
        "Kapittel 1",
        "chapter",
    )
    result = run(runner, "delete", "narrative", "Kapittel 1", "--db", db_url, ok=False)
    assert "Fant ingen tekst for seksjonen «Kapittel 1»" in result.stderr


def test_log_json_shape_and_table(runner, db_url, oslo):
    entries = log(runner, db_url, "--limit", "2")
    assert len(entries) == 2
    assert set(entries[0]) == {
        "at",
        "who",
        "municipality",
        "action",
        "entity",
        "key",
        "old",
        "new",
        "source",
        "subject",
        "reason",
    }
    assert entries[0]["subject"] == "observations:" + entries[0]["key"].split("/")[0]
    assert entries[0]["at"].endswith("+00:00")
    table = run(runner, "log", "--limit", "1", "--db", db_url).stdout
    assert f" {WHO} {NUMBER} import observation " in table
    assert table.count("\n") == 1


def test_a_plan_version_nothing_depends_on_is_deleted_and_logged(runner, db_url, tmp_path):
    files = write_files(tmp_path / "oslo")
    run(runner, "import", "plan", files["plan"], "--db", db_url)
    plan = run(runner, "export", "plan", "--db", db_url).stdout
    result = run(runner, "delete", "plan-version", "adopted", "--dry-run", "--db", db_url)
    assert result.stdout.startswith(f"Ville slette ({NUMBER}): 1 planversjon\n")
    assert run(runner, "export", "plan", "--db", db_url).stdout == plan

    result = run(runner, "delete", "plan-version", "adopted", "--db", db_url)
    assert result.stdout == (
        f"Slettet ({NUMBER}): 1 planversjon\n  plan_version Kommuneplan 2020-2030/adopted\n"
    )
    run(runner, "export", "plan", "--db", db_url, ok=False)
    entry = log(runner, db_url, "--entity", "plan_version")[0]
    assert entry["old"]["focus_areas"][0]["name"] == "Fokus 1"  # enough to import it again
