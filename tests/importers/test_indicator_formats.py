"""Indicator definitions read alike from YAML and Excel: the Asker file survives a round trip
through the workbook, bad cells are errors naming sheet, cell and value, and nothing is
saved; a second municipality fills in the documented layout by hand."""

from pathlib import Path

import openpyxl
import pytest

from sdgplan.cli.indicators import import_indicators
from sdgplan.domain.indicators import GoalRef, Indicator, IndicatorSet
from sdgplan.domain.plan_keys import assign_keys
from sdgplan.errors import FormatError, InvalidData
from sdgplan.examples import example_path
from sdgplan.exporters.indicators import INDICATOR_EXPORTERS, indicators_workbook, indicators_yaml
from sdgplan.i18n import use_language
from sdgplan.importers import import_plan_file, workbook
from sdgplan.importers.indicators import INDICATOR_IMPORTERS, open_indicators, read_indicator_file
from sdgplan.importers.indicators.xlsx import SHEETS
from sdgplan.loading import load_indicators
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.importers.issues import located
from tests.reports.municipality import NUMBER, load_files, write_files
from tests.test_cli import run


@pytest.fixture(scope="module")
def asker_version():
    """Asker's adopted plan with keys, as the database would give it."""
    plan = import_plan_file(example_path("asker", "plan-adopted.yaml")).plan
    version = plan.versions[0]
    assign_keys(version)
    return version


@pytest.fixture(scope="module")
def asker_indicators(asker_version):
    parsed = read_indicator_file(example_path("asker", "indicators.yaml"), plan=asker_version)
    assert parsed.ok, parsed.issues
    return parsed.data


def test_asker_round_trips_through_the_workbook(asker_version, asker_indicators, tmp_path):
    path = tmp_path / "indikatorer.xlsx"
    path.write_bytes(indicators_workbook(asker_indicators, municipality="3203"))
    parsed = read_indicator_file(path, plan=asker_version)
    assert parsed.issues == []
    assert parsed.data == asker_indicators
    assert len(parsed.data.indicators) == 175 and len(parsed.data.tables) == 54
    climate = next(i for i in parsed.data.indicators if i.key == "klima-direkte-utslipp")
    assert (climate.target.change, climate.target.reached_change) == (-67, -44)
    assert open_indicators(path).declared() == ("3203", None)


def test_asker_round_trips_through_the_yaml_export(asker_version, asker_indicators, tmp_path):
    path = tmp_path / "indikatorer.yaml"
    path.write_bytes(INDICATOR_EXPORTERS["yaml"](asker_indicators, municipality="3203"))
    parsed = read_indicator_file(path, plan=asker_version)
    assert parsed.issues == []
    assert parsed.data == asker_indicators
    assert "  threshold: '> 10 %'\n" in indicators_yaml(asker_indicators, municipality="3203")


def test_the_workbook_has_the_documented_sheets(asker_indicators, tmp_path):
    path = tmp_path / "i.xlsx"
    path.write_bytes(indicators_workbook(asker_indicators, municipality="3203"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*SHEETS, "sdgplan"]
    indicators = book["indicators"]
    assert [c.value for c in indicators[1]] == list(SHEETS["indicators"])
    first = {h.value: c.value for h, c in zip(indicators[1], indicators[2], strict=True)}
    assert first["key"] == "okonomi-disposisjonsfond"
    assert (first["threshold"], first["focus_area"], first["goal"]) == (
        "> 10 %",
        "Økonomi",
        "okonomi.1",
    )
    codes = [row[0].value for row in book["areas"].iter_rows(min_row=2)]
    assert codes[:3] == ["0220", "0627", "0628"]  # text, leading zeros kept
    assert [[c.value for c in row] for row in book["sdgplan"].iter_rows()] == [
        ["format", "sdgplan-indicators"],
        ["format_version", "1"],
        ["municipality", "3203"],
        ["years", "2009-2032"],
    ]


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


INDICATOR_HEADER = ["key", "name", "unit", "threshold", "focus_area", "goal"]


def test_bad_cells_are_named_by_sheet_cell_and_value(asker_version, tmp_path):
    path = write_book(
        tmp_path / "bad.xlsx",
        {
            "indicators": [
                INDICATOR_HEADER,
                ["a", "A", "%", "omtrent 10", "okonomi", "okonomi.1"],
                ["b", "B", None, "> 3 %", "Økonomi", "okonomi.9"],
                ["a", "A igjen", None, None, None, None],
            ]
        },
    )
    parsed = read_indicator_file(path, plan=asker_version)
    assert parsed.data is not None and not parsed.ok
    assert [located(i) for i in parsed.issues] == [
        f"{path}, indicators!D2: «omtrent 10» er ikke en terskel (skriv f.eks. «> 10 %» eller "
        "«10-20 %»)",
        f"{path}, indicators!F3: Ukjent mål i «Økonomi»: «okonomi.9»; gyldige: 0 (okonomi.0), "
        "1 (okonomi.1), 2 (okonomi.2) (0 = hovedmål), eller målets tekst",
        f"{path}, indicators!A4: Nøkkelen «a» er brukt to ganger",
    ]
    with use_language("en"):
        english = read_indicator_file(path, plan=asker_version)
    assert [i.message for i in english.issues][1:] == [
        "Unknown goal in 'Økonomi': 'okonomi.9'; valid: 0 (okonomi.0), 1 (okonomi.1), "
        "2 (okonomi.2) (0 = main goal), or the goal's text",
        "The key 'a' is used twice",
    ]


def test_goals_by_number_key_or_text_with_commas(asker_version, tmp_path):
    area = next(a for a in asker_version.focus_areas if a.name == "Medarbeidere")
    goal = next(g for g in area.goals if "," in g.text)
    path = write_book(
        tmp_path / "goals.xlsx",
        {
            "indicators": [
                INDICATOR_HEADER,
                ["a", "A", None, None, "okonomi", "0, okonomi.2,"],
                ["b", "B", None, None, "Økonomi", 1],
                ["c", "C", None, None, "Medarbeidere", goal.text],
            ]
        },
    )
    parsed = read_indicator_file(path, plan=asker_version)
    assert parsed.ok, parsed.issues
    keys = [[g.key for g in i.goals] for i in parsed.data.indicators]
    assert keys == [["okonomi.0", "okonomi.2"], ["okonomi.1"], [goal.key]]


def test_the_shape_of_the_workbook_is_checked(tmp_path):
    path = write_book(
        tmp_path / "shape.xlsx",
        {
            "indicators": [["key", "navn"], ["a", "A"]],
            "areas": [["code", "name", "kind"], ["x", "X", "district"]],
            "Notater": [["bare tekst"]],
            "Ark1": [],
            "sdgplan": [["format", "sdgplan-observations-template"], ["kommune", "3203"]],
        },
    )
    parsed = read_indicator_file(path, plan=None)
    assert parsed.data is None
    assert [located(i) for i in parsed.issues] == [
        f"{path}, Notater!1: Ukjent ark «Notater»; tillatt: indicators, areas, "
        "goals_under_development, tables, labels, sdgplan",
        f"{path}, indicators!1: Mangler kolonne: name",
        f"{path}, indicators!1: Ukjent kolonne: navn; tillatt: " + ", ".join(SHEETS["indicators"]),
        f"{path}, sdgplan!B1: Ukjent format «sdgplan-observations-template»; ventet "
        "sdgplan-indicators",
        f"{path}, sdgplan!A2: Ukjent nøkkel «kommune» i arket «sdgplan»; tillatt: format, "
        "format_version, municipality, years",
    ]


def test_tables_and_labels(tmp_path):
    path = write_book(
        tmp_path / "tables.xlsx",
        {
            "indicators": [["key", "name"], ["a", "A"], ["b", "B"]],
            "tables": [
                ["key", "title", "section", "rows", "columns", "indicators"],
                ["t", "T", "S", "indicator", "breakdown, period", "a, b"],
                ["u", "U", "S", "fylke", None, "a, c"],
            ],
            "labels": [
                ["table", "value", "label"],
                ["t", "2022", "per 2022"],
                ["t", "2022", "igjen"],
                ["v", "a", "A"],
            ],
        },
    )
    parsed = read_indicator_file(path, plan=None)
    assert [located(i) for i in parsed.issues] == [
        f"{path}, labels!B3: «2022» har alt en etikett i tabellen «t»",
        f"{path}, labels!A4: Ukjent tabell «v»",
        f"{path}, tables!F3: Ukjent indikator «c» i tabellen",
        f"{path}, tables!D3: Ukjent dimensjon «fylke»; bruk area, period, indicator, breakdown",
    ]
    table = parsed.data.tables[0]
    assert (table.columns, table.indicators, table.labels) == (
        ("breakdown", "period"),
        ("a", "b"),
        {"2022": "igjen"},
    )


def test_files_that_are_not_workbooks_or_too_large_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "i.xlsx"
    path.write_text("key,name\n", encoding="utf-8")
    with pytest.raises(FormatError, match="kan ikke leses som Excel-arbeidsbok"):
        open_indicators(path)
    write_book(path, {"indicators": [["key", "name"], ["a", "A" * 5000]]})
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 10_000)
    with pytest.raises(FormatError, match=r"arbeidsboken er for stor \(0 MB pakket ut\)"):
        open_indicators(path)


def test_format_by_suffix_or_name(tmp_path):
    path = tmp_path / "i.txt"
    path.write_text("indicators: []\n", encoding="utf-8")
    with pytest.raises(FormatError) as error:
        open_indicators(path)
    assert error.value.hint == "Oppgi formatet: yaml, xlsx"
    assert open_indicators(path, format="yaml").read(plan=None).ok
    with use_language("en"), pytest.raises(FormatError, match="Unknown format: csv"):
        open_indicators(path, format="csv")
    choices = next(p for p in import_indicators.params if p.name == "format_name").type.choices
    assert list(choices) == list(INDICATOR_IMPORTERS)


OSLO_SHEETS = {
    "indicators": [
        [
            "key",
            "name",
            "unit",
            "direction",
            "threshold",
            "source",
            "notes",
            "focus_area",
            "goal",
            "bands_desired",
            "bands_acceptable",
        ],
        ["andel", "Andel", "enhet", "higher", "> 10", "Kilde", "Merknad", "Fokus 1", 1, None, None],
        ["antall", "Antall", None, "lower", None, None, None, "Fokus 2", "1", "0-5", "5-8"],
    ],
    "areas": [["code", "name", "kind"], ["bydel-1", "Bydel", "district"]],
    "goals_under_development": [["focus_area", "goal"], ["Fokus 1", 2]],
    "tables": [
        ["key", "title", "section", "source", "header", "rows", "columns", "indicators", "note"],
        [
            "sammenligning",
            "Tabell",
            "Kapittel 2",
            "Tabellkilde",
            "Hjørne",
            "area",
            "period",
            "andel",
            "Tabellmerknad",
        ],
    ],
    "labels": [
        ["table", "value", "label"],
        ["sammenligning", NUMBER, "Oslo-etikett"],
        ["sammenligning", "2021", "År 2021"],
    ],
    "sdgplan": [["format", "sdgplan-indicators"], ["municipality", NUMBER], ["years", "2015-2025"]],
}


@pytest.fixture
def oslo(tmp_path):
    """Oslo's files loaded into a SQLite database: the engine and the files."""
    files = write_files(tmp_path / "oslo")
    engine = make_engine(f"sqlite:///{tmp_path / 'oslo.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, files)
    yield engine, files
    engine.dispose()


def test_a_second_municipality_fills_in_the_workbook(oslo, tmp_path):
    engine, files = oslo
    path = write_book(tmp_path / "oslo.xlsx", OSLO_SHEETS)
    with session_scope(engine) as session:
        _, version = plan_repo.load_plan_version(session, municipality=NUMBER)
        stored = indicator_repo.load_indicator_set(session, NUMBER)
        data, issues = load_indicators(session, path)
        assert issues == []
        assert indicator_repo.load_indicator_set(session, NUMBER) == stored
    from_yaml = read_indicator_file(files["indicators"], plan=version)
    assert data == from_yaml.data


def test_a_bad_workbook_saves_nothing(oslo, tmp_path):
    engine, _files = oslo
    sheets = {name: [list(row) for row in rows] for name, rows in OSLO_SHEETS.items()}
    sheets["indicators"][1][1] = "Nytt navn"  # valid, but must not be saved
    sheets["indicators"][1][4] = "mer enn 10"
    sheets["indicators"].append(["andel", "Andel igjen"])
    sheets["indicators"].append(["ny", "Ny", None, None, None, None, None, "Fokus 1", "okonomi.1"])
    path = write_book(tmp_path / "bad.xlsx", sheets)
    with session_scope(engine) as session:
        before = indicator_repo.load_indicator_set(session, NUMBER)
    with pytest.raises(InvalidData) as error, session_scope(engine) as session:
        load_indicators(session, path)
    assert [located(i) for i in error.value.issues] == [
        f"{path}, indicators!E2: «mer enn 10» er ikke en terskel (skriv f.eks. «> 10 %» eller "
        "«10-20 %»)",
        f"{path}, indicators!A4: Nøkkelen «andel» er brukt to ganger",
        f"{path}, indicators!I5: Ukjent mål i «Fokus 1»: «okonomi.1»; gyldige: 0 (fokus-1.0), "
        "1 (fokus-1.1), 2 (fokus-1.2) (0 = hovedmål), eller målets tekst",
    ]
    with session_scope(engine) as session:
        assert indicator_repo.load_indicator_set(session, NUMBER) == before


def test_import_indicators_from_excel_through_the_cli(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    files = write_files(tmp_path / "oslo")
    run(runner, "import", "plan", files["plan"], "--db", db)
    path = write_book(tmp_path / "oslo.data", OSLO_SHEETS)
    result = run(runner, "import", "indicators", path, "--format", "xlsx", "--db", db)
    assert result.stdout.startswith("Importert") and "2 indikatorer" in result.stdout


def test_the_workbook_layout_is_documented():
    text = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    for name in INDICATOR_IMPORTERS:
        assert f"`{name}`" in text
    for sheet, columns in SHEETS.items():
        assert f"| `{sheet}` |" in text
        for column in columns:
            assert f"`{column}`" in text, column


def test_texts_a_workbook_cannot_hold_and_goals_without_keys(asker_version, tmp_path):
    goal = asker_version.focus_areas[0].goals[0]
    data = IndicatorSet(
        indicators=[
            Indicator("a", "Bjelle\x07 og =1+1", goals=(GoalRef("Økonomi", goal.text),)),
        ]
    )
    path = tmp_path / "i.xlsx"
    path.write_bytes(indicators_workbook(data, municipality="3203"))
    parsed = read_indicator_file(path, plan=asker_version)
    assert parsed.ok, parsed.issues
    [indicator] = parsed.data.indicators
    assert indicator.name == "Bjelle\ufffd og =1+1"
    assert [g.key for g in indicator.goals] == [goal.key]  # by its text, now with its key


def test_export_indicators_command_round_trips(runner, tmp_path):
    """`export indicators` writes what `import indicators` reads back to the same set."""
    from tests.reports.oslo import oslo_database

    url = oslo_database(tmp_path)
    book = tmp_path / "indikatorer.xlsx"
    run(runner, "export", "indicators", "--db", url, "--format", "xlsx", "--out", book)
    text = run(runner, "export", "indicators", "--db", url).stdout
    assert text.startswith("# sdgplan indicator file")
    refused = run(runner, "export", "indicators", "--db", url, "--format", "xlsx", ok=False)
    assert "--out" in refused.stderr
    engine = make_engine(url)
    with session_scope(engine) as session:
        before = indicator_repo.load_indicator_set(session, NUMBER)
    run(runner, "import", "indicators", book, "--db", url)
    yaml_file = tmp_path / "indikatorer.yaml"
    yaml_file.write_text(text, encoding="utf-8")
    run(runner, "import", "indicators", yaml_file, "--db", url)
    with session_scope(engine) as session:
        assert indicator_repo.load_indicator_set(session, NUMBER) == before
    engine.dispose()
