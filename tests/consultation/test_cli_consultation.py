"""`sdgplan consultation open | list | show | moderate | export` on Asker's example (a
consultation on the action programme's proposal) and on Oslo (a consultation of kind other);
the exports read back as CSV, by openpyxl and by pdftotext."""

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest

from sdgplan.cli import cli
from sdgplan.consultation import choose, concerns, submit
from sdgplan.domain.consultation import Input
from sdgplan.store import change_log
from sdgplan.store.change_log import current_user
from sdgplan.store.db import make_engine, session_scope
from tests.consultation.conftest import ASKER, OSLO
from tests.reports.oslo import oslo_database

# 10:30 and 10:31 in Oslo (summer time), within 20 September - 20 October 2023
DURING = dt.datetime(2023, 10, 2, 8, 30, tzinfo=dt.UTC)
OPEN_ASKER = [
    "consultation",
    "open",
    "hp-2024",
    "--title",
    "Handlingsprogram 2024-2027",
    "--document-kind",
    "programme",
    "--document",
    "2024-2027/forslag",
    "--opens",
    "2023-09-20",
    "--closes",
    "2023-10-20",
    "--municipality",
    ASKER,
]
FORMULA = '=HYPERLINK("x")\nandre linje'


def run(runner, url, *args, code=0):
    result = runner.invoke(cli, [*args, "--db", url])
    assert result.exit_code == code, result.output
    return result


def add_submissions(url, municipality, key, forms):
    engine = make_engine(url)
    try:
        for at, form in enumerate(forms):
            with session_scope(engine) as session:
                submit(
                    session,
                    municipality,
                    key,
                    form,
                    address=f"192.0.2.{at}",
                    now=DURING + dt.timedelta(minutes=at),
                )
    finally:
        engine.dispose()


@pytest.fixture
def asker(runner, asker_url):
    """Asker with consultation hp-2024 and four inputs: 1 and 3 with consent, 2 without,
    4 with consent (rejected by the tests that need it)."""
    run(runner, asker_url, *OPEN_ASKER)
    add_submissions(
        asker_url,
        ASKER,
        "hp-2024",
        [
            Input(
                text="Mer til tidlig innsats.",
                consent=True,
                name="Kari Nordmann",
                organisation="FAU Hvalstad skole",
                concerns="tidlig-innsats",
            ),
            Input(text="Hemmelig innspill.", consent=False, name="Ola"),
            Input(text=FORMULA, consent=True, organisation="Velforeningen"),
            Input(text="Reklame for noe.", consent=True),
        ],
    )
    return asker_url


# the Asker example's own consultation (examples/asker/consultations.yaml)
EXAMPLE_LINE = (
    "handlingsprogram-2024-2027  Høring av kommunedirektørens forslag til handlingsprogram "
    "2024-2027  [programme: 2024-2027/forslag]  2023-09-20–2023-10-20  avsluttet  "
    "0 mottatt, 0 publisert, 0 avvist\n"
)


def test_open_on_the_programme_and_unchanged_again(runner, asker_url):
    result = run(runner, asker_url, *OPEN_ASKER)
    assert result.stdout == ("Lagret: høring «hp-2024» for Asker (3203), 2023-09-20–2023-10-20\n")
    assert run(runner, asker_url, *OPEN_ASKER).stdout.startswith("Uendret: ")
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        found = {
            c.key: c.label for c in concerns(session, ASKER, choose(session, ASKER, "hp-2024"))
        }
        log = [
            c
            for c in change_log.load_log(session, ASKER, entity="consultation")
            if c.key == "hp-2024"
        ]
    engine.dispose()
    assert found["tidlig-innsats"] == "Tidlig innsats i barnehage og skole"  # a measure
    assert "fokus-1.0" not in found and len(found) > 10  # and Asker's goals
    assert [(c.action, c.who) for c in log] == [("open", current_user())]


def test_open_refuses_an_unknown_programme_version_and_a_bad_date(runner, asker_url):
    args = [a if a != "2024-2027/forslag" else "2024-2027/utkast" for a in OPEN_ASKER]
    result = run(runner, asker_url, *args, code=1)
    assert result.stderr == (
        "Feil: Handlingsprogrammet 2024-2027 har ingen versjon «utkast»\n"
        "Versjonene: forslag, H, Ap, tilleggsinnstilling, vedtatt\n"
    )
    args = [a if a != "2023-10-20" else "2023-10-32" for a in OPEN_ASKER]
    result = run(runner, asker_url, *args, code=2)
    assert result.stderr.endswith(
        "Feil: Ugyldig verdi for --closes: «2023-10-32» er ikke en dato: skriv ÅÅÅÅ-MM-DD\n"
    )
    result = run(runner, asker_url, "consultation", "list", "--municipality", ASKER)
    assert result.stdout == "Høringer – Asker (3203)\n" + EXAMPLE_LINE  # the example's only


def test_list_and_show(runner, asker):
    result = run(runner, asker, "consultation", "list", "--municipality", ASKER)
    assert result.stdout == (
        "Høringer – Asker (3203)\n"
        + EXAMPLE_LINE
        + "hp-2024  Handlingsprogram 2024-2027  [programme: 2024-2027/forslag]  "
        "2023-09-20–2023-10-20  avsluttet  4 mottatt, 0 publisert, 0 avvist\n"
    )
    result = run(runner, asker, "consultation", "show", "hp-2024", "--municipality", ASKER)
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Handlingsprogram 2024-2027 (hp-2024) – Asker (3203)",
        "Dokument: programme: 2024-2027/forslag; 2023-09-20–2023-10-20, avsluttet",
        "4 innspill vises",
    ]
    assert lines[3] == (
        "   1  2023-10-02 10:30  Kari Nordmann / FAU Hvalstad skole [tidlig-innsats]  "
        "(samtykke, mottatt)"
    )
    assert lines[4] == "      Mer til tidlig innsats."
    assert lines[5] == "   2  2023-10-02 10:31  Ola  (uten samtykke, mottatt)"
    assert lines[8] == '      =HYPERLINK("x") andre linje'  # on one line


def test_moderate_is_all_or_nothing_and_logged(runner, asker):
    result = run(
        runner, asker, "consultation", "moderate", "hp-2024", "1", "2", "--publish", code=1
    )
    assert result.stderr == (
        "Feil: Innspill 2 kan ikke publiseres: avsenderen har ikke samtykket\n"
        "Ingen innspill er endret.\n"
    )
    shown = run(runner, asker, "consultation", "show", "hp-2024", "--status", "published")
    assert shown.stdout.splitlines()[2] == "0 innspill vises av 4"
    result = run(runner, asker, "consultation", "moderate", "hp-2024", "3", "1", "--publish")
    assert result.stdout == "Publisert innspill 1, 3 (hp-2024)\n"
    result = run(runner, asker, "consultation", "moderate", "hp-2024", "4", "--reject")
    assert result.stdout == "Avvist innspill 4 (hp-2024)\n"
    shown = run(runner, asker, "consultation", "show", "hp-2024", "--status", "published")
    assert shown.stdout.splitlines()[2] == "2 innspill vises av 4"
    assert [line[:4] for line in shown.stdout.splitlines()[3::2]] == ["   1", "   3"]
    listed = run(runner, asker, "consultation", "list")
    assert listed.stdout.rstrip().endswith("4 mottatt, 2 publisert, 1 avvist")
    engine = make_engine(asker)
    with session_scope(engine) as session:
        log = change_log.load_log(session, ASKER, entity="consultation_submission")
    engine.dispose()
    moderated = sorted((c.key, c.who, c.new["status"]) for c in log if c.action == "moderate")
    assert moderated == [
        ("hp-2024/1", current_user(), "published"),
        ("hp-2024/3", current_user(), "published"),
        ("hp-2024/4", current_user(), "rejected"),
    ]
    result = run(runner, asker, "consultation", "moderate", "hp-2024", "1", code=2)
    assert "Ugyldig verdi for --publish/--reject: velg en av dem" in result.stderr


@pytest.fixture
def moderated(runner, asker):
    run(runner, asker, "consultation", "moderate", "hp-2024", "1", "--publish")
    run(runner, asker, "consultation", "moderate", "hp-2024", "4", "--reject")
    return asker


HEADER = ["Nr.", "Mottatt", "Navn", "Organisasjon", "Gjelder", "Status", "Innspill"]


def test_export_csv(runner, moderated, tmp_path):
    out = tmp_path / "innspill.csv"
    result = run(runner, moderated, "consultation", "export", "hp-2024", "--out", str(out))
    assert result.stdout == f"Skrevet {out}: 2 innspill\n"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == HEADER
    assert [r[:4] + r[5:] for r in rows[1:]] == [
        [
            "1",
            "2023-10-02 10:30",
            "Kari Nordmann",
            "FAU Hvalstad skole",
            "publisert",
            "Mer til tidlig innsats.",
        ],
        ["3", "2023-10-02 10:32", "", "Velforeningen", "mottatt", "'" + FORMULA],
    ]
    assert rows[1][4] == "tidlig-innsats: Tidlig innsats i barnehage og skole"
    assert rows[2][4] == ""


def test_export_xlsx(runner, moderated, tmp_path):
    out = tmp_path / "innspill.xlsx"
    run(runner, moderated, "consultation", "export", "hp-2024", "--out", str(out))
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "Handlingsprogram 2024-2027"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == ("Høring 20. september 2023–20. oktober 2023, Asker: 2 innspill")
    assert [c.value for c in sheet[4]] == HEADER
    assert all(c.font.bold for c in sheet[4])
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == [1, 3]
    assert rows[0][1] == dt.datetime(2023, 10, 2, 10, 30)  # a real date, in Oslo's time
    assert sheet["B5"].number_format == "yyyy-mm-dd hh:mm"
    assert rows[1][6] == FORMULA and sheet["G6"].data_type == "s"  # text, not a formula
    assert sheet["G5"].alignment.wrap_text
    assert sheet.column_dimensions["G"].width == 80


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_export_pdf_lists_consented_only(runner, moderated, tmp_path):
    out = tmp_path / "innspill.pdf"
    run(runner, moderated, "consultation", "export", "hp-2024", "--out", str(out))
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Handlingsprogram 2024-2027" in text
    assert "Høring 20. september 2023–20. oktober 2023, Asker: 2 innspill" in text
    assert "Innspill 1" in text and "Innspill 3" in text
    assert "Innspill 2" not in text and "Innspill 4" not in text
    assert "Mer til tidlig innsats." in text and "FAU Hvalstad skole" in text
    assert "02.10.2023, 10:30" in text
    assert "Hemmelig" not in text and "Reklame" not in text and "Ola" not in text


def test_export_in_english(runner, moderated, tmp_path):
    out = tmp_path / "innspill.csv"
    result = runner.invoke(
        cli,
        ["--lang", "en", "consultation", "export", "hp-2024", "--out", str(out), "--db", moderated],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}: 2 submissions\n"
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "No.,Received,Name,Organisation,Concerns,Status,Input"
    assert ",published," in out.read_text(encoding="utf-8")


def test_export_refuses_another_suffix(runner, moderated, tmp_path):
    out = tmp_path / "innspill.docx"
    result = run(runner, moderated, "consultation", "export", "hp-2024", "--out", str(out), code=2)
    assert result.stderr.endswith(
        f"Feil: Ugyldig verdi for --out: «{out}»: bruk filendelsen .csv, .xlsx eller .pdf\n"
    )
    assert not out.exists()


def test_oslo_consultation_of_kind_other(runner, tmp_path):
    url = oslo_database(tmp_path)
    result = run(
        runner,
        url,
        "consultation",
        "open",
        "sykkel",
        "--title",
        "Sykkelstrategi",
        "--document-kind",
        "other",
        "--opens",
        "2023-10-01",
        "--closes",
        "2023-10-31",
        "--description",
        "Innspill til sykkelstrategien.",
    )
    assert result.stdout == "Lagret: høring «sykkel» for Oslo (0301), 2023-10-01–2023-10-31\n"
    add_submissions(
        url,
        OSLO,
        "sykkel",
        [
            Input(text="Flere sykkelparkeringer.", consent=True, concerns="fokus-2.1"),
            Input(text="Ikke publiser dette.", consent=False),
        ],
    )
    listed = run(runner, url, "consultation", "list")
    assert "sykkel  Sykkelstrategi  [other]  2023-10-01–2023-10-31  avsluttet  2 mottatt" in (
        listed.stdout
    )
    out = tmp_path / "sykkel.csv"
    run(runner, url, "consultation", "export", "sykkel", "--out", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert [r[0] for r in rows[1:]] == ["1"]
    assert rows[1][4] == "fokus-2.1: Delmål 2.1"
    pdf = tmp_path / "sykkel.pdf"
    run(runner, url, "consultation", "export", "sykkel", "--out", str(pdf))
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Sykkelstrategi" in text and "Oslo: 1 innspill" in text
        assert "Innspill til sykkelstrategien." in text
        assert "Ikke publiser" not in text
    missing = run(runner, url, "consultation", "export", "ukjent", "--out", str(out), code=1)
    assert missing.stderr == "Feil: Ingen høring «ukjent»\nHøringene: sykkel\n"


def test_an_organisation_with_a_consultation_is_kept_and_delete_municipality_removes_them(
    runner, tmp_path
):
    db = ["--db", f"sqlite:///{tmp_path / 'orgs.db'}"]
    added = ["org", "add", "--code", "SE-0180", "--name", "Stockholm", "--country", "SE"]
    assert runner.invoke(cli, [*added, *db]).exit_code == 0
    opened = [
        *("consultation", "open", "samrad", "--title", "Samråd", "--document-kind", "other"),
        *("--opens", "2026-01-05", "--closes", "2026-02-05", "--municipality", "SE-0180"),
    ]
    assert runner.invoke(cli, [*opened, *db]).exit_code == 0
    refused = runner.invoke(cli, ["org", "remove", "SE-0180", *db])
    assert refused.exit_code == 1
    assert "SE-0180 Stockholm har data: 1 høring; ingenting er fjernet" in refused.stderr

    url = oslo_database(tmp_path)
    oslo = [*opened[:-1], OSLO]
    assert runner.invoke(cli, [*oslo, "--db", url]).exit_code == 0
    deleted = runner.invoke(cli, ["delete", "municipality", OSLO, "--yes", "--db", url])
    assert deleted.exit_code == 0, deleted.stderr
    listed = runner.invoke(cli, ["consultation", "list", "--municipality", OSLO, "--db", url])
    assert "Ingen høringer er lagret" in listed.output + listed.stderr
