"""`sdgplan round open | list | board | remind | sign-off | report` end to end on Oslo."""

import getpass

import pytest

from sdgplan.cli import cli
from sdgplan.editing.snapshot_report import snapshot_html
from sdgplan.store.db import make_engine, session_scope
from tests.editing.test_rounds import add_users
from tests.reports.oslo import oslo_database
from tests.test_cli import run

OSLO = "0301"


@pytest.fixture(autouse=True)
def round_command():
    """`sdgplan round` for these tests only, until `sdgplan.cli` imports it itself (so the
    other tests' view of the command line, docs included, does not depend on the order)."""
    from sdgplan.cli.rounds import round_group

    registered = "round" in cli.commands
    cli.add_command(round_group)
    yield
    if not registered:
        cli.commands.pop("round")


def test_round_through_the_cli(runner, tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        add_users(session, OSLO)
    db = ("--db", url)
    result = run(
        runner,
        "round", "open", "--year", "2022", "--deadline", "2023-02-01",
        "--owner", "fokus-1=kari@example.no", "--owner", "antall=ola", *db,
    )  # fmt: skip
    assert result.stdout == "Åpnet runde 1: årsrapporten 2022, frist 2023-02-01, 4 punkter\n"
    result = run(runner, "round", "list", *db)
    assert result.stdout == (
        "   1  0301  årsrapporten 2022  frist 2023-02-01  åpen  versjoner: -\n"
    )
    result = run(runner, "round", "board", "1", "--items", "--today", "2023-02-02", *db)
    assert result.stdout.splitlines() == [
        "Runde 1: årsrapporten 2022, frist 2023-02-01 (åpen)",
        "Satsingsområde      utfylt     venter    mangler  forsinket      i alt",
        "Fokus 1                  0          0          0          2          2",
        "Fokus 2                  1          0          0          1          2",
        "I alt                    1          0          0          3          4",
        "",
        "Eier                utfylt     venter    mangler  forsinket      i alt",
        "kari@example.no          0          0          0          2          2",
        "ola                      1          0          0          0          1",
        "(ingen eier)             0          0          0          1          1",
        "I alt                    1          0          0          3          4",
        "",
        "forsinket              Tekst: Fokus 1 (2022)  (kari@example.no)",
        "forsinket              Andel (tall)  (kari@example.no)",
        "forsinket              Tekst: Fokus 2 (2022)  (ingen eier)",
        "utfylt                 Antall (tall)  (ola)",
    ]
    result = run(runner, "round", "board", "1", "--owner", "OLA", *db)
    assert result.stdout.splitlines()[1:] == ["utfylt                 Antall (tall)"]
    result = run(runner, "round", "remind", "1", "--today", "2023-01-15", *db)
    assert result.stdout.splitlines() == [
        "Ingen e-posttjener er satt opp (smtp); påminnelsene:",
        "kari@example.no: 2 punkter",
        "  - Tekst: Fokus 1 (2022) (mangler)",
        "  - Andel (tall) (mangler)",
    ]
    result = run(runner, "round", "sign-off", "1", *db, ok=False)
    assert result.stderr == (
        "Feil: 3 punkter i runden er ikke fylt ut\n"
        "Se sdgplan round board 1 --items, eller godkjenn med --incomplete\n"
    )
    result = run(runner, "round", "sign-off", "1", "--incomplete", *db)
    assert result.stdout == "Godkjent: runde 1, øyeblikksbilde versjon 1\n"
    out = tmp_path / "rapport"
    result = run(runner, "round", "report", "1", "--no-pdf", "--out", out, *db)
    assert result.stdout == f"HTML: {out / 'report.html'}\n"
    with session_scope(engine) as session:
        expected = snapshot_html(session, 1, lang="nb")
    assert (out / "report.html").read_text(encoding="utf-8") == expected
    result = run(runner, "round", "list", *db)
    assert result.stdout.endswith("godkjent  versjoner: 1\n")
    result = run(runner, "log", "--format", "json", *db)
    assert f'"who": "{getpass.getuser()}"' in result.stdout
    engine.dispose()


def test_round_errors(runner, tmp_path):
    url = oslo_database(tmp_path)
    db = ("--db", url)
    result = run(runner, "round", "open", "--year", "2022", "--deadline", "1. mai", *db, ok=False)
    assert "Ugyldig verdi for --deadline: '1. mai': skriv ÅÅÅÅ-MM-DD" in result.stderr
    result = run(
        runner, "round", "open", "--year", "2022", "--deadline", "2023-02-01",
        "--owner", "fokus-1", *db, ok=False,
    )  # fmt: skip
    assert "Ugyldig verdi for --owner: 'fokus-1': skriv NØKKEL=BRUKER" in result.stderr
    result = run(runner, "round", "board", "7", *db, ok=False)
    assert result.stderr == "Feil: Ukjent runde: 7\n"
    result = run(runner, "round", "list", *db)
    assert result.stdout == "Ingen runder er åpnet.\n"
