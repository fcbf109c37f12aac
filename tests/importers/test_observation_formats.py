"""Observations in every format read alike: comma or semicolon CSV, decimal point or comma,
status codes or words, Excel tidy or template; ambiguous files are refused with a way out."""

import openpyxl
import pytest

from sdgplan.domain.indicators import Indicator, ObservationContext, ObservationStatus
from sdgplan.errors import FormatError
from sdgplan.exporters.template import sheet_names
from sdgplan.i18n import use_language
from sdgplan.importers.observations import Decimal, read_observations_file
from sdgplan.importers.observations_csv import read_observations
from sdgplan.reference import find_municipality
from tests.importers.issues import located

OSLO = find_municipality("0301")
CONTEXT = ObservationContext(
    indicators={"andel": Indicator("andel", "Andel", "%"), "antall": Indicator("antall", "Antall")},
    areas={},
)
COMMA = (
    "indicator_id,area,period,breakdown,value,status,note\n"
    "andel,0301,2020,,8.5,,Merknad\n"
    "andel,0301,2021,,11.0,,\n"
    "andel,0301,2022,,,pending,\n"
    "antall,0301,2020,,105473,,\n"
    "antall,0301,2021,,,not_measured,\n"
)
SEMICOLON = (
    "indicator_id;area;period;breakdown;value;status;note\n"
    "andel;0301;2020;;8,5;;Merknad\n"
    "andel;0301;2021;;11,0;;\n"
    "andel;0301;2022;;;Tall kommer;\n"
    "antall;0301;2020;;105\u00a0473;;\n"
    "antall;0301;2021;;Ikke målt;;\n"
)


def read(text, **kwargs):
    return read_observations(text, source="o.csv", context=CONTEXT, municipality=OSLO, **kwargs)


def errors(parsed):
    return [located(i) for i in parsed.issues]


def test_semicolons_with_decimal_commas_read_as_the_comma_file():
    comma, semicolon = read(COMMA), read(SEMICOLON)
    assert comma.ok and semicolon.ok, errors(semicolon)
    assert semicolon.data.observations == comma.data.observations
    assert [o.decimals for o in semicolon.data.observations] == [1, 1, None, 0, None]


def test_semicolons_with_decimal_points_are_read_too():
    parsed = read(SEMICOLON.replace("8,5", "8.5").replace("11,0", "11.0").replace("\u00a0", ""))
    assert parsed.ok, errors(parsed)
    assert parsed.data.observations == read(COMMA).data.observations


@pytest.mark.parametrize("word", ["Ikke målt", "ikke MÅLT", "Not measured", "not_measured"])
def test_status_words_as_printed_are_accepted(word):
    parsed = read(f"indicator_id,area,period,status\nandel,0301,2020,{word}\n")
    assert parsed.ok, errors(parsed)
    assert parsed.data.observations[0].status is ObservationStatus.NOT_MEASURED


def test_status_codes_stay_exact():
    parsed = read("indicator_id,area,period,status\nandel,0301,2020,PENDING\n")
    assert errors(parsed) == [
        "o.csv, 2:4: Ukjent status «PENDING»; bruk measured, not_measured, pending"
    ]


def test_a_comma_that_may_be_a_thousands_separator_is_refused_with_a_way_out():
    text = "indicator_id;area;period;value\nantall;0301;2020;1,234\nantall;0301;2021;7\n"
    parsed = read(text)
    assert parsed.data is None
    assert errors(parsed) == [
        "o.csv, 2:4: «1,234» kan være 1,234 med desimalkomma eller 1234 med tusenskille: er "
        "det desimaler, oppgi at desimaltegnet er komma; ellers skriv 1234"
    ]
    with use_language("en"):
        english = read(text)
    assert [i.message for i in english.issues] == [
        "'1,234' may be 1.234 with a decimal comma or 1234 with a thousands separator: if "
        "these are decimals, say that the decimal separator is a comma; otherwise write 1234"
    ]
    chosen = read(text, decimal=Decimal.COMMA)
    assert chosen.ok and chosen.data.observations[0].value == 1.234


def test_another_comma_value_settles_it():
    parsed = read("indicator_id;area;period;value\nantall;0301;2020;1,234\nantall;0301;2021;1,5\n")
    assert parsed.ok, errors(parsed)
    assert [o.value for o in parsed.data.observations] == [1.234, 1.5]


def test_mixed_decimal_marks_are_refused():
    text = "indicator_id;area;period;value\nandel;0301;2020;1.5\nandel;0301;2021;2,5\n"
    assert errors(read(text)) == [
        "o.csv, 3:4: Verdien «2,5» har desimalkomma, men linje 2 har desimalpunktum («1.5»): "
        "skriv alle verdier på samme måte"
    ]
    with use_language("en"):
        english = read(text)
    assert [i.message for i in english.issues] == [
        "The value '2,5' has a decimal comma, but line 2 has a decimal point ('1.5'): write "
        "every value the same way"
    ]


def test_comma_files_keep_the_decimal_point():
    parsed = read('indicator_id,area,period,value\nandel,0301,2020,"15,1"\n')
    assert errors(parsed) == ["o.csv, 2:4: «15,1» er ikke et tall (bruk punktum)"]


def write_book(path, rows, title="observations", formats=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    book.save(path)
    return path


def test_tidy_xlsx_reads_as_the_csv(tmp_path):
    rows = [
        ["indicator_id", "area", "period", "breakdown", "value", "status", "note"],
        ["andel", "0301", 2020, None, 8.5, None, "Merknad"],
        ["andel", "0301", 2021, None, 11, None, None],
        ["andel", "0301", 2022, None, "Tall kommer", None, None],
        ["antall", "0301", 2020, None, 105473, None, None],
        ["antall", "0301", 2021, None, None, "Ikke målt", None],
    ]
    path = write_book(tmp_path / "o.xlsx", rows, formats={"E3": "0.0"})
    parsed = read_observations_file(path, context=CONTEXT, municipality=OSLO)
    assert parsed.ok, errors(parsed)
    assert parsed.data.observations == read(COMMA).data.observations


def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path):
    rows = [["indicator_id", "area", "period", "value"], ["andel", "0301", 2020, "mye"]]
    path = write_book(tmp_path / "o.xlsx", rows, title="Tall")
    parsed = read_observations_file(path, context=CONTEXT, municipality=OSLO)
    assert errors(parsed) == [f"{path}, Tall!D2: «mye» er ikke et tall"]


def test_a_file_that_is_not_a_workbook_is_a_format_error(tmp_path):
    path = tmp_path / "o.xlsx"
    path.write_text("indicator_id,area\n", encoding="utf-8")
    with pytest.raises(FormatError, match="kan ikke leses som Excel-arbeidsbok"):
        read_observations_file(path, context=CONTEXT, municipality=OSLO)
    with use_language("en"), pytest.raises(FormatError, match="cannot be read as an Excel"):
        read_observations_file(path, context=CONTEXT, municipality=OSLO)


def test_sheet_names_are_safe_and_unique():
    names = sheet_names(["Økonomi", "ØKONOMI", "A/B: [x]?", "x" * 40, "x" * 40, "sdgplan", "'"])
    assert names == [
        "Økonomi",
        "ØKONOMI (2)",
        "A-B- -x--",
        "x" * 31,
        "x" * 27 + " (2)",
        "sdgplan (2)",
        "Ark",
    ]
