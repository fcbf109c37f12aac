"""The Excel template and the other observation formats through the CLI, on both databases:
each imports to the same observations as the comma-separated file."""

import csv

import openpyxl

from tests.reports.municipality import write_files
from tests.test_cli import run


def load_oslo(runner, db, files, observations=None):
    run(runner, "import", "plan", files["plan"], "--db", db)
    run(runner, "import", "indicators", files["indicators"], "--db", db)
    run(runner, "import", "observations", observations or files["observations"], "--db", db)


def export(runner, db):
    return run(runner, "export", "observations", "--db", db).stdout


def semicolon_copy(source, target):
    """As Excel saves it in a Norwegian locale: semicolons, decimal commas, status words."""
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    words = {"pending": "Tall kommer", "not_measured": "Ikke målt"}
    for row in rows[1:]:
        row[4] = row[4].replace(".", ",")
        row[5] = words.get(row[5], row[5])
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return target


def test_semicolon_csv_imports_as_the_comma_csv(runner, db_url, tmp_path):
    files = write_files(tmp_path / "oslo")
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    load_oslo(runner, reference, files)
    semicolons = semicolon_copy(files["observations"], tmp_path / "excel.csv")
    assert "8,5;;;Obsmerknad" in semicolons.read_text(encoding="utf-8")
    load_oslo(runner, db_url, files, observations=semicolons)
    assert export(runner, db_url) == export(runner, reference)


def test_template_round_trip(runner, db_url, tmp_path):
    files = write_files(tmp_path / "oslo")
    load_oslo(runner, db_url, files)
    before = export(runner, db_url)
    book = tmp_path / "mal.xlsx"
    result = run(runner, "export", "template", "--out", book, "--db", db_url)
    assert result.stderr == f"Skrevet: {book}\n"
    sheets = openpyxl.load_workbook(book)
    assert sheets.sheetnames == ["Fokus 1", "Fokus 2", "sdgplan"]
    rows = list(sheets["Fokus 1"].iter_rows(values_only=True))
    assert rows == [
        ("indicator_id", "indicator", "unit", "2020", "2021", "2022", "2023"),
        ("andel", "Andel", "enhet", 8.5, 11, "Tall kommer", None),
    ]
    assert sheets["Fokus 1"]["E2"].number_format == "0.0"
    assert sheets["Fokus 1"].freeze_panes == "D2"
    [validation] = sheets["Fokus 1"].data_validations.dataValidation
    assert validation.formula1 == '"Ikke målt,Tall kommer"' and not validation.showErrorMessage

    result = run(runner, "import", "observations", book, "--db", db_url)
    assert result.stdout.startswith("Importert 5 observasjoner -> ")
    assert export(runner, db_url) == before  # display and note kept: nothing changed

    sheets["Fokus 1"]["F2"] = "ikke målt"
    sheets["Fokus 1"]["G2"] = 12.25
    sheets.save(book)
    run(runner, "import", "observations", book, "--db", db_url)
    after = export(runner, db_url)
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert sorted(line.split(",")[9:14] for line in changed) == [
        ["2022", "", "", "not_measured", "Ikke målt"],
        ["2022", "", "", "pending", "Tall kommer"],
        ["2023", "", "12.25", "measured", '"12'],
    ]


def test_template_years_can_be_chosen(runner, db_url, tmp_path):
    load_oslo(runner, db_url, write_files(tmp_path / "oslo"))
    book = tmp_path / "mal.xlsx"
    run(runner, "export", "template", "--years", "2021-2022", "--out", book, "--db", db_url)
    header = next(openpyxl.load_workbook(book)["Fokus 2"].iter_rows(values_only=True))
    assert header == ("indicator_id", "indicator", "unit", "2021", "2022")


def test_a_bad_cell_is_named_by_sheet_and_cell(runner, db_url, tmp_path):
    load_oslo(runner, db_url, write_files(tmp_path / "oslo"))
    before = export(runner, db_url)
    book = tmp_path / "mal.xlsx"
    run(runner, "export", "template", "--out", book, "--db", db_url)
    sheets = openpyxl.load_workbook(book)
    sheets["Fokus 2"]["D2"] = "fire"
    sheets["Fokus 2"]["E2"] = 2030
    sheets.save(book)
    result = run(runner, "import", "observations", book, "--db", db_url, ok=False)
    assert result.stderr == (
        f"FEIL: {book}, Fokus 2!D2: «fire» er ikke et tall\nFeil: {book}: ingenting er lagret\n"
    )
    assert export(runner, db_url) == before


def test_format_overrides_the_suffix(runner, db_url, tmp_path):
    files = write_files(tmp_path / "oslo")
    load_oslo(runner, db_url, files)
    book = tmp_path / "mal.dat"
    run(runner, "export", "template", "--out", book, "--db", db_url)
    result = run(runner, "import", "observations", book, "--db", db_url, ok=False)
    assert result.stderr == (
        f"Feil: Kjenner ikke igjen formatet til {book}\nOppgi formatet med --format csv|xlsx.\n"
    )
    run(runner, "import", "observations", book, "--format", "xlsx", "--db", db_url)
