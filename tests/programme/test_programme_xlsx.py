"""The action programme as an Excel workbook: the template round trip on Asker, balance and
cell errors named by sheet and cell, a fresh template on Oslo, and hostile workbooks."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.domain.programme import (
    Measure,
    MeasureKind,
    Period,
    ProgrammeVersion,
    VersionKind,
)
from sdgplan.errors import FormatError, InvalidData
from sdgplan.exporters.programme_template import blank_programme, programme_workbook
from sdgplan.i18n import use_language
from sdgplan.importers import programme_xlsx, workbook
from sdgplan.importers.programme_xlsx import XlsxProgramme
from sdgplan.programme import import_programme
from sdgplan.store import change_log, programme_repo
from tests.programme.conftest import ASKER, OSLO

PERIOD = "2024-2027"


def run(*args: str):
    return CliRunner().invoke(cli, ["programme", *args])


def asker_workbook(tmp_path: Path, asker_url: str) -> Path:
    path = tmp_path / "hp.xlsx"
    result = run("template", "--from", PERIOD, "--out", str(path), "--db", asker_url)
    assert result.exit_code == 0, result.output
    return path


def edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(path)


def problems(path: Path, session) -> list[str]:
    with pytest.raises(InvalidData) as refused:
        import_programme(session, path, municipality=ASKER, who="test")
    return [str(i) for i in refused.value.issues]


def test_asker_through_the_template_and_back_is_the_stored_programme(
    tmp_path, asker_url, session_of
):
    path = asker_workbook(tmp_path, asker_url)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Program",
        "Tjenesteområder",
        "Versjoner",
        "Tiltak",
        "Inndekning",
        "Investeringer",
        "Økonomi",
    ]
    assert [c.value for c in book["Tiltak"][1]] == [
        "versjon",
        "endring",
        "nøkkel",
        "tekst",
        "type",
        "tjenesteområde",
        "mål",
        "2024",
        "2025",
        "2026",
        "2027",
    ]
    assert [c.value for c in book["Program"]["B"]][-1] == "mill. kr"
    result = run("import", str(path), "--db", asker_url)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Uendret: handlingsprogram 2024-2027 for 3203: forslag, H, Ap, tilleggsinnstilling, "
        "vedtatt\n"
    )
    with session_of(asker_url) as session:
        stored = programme_repo.load_programme(session, ASKER, PERIOD)
    assert XlsxProgramme(path).read(municipality=ASKER).data == stored


def test_an_edited_workbook_replaces_the_programme(tmp_path, asker_url, session_of):
    path = asker_workbook(tmp_path, asker_url)
    edit(path, "Tiltak", {"K5": -150, "D5": "Omstilling, skjerpet"})  # omstilling, 2027
    edit(path, "Versjoner", {"E2": "20.9.2023"})  # a date as typed in Norway
    with session_of(asker_url) as session:
        imported = import_programme(session, path, municipality=ASKER, who="test")
        stored = programme_repo.load_programme(session, ASKER, PERIOD)
        entry = change_log.load_log(session, ASKER, limit=1, entity="programme")[0]
    assert imported.replaced
    omstilling = stored.version("forslag").measures[3]
    assert (omstilling.text, omstilling.amounts[2027]) == (
        "Omstilling, skjerpet",
        Decimal(-150_000_000),
    )
    assert stored.version("forslag").date == dt.date(2023, 9, 20)
    assert entry.source == str(path)


def test_an_amendment_out_of_balance_in_2026_names_the_version_row_and_the_deficit(
    tmp_path, asker_url, session_of
):
    path = asker_workbook(tmp_path, asker_url)
    edit(path, "Inndekning", {"F2": 0.5})  # H pays 0,5 mill. kr instead of 2 in 2026
    with session_of(asker_url) as session:
        before = programme_repo.load_programme(session, ASKER, PERIOD)
        assert problems(path, session) == [
            f"{path}, Versjoner!3: Endringsforslaget fra H er ikke i balanse: 2026: -1,5 mill. kr"
        ]
        assert programme_repo.load_programme(session, ASKER, PERIOD) == before
    result = run("import", str(path), "--db", asker_url)
    assert result.exit_code == 1
    assert "Versjoner!3: Endringsforslaget fra H er ikke i balanse: 2026: -1,5" in result.output
    assert "ingenting er lagret" in result.output


@pytest.mark.parametrize(
    ("sheet", "cells", "expected"),
    [
        ("Tiltak", {"J2": "tolv"}, "Tiltak!J2: «tolv» er ikke et beløp"),
        (
            "Tiltak",
            {"E2": "ny"},
            "Tiltak!E2: Ugyldig «type»: «ny»; bruk new, demography, restructuring, price-wage",
        ),
        (
            "Tiltak",
            {"F2": "skule"},
            "Tiltak!F2: Ukjent «tjenesteområde»: «skule»; kjente: administrasjon, "
            "medborgerskap, oppvekst, samfunnstjenester, samfunnsutvikling, velferd",
        ),
        (
            "Tiltak",
            {"G2": "god-utdanning.9"},
            "Tiltak!G2: Ukjent mål eller strategi «god-utdanning.9»: ikke i den lagrede planen",
        ),
        ("Tiltak", {"D3": None}, "Tiltak!D3: Mangler «tekst»"),
        ("Tiltak", {"B9": "ny"}, "Tiltak!B9: Ugyldig «endring»: «ny»; bruk add, remove, change"),
        (
            "Tiltak",
            {"A9": "FrP"},
            "Tiltak!A9: Ukjent «versjon»: «FrP»; kjente: forslag, H, Ap, tilleggsinnstilling, "
            "vedtatt",
        ),
        ("Tiltak", {"L1": "2029"}, "Tiltak!L1: Året 2029 er utenfor perioden 2024-2027"),
        ("Versjoner", {"C3": None}, "Versjoner!C3: Mangler «parti»"),
        (
            "Versjoner",
            {"E2": "i høst"},
            "Versjoner!E2: «i høst» er ikke en dato (ÅÅÅÅ-MM-DD)",
        ),
        (
            "Program",
            {"B4": "2024-27"},
            "Program!B4: «2024-27» er ikke en periode (skriv f.eks. 2024-2027, høyst 10 år)",
        ),
        ("Program", {"B6": "kanskje"}, "Program!B6: Skriv true eller false"),
        ("Økonomi", {"F5": None}, "Økonomi!F5: Mangler «net_debt»"),
        (
            "Inndekning",
            {"A2": "forslag"},
            "Inndekning!A2: Inndekning hører til endringslistene, ikke til den første versjonen",
        ),
    ],
)
def test_a_bad_cell_is_named_by_sheet_and_cell(
    sheet, cells, expected, tmp_path, asker_url, session_of
):
    path = asker_workbook(tmp_path, asker_url)
    edit(path, sheet, cells)
    with session_of(asker_url) as session:
        assert problems(path, session) == [f"{path}, {expected}"]


def test_an_unknown_sheet_and_column_are_named(tmp_path, asker_url, session_of):
    path = asker_workbook(tmp_path, asker_url)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Notater")["A1"] = "husk"
    book["Inndekning"]["H1"] = "kommentar"
    book.save(path)
    with session_of(asker_url) as session:
        assert problems(path, session) == [
            f"{path}, Notater: Ukjent ark «Notater»; tillatt: Program, Tjenesteområder, "
            "Versjoner, Tiltak, Inndekning, Investeringer, Økonomi",
        ]
    del book["Notater"]
    book.save(path)
    with session_of(asker_url) as session:
        assert problems(path, session) == [
            f"{path}, Inndekning!1: Ukjent kolonne: kommentar; tillatt: versjon, nøkkel, "
            "tekst, ÅÅÅÅ",
        ]


def test_the_english_workbook_reads_the_same(tmp_path, asker_url, session_of):
    with session_of(asker_url) as session:
        stored = programme_repo.load_programme(session, ASKER, PERIOD)
    with use_language("en"):
        content = programme_workbook(stored)
    path = tmp_path / "programme.xlsx"
    path.write_bytes(content)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["Programme", "Service areas", "Versions", "Measures"]
    assert [c.value for c in book["Service areas"][1]][:3] == ["key", "name", "frame 2024"]
    assert XlsxProgramme(path).read(municipality=ASKER).data == stored


OSLO_MEASURES = [
    ["forslag", None, "lesing", "Lesesatsing", "new", "skole", "fokus-1.1", 0.1, 0.1],
    ["V", "add", "byrom", "Byrom", "new", None, "fokus-2.1, fokus-1.2", 0.04, 0.04],
    ["V", "change", "lesing", None, None, None, None, 0.06, 0.06],
]


def test_oslo_fills_a_fresh_template_for_a_period(tmp_path, oslo_url, session_of):
    path = tmp_path / "oslo.xlsx"
    result = run("template", "--period", "2025-2026", "--out", str(path), "--db", oslo_url)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Program"]["B"]][2:4] == [OSLO, "2025-2026"]
    assert [c.value for c in book["Versjoner"][2]] == ["forslag", "proposal", None, None, None]
    assert book["Tjenesteområder"].max_row == 1  # no programme stored: no service areas
    book["Tjenesteområder"].append(["skole", "Skole", 1, 1])
    book["Versjoner"].append(["V", "amendment", "V", "forslag"])
    for row in OSLO_MEASURES:
        book["Tiltak"].append(row)
    book.save(path)
    result = run("import", str(path), "--db", oslo_url)
    assert result.exit_code == 0, result.output
    assert result.output == "Lagret: handlingsprogram 2025-2026 for 0301: forslag, V\n"
    with session_of(oslo_url) as session:
        stored = programme_repo.load_programme(session, OSLO, "2025-2026")
    assert stored.measures("V") == [
        Measure("lesing", "Lesesatsing", MeasureKind.NEW, {2025: 60_000, 2026: 60_000}, "skole",
                ("fokus-1.1",)),
        Measure("byrom", "Byrom", MeasureKind.NEW, {2025: 40_000, 2026: 40_000}, None,
                ("fokus-2.1", "fokus-1.2")),
    ]  # fmt: skip
    # the next period's template has the service areas of the stored programme
    later = tmp_path / "oslo-2027.xlsx"
    result = run("template", "--period", "2027-2030", "--out", str(later), "--db", oslo_url)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(later)["Tjenesteområder"].iter_rows(values_only=True))
    assert rows == [
        ("nøkkel", "navn", "ramme 2027", "ramme 2028", "ramme 2029", "ramme 2030",
         "årsverk 2026", "andel 2026"),
        ("skole", "Skole", None, None, None, None, None, None),
    ]  # fmt: skip


def test_the_template_needs_one_of_period_and_from(tmp_path, oslo_url):
    out = str(tmp_path / "x.xlsx")
    for args in ([], ["--period", "2025-2026", "--from", "2025-2026"]):
        result = run("template", "--out", out, *args, "--db", oslo_url)
        assert result.exit_code == 2
        assert "--period/--from: oppgi den ene av dem" in result.output
    result = run("template", "--out", out, "--period", "2025", "--db", oslo_url)
    assert result.exit_code == 2
    assert "«2025» er ikke en periode" in result.output
    result = run("template", "--out", out, "--from", "2019-2022", "--db", oslo_url)
    assert result.exit_code == 1
    assert not Path(out).exists()


# -- hostile workbooks ------------------------------------------------------------------


def test_texts_that_look_like_formulas_stay_texts(tmp_path, oslo_url, session_of):
    texts = ['=HYPERLINK("http://x.invalid","klikk")', "+47 tiltak", "@SUM(A1)", "-bare tekst"]
    measures = tuple(
        Measure(f"m{i}", text, MeasureKind.NEW, {2025: Decimal(i)}) for i, text in enumerate(texts)
    )
    blank = blank_programme(municipality=OSLO, period=Period(2025, 2026))
    proposal = ProgrammeVersion("forslag", VersionKind.PROPOSAL, measures=measures)
    programme = replace(blank, versions=(proposal,))
    path = tmp_path / "texts.xlsx"
    path.write_bytes(programme_workbook(programme))
    cells = [c for ws in openpyxl.load_workbook(path).worksheets for r in ws.iter_rows() for c in r]
    assert not any(c.data_type == "f" for c in cells)
    with session_of(oslo_url) as session:
        import_programme(session, path, municipality=OSLO, who="test")
        stored = programme_repo.load_programme(session, OSLO, "2025-2026")
    assert [m.text for m in stored.version("forslag").measures] == texts


def test_a_formula_without_a_saved_value_is_an_empty_cell(tmp_path, asker_url, session_of):
    path = asker_workbook(tmp_path, asker_url)
    edit(path, "Tiltak", {"C2": '=CONCAT("demografi-", "oppvekst")', "H2": "=40+0"})
    with session_of(asker_url) as session:
        assert problems(path, session) == [f"{path}, Tiltak!C2: Mangler «nøkkel»"]


def test_a_sheet_over_the_row_limit_is_refused(tmp_path, asker_url, session_of, monkeypatch):
    path = asker_workbook(tmp_path, asker_url)
    book = openpyxl.load_workbook(path)
    for number in range(40):
        book["Tiltak"].append(["forslag", None, f"m{number}", "Tiltak", "new"])
    book.save(path)
    monkeypatch.setattr(programme_xlsx, "MAX_ROWS", 50)
    with session_of(asker_url) as session:
        assert problems(path, session) == [
            f"{path}, Tiltak: Arket har mer enn 50 rader; del det opp"
        ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_text("key,name\n", encoding="utf-8"), "kan ikke leses som Excel"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "kan ikke leses som"),
    ],
)
def test_a_file_that_is_no_workbook(make, expected, tmp_path, oslo_url):
    path = tmp_path / "hp.xlsx"
    make(path)
    result = run("import", str(path), "--db", oslo_url)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_workbook_over_the_unpacked_limit(tmp_path, asker_url, monkeypatch):
    path = asker_workbook(tmp_path, asker_url)
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 10_000)
    with pytest.raises(FormatError, match="arbeidsboken er for stor"):
        XlsxProgramme(path)


def test_a_workbook_without_the_programme_sheet(tmp_path, oslo_url):
    path = tmp_path / "hp.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Tiltak"
    book.save(path)
    parsed = XlsxProgramme(path).read(municipality=OSLO)
    assert [str(i) for i in parsed.issues] == [
        f"{path}: Arbeidsboken har ingen av arkene Program, Programme"
    ]
