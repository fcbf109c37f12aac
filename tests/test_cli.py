"""End to end through the CLI, on SQLite and PostgreSQL."""

import json
import os
import re
import stat

import pytest
from sqlalchemy import func, select

from sdgplan.cli import cli
from sdgplan.cli.common import safe_url
from sdgplan.store.db import make_engine
from sdgplan.store.tables import GoalRow
from tests.conftest import ASKER_OVERVIEW

UNEXPECTED = ("Uventet feil", "unexpected error", "Traceback")
SQL = ("SELECT", "INSERT", "[SQL")


def run(runner, *args, ok=True, forbidden=UNEXPECTED):
    """The command's result; it must succeed (or fail, with ok=False) with no text from
    `forbidden` in its output."""
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert (result.exit_code == 0) is ok, result.output + result.stderr
    for word in forbidden:
        assert word not in result.output + result.stderr, word
    return result


def problems(stderr):
    """(line, column, message) of each problem in a file listed on stderr, whatever the words
    that label the line and column."""
    pattern = r"^(?:FEIL|ADVARSEL|ERROR|WARNING): .+?, \S+ (\d+)(?:, \S+ (\d+))?: (.*)$"
    return [
        (int(line), int(column) if column else None, message)
        for line, column, message in re.findall(pattern, stderr, re.MULTILINE)
    ]


def test_import_show_export_round_trip(runner, db_url, tmp_path):
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Importert «Kommuneplanens samfunnsdel 2020-2032» (forslag) for Asker (3203): "
        f"8 satsingsområder, 8 hovedmål, 28 delmål, 87 strategier -> {safe_url(db_url)}",
        "Nøkler: 0 uendret, 0 omformulert, 131 nye, 0 borte",
        "Mål og strategier merket AK som kan høre til delmål (ikke lagt til):",
    ]
    suggested = r"  [a-z0-9.-]+ «.+»: kan høre til \d+\.\w+(, \d+\.\w+)*"
    assert lines[3:] and all(re.fullmatch(suggested, line) for line in lines[3:]), lines
    assert result.stderr == ""  # no status line when stderr is not a terminal
    tree = run(runner, "show", "plan", "--db", db_url).stdout
    assert "2 Bærekraftige byer og samfunn" in tree
    assert "2.1.3 Asker kommune skal sikre høy arealutnyttelse" in tree

    first = tmp_path / "plan.yaml"
    run(runner, "export", "plan", "--format", "yaml", "--out", first, "--db", db_url)
    second_db = f"sqlite:///{tmp_path / 'second.db'}"
    run(runner, "import", "plan", first, "--db", second_db)
    again = run(runner, "export", "plan", "--db", second_db).stdout
    assert again == first.read_text(encoding="utf-8")


def test_export_json_to_stdout(runner, db_url):
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    data = json.loads(run(runner, "export", "plan", "--format", "json", "--db", db_url).stdout)
    assert [len(a["goals"]) for a in data["focus_areas"]] == [3, 6, 2, 4, 4, 3, 4, 2]


def count_goals(db_url):
    engine = make_engine(db_url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(GoalRow))
    engine.dispose()
    return count


def test_unknown_target_changes_nothing(runner, db_url, tmp_path):
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    before = run(runner, "export", "plan", "--db", db_url).stdout
    bad = tmp_path / "plan.txt"
    bad.write_text(
        ASKER_OVERVIEW.read_text("utf-8").replace("FN-T 11.3 11.7", "FN-T 11.9 11.7"),
        encoding="utf-8",
    )
    result = run(runner, "import", "plan", bad, "--db", db_url, ok=False)
    assert result.stdout == ""
    assert problems(result.stderr) == [
        (50, 3, "Ukjent FN-delmål «11.9» i referansen «FN-T 11.9 11.7»")
    ]
    assert result.stderr.startswith(f"FEIL: {bad}, ")
    assert result.stderr.endswith(f"\nFeil: {bad}: ingenting er lagret\n")
    assert run(runner, "export", "plan", "--db", db_url).stdout == before
    assert count_goals(db_url) == 8 + 28 + 87


def test_bad_plan_into_empty_database_writes_nothing(runner, db_url, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(
        "municipality: '3203'\nfocus_areas:\n- name: Klima\n  goals:\n"
        "  - text: Mål\n    refs: [13.9]\n",
        encoding="utf-8",
    )
    result = run(runner, "import", "plan", bad, "--db", db_url, ok=False)
    assert problems(result.stderr) == [(6, None, "Ukjent FN-delmål «13.9» i referansen «13.9»")]
    result = run(runner, "show", "plan", "--db", db_url, ok=False)
    if db_url.startswith("sqlite"):  # not even the database file is created
        assert "Databasen finnes ikke" in result.stderr
        assert not (tmp_path / "sdgplan.db").exists()
    else:
        assert result.stderr == (
            f"Feil: {make_engine(db_url).url.render_as_string(hide_password=True)}: "
            "databasen er tom; importer en plan først: sdgplan import plan FIL\n"
        )


def test_coverage(runner, db_url):
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db_url)
    table = run(runner, "sdg", "coverage", "--db", db_url).stdout
    assert " 5 Likestilling mellom kjønnene: 0 av 9 delmål\n   ikke referert\n" in table
    data = json.loads(run(runner, "sdg", "coverage", "--format", "json", "--db", db_url).stdout)
    goal11 = data["goals"][10]
    assert goal11["goal"] == 11 and goal11["targets_total"] == 10
    target_11_3 = [t for t in goal11["targets"] if t["target"] == "11.3"][0]
    assert [i["path"] for i in target_11_3["referenced_by"]] == ["2.1.1"]


def test_reading_a_missing_database_does_not_create_it(runner, tmp_path):
    path = tmp_path / "none.db"
    result = run(runner, "show", "plan", "--db", f"sqlite:///{path}", ok=False)
    assert result.stderr == (
        f"Feil: Databasen finnes ikke: {path}\nImporter en plan: sdgplan import plan FIL\n"
    )
    assert not path.exists()


def test_errors_have_no_traceback(runner, tmp_path):
    result = run(runner, "show", "plan", "--db", "nosuchdb://x", ok=False)
    assert result.stderr.startswith("Feil: Ugyldig database-URL")
    result = run(
        runner,
        "import",
        "plan",
        ASKER_OVERVIEW,
        "--municipality",
        "9999",
        "--db",
        f"sqlite:///{tmp_path / 'x.db'}",
        ok=False,
    )
    assert "Ukjent kommunenummer: '9999'" in result.stderr
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--date", "1.1.2020", ok=False)
    assert result.exit_code == 2
    assert result.stderr.endswith("Feil: Ugyldig verdi for --date: '1.1.2020': skriv ÅÅÅÅ-MM-DD\n")
    result = run(runner, "show", "plan", "--db", "postgresql://nobody@127.0.0.1:1/none", ok=False)
    assert result.stderr == (
        "Feil: postgresql+psycopg://nobody@127.0.0.1:1/none: får ikke kontakt med "
        "databaseserveren; sjekk at den kjører og at databaseadressen er riktig\n"
    )


def test_db_from_environment(runner, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("SDGPLAN_DB", url)
    run(runner, "import", "plan", ASKER_OVERVIEW)
    assert (tmp_path / "env.db").exists()
    assert "Kommuneplanens samfunnsdel" in run(runner, "show", "plan").stdout


@pytest.mark.parametrize(
    "args",
    [[], ["import", "plan"], ["export", "plan"], ["show", "plan"], ["sdg", "coverage"], ["init"]],
)
def test_help(runner, args):
    result = run(runner, *args, "--help")
    assert result.stdout.startswith("Bruk: ")
    assert "Valg:\n" in result.stdout and "Vis denne hjelpen og avslutt." in result.stdout
    if args:
        assert "Eksempel:" in result.stdout
    english = run(runner, "--lang", "en", *args, "--help").stdout
    assert english.startswith("Usage: ")
    assert "Options:\n" in english and "Show this message and exit." in english
    if args:
        assert "Example:" in english


def test_unexpected_errors_are_messages(runner, monkeypatch, tmp_path):
    import sdgplan.cli.plans

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sdgplan.cli.plans, "import_plan_file", broken)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--db", db, ok=False, forbidden=())
    assert result.exit_code == 1
    assert result.stderr == (
        "Feil: Uventet feil: RuntimeError: disk on fire\n"
        "Kjør med -v for detaljer (sdgplan -v KOMMANDO ...)\n"
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        runner.invoke(
            cli, ["-v", "import", "plan", str(ASKER_OVERVIEW), "--db", db], catch_exceptions=False
        )


def test_help_loads_no_heavy_library():
    """`sdgplan --help` stays fast: the store, charts, PDF and Excel load when used."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from sdgplan.cli import cli\n"
        "CliRunner().invoke(cli, ['--help'])\n"
        "heavy = ('sqlalchemy', 'alembic', 'altair', 'weasyprint', 'openpyxl', 'markdown_it')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_written_files_get_the_usual_permissions(runner, tmp_path):
    """Not the owner-only ones of the temporary file they are written through."""
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", url)
    out = tmp_path / "plan.yaml"
    umask = os.umask(0o022)
    os.umask(umask)
    run(runner, "export", "plan", "--format", "yaml", "--out", out, "--db", url)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)
    run(runner, "export", "plan", "--format", "yaml", "--out", out, "--db", url)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
