"""The method tool's table (issue 15): reading and writing YAML and xlsx, the store, the
CLI, the Asker example and a second municipality."""

import subprocess
import textwrap

import openpyxl
import pytest
from sqlalchemy import func, select

from sdgplan.cli import cli
from sdgplan.domain.issues import Severity
from sdgplan.domain.method import (
    Aggregation,
    MethodCycle,
    MethodRow,
    MethodTable,
    read_target,
)
from sdgplan.errors import InvalidData, NotFound
from sdgplan.examples import example_path
from sdgplan.exporters.method import method_workbook, method_yaml
from sdgplan.importers.method_xlsx import XlsxMethod
from sdgplan.importers.method_yaml import read_method
from sdgplan.loading import load_plan
from sdgplan.method_tool import import_method, plan_keys
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reference.municipalities import find_municipality
from sdgplan.store import change_log, method_repo, plan_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables_method import MaterialityScoreRow, MethodCycleRow
from tests.method.conftest import ASKER, OSLO
from tests.reports.municipality import write_files
from tests.reports.oslo import oslo_database

CATALOGUE = load_sdg_catalogue()
OSLO_KEYS = {"fokus-1.0", "fokus-1.1", "fokus-1.1.1", "fokus-1.2", "fokus-2.1"}


def three_levels(municipality: str = OSLO) -> MethodTable:
    """A table with rows on every level, texts with line breaks, quotes and a formula-like
    text, a letter target and plan keys."""
    return MethodTable(
        municipality,
        MethodCycle(
            "2024-2036",
            "Metode 2024",
            illustrative=True,
            scale_max=7.0,
            aggregation=Aggregation.MEDIAN,
            priority_threshold=4.5,
        ),
        (
            MethodRow(
                1, 3, None, {"significance": "Helse for alle"}, ("3.4", "3.d"), ("fokus-1.0",)
            ),
            MethodRow(1, 11, None, {"significance": "Byer «for alle»"}, ("11.2",)),
            MethodRow(
                2,
                3,
                "3.4",
                {"opportunities": "Frivillige\nlag", "challenges": "=1+1"},
                plan_keys=("fokus-1.1", "fokus-1.1.1"),
            ),
            MethodRow(2, 11, "11.a", {"challenges": "Avstander"}),
            MethodRow(
                3,
                3,
                "3.4",
                {"service_goal": "Færre innleggelser", "community_strategy": "Samarbeid med lag"},
                plan_keys=("fokus-1.2",),
            ),
        ),
    )


def read_yaml(text: str, known=frozenset(OSLO_KEYS)):
    return read_method(
        textwrap.dedent(text),
        source="m.yaml",
        municipality=OSLO,
        catalogue=CATALOGUE,
        known_keys=known,
    )


def errors(issues) -> list[str]:
    return [str(i) for i in issues if i.severity is Severity.ERROR]


# -- targets as the slides write them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "goal", "code", "severity"),
    [
        ("3.9a", 3, "3.a", Severity.WARNING),  # 3.9 is goal 3's last numbered target
        ("3.9d", 3, "3.d", Severity.WARNING),
        ("9.5c", 9, "9.c", Severity.WARNING),
        ("11.7a", 11, "11.a", Severity.WARNING),
        ("11.3a", 11, "11.3a", Severity.WARNING),  # not after the last: kept as written
        ("3.A", 3, "3.a", None),
        ("4.1", 3, None, Severity.ERROR),  # another goal's
        ("3.99", 3, None, Severity.ERROR),
    ],
)
def test_read_target(written, goal, code, severity):
    reading = read_target(written, goal, CATALOGUE)
    assert reading.code == code
    if severity is None:
        assert reading.note is None
    else:
        assert reading.note and (reading.code is None) == (severity is Severity.ERROR)


# -- files ------------------------------------------------------------------------------------


def test_xlsx_round_trip_of_three_levels(tmp_path):
    table = three_levels()
    path = tmp_path / "m.xlsx"
    path.write_bytes(method_workbook(table, CATALOGUE))
    book = XlsxMethod(path)
    assert set(book.sheets) == {"Metode", "Nivå 1", "Nivå 2", "Nivå 3"}
    assert [c[0] for c in book.sheets["Nivå 3"][0]] == [
        "Globalt delmål",
        "Tjenesteutvikling mål",
        "Tjenesteutvikling strategi",
        "Tjenesteutvikling interesser",
        "Samfunnsutvikling mål",
        "Samfunnsutvikling strategi",
        "Samfunnsutvikling interesser",
        "Plankoder",
    ]
    assert book.sheets["Nivå 1"][1][0][0] == "3 God helse og livskvalitet"
    assert book.declared() == OSLO
    parsed = book.read(municipality=OSLO, catalogue=CATALOGUE, known_keys=OSLO_KEYS)
    assert parsed.issues == []
    assert parsed.data.table == table
    assert parsed.data.materiality_declared


def test_yaml_round_trip():
    table = three_levels()
    parsed = read_yaml(method_yaml(table))
    assert parsed.issues == []
    assert parsed.data.table == table


def test_yaml_problems_with_lines():
    parsed = read_yaml(
        """\
        format: sdgplan-method
        cycle: 2020-2032
        materiality: {scale_min: 5, scale_max: 1}
        level_1:
          - goal: 18
            significance: x
          - goal: 3
            targets: 3.4, 4.1, 3.9a
          - goal: 3
            significance: igjen
        level_2:
          - target: 3.99
            opportunities: x
          - target: 11.2
            colour: red
            plan_keys: [fokus-9.9]
        """
    )
    assert parsed.data is not None  # the reader goes on, but an error stores nothing
    assert errors(parsed.issues) == [
        "m.yaml, linje 3, kolonne 14: Skalaen må gå fra et lavere til et høyere tall "
        "(min 5, maks 1)",
        "m.yaml, linje 5, kolonne 11: «18» er ikke et bærekraftsmål (1-17)",
        "m.yaml, linje 8, kolonne 14: Delmålet 4.1 hører ikke til bærekraftsmål 3",
        "m.yaml, linje 7, kolonne 5: Mangler «significance»",
        "m.yaml, linje 9, kolonne 5: 3 står to ganger i nivå 1",
        "m.yaml, linje 12, kolonne 13: «3.99» er ikke et delmål i FNs liste",
        "m.yaml, linje 15, kolonne 5: Ukjent nøkkel «colour» i level_2; tillatt: challenges, "
        "opportunities, plan_keys, target",
        "m.yaml, linje 16, kolonne 17: Planen har ikke noe mål eller strategi med nøkkelen "
        "«fokus-9.9»",
        "m.yaml, linje 14, kolonne 5: Raden har ingen tekst",
    ]
    warnings = [str(i) for i in parsed.issues if i.severity is Severity.WARNING]
    assert warnings == [
        "m.yaml, linje 8, kolonne 14: «3.9a» er lest som delmål 3.a (bokstavdelmålet etter 3.9)"
    ]


def test_yaml_syntax_error_and_no_plan():
    assert errors(read_yaml("cycle: [2020\n").issues)[0].startswith("m.yaml, linje 2")
    no_plan = read_yaml(
        "cycle: x\nlevel_1:\n  - {goal: 3, significance: s, plan_keys: a.0}\n", known=None
    )
    assert errors(no_plan.issues) == [
        "m.yaml, linje 3, kolonne 43: Ingen plan er lagret: planens nøkkel «a.0» kan ikke "
        "kontrolleres"
    ]


def test_xlsx_problems_with_sheet_and_cell(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(method_workbook(three_levels(), CATALOGUE))
    book = openpyxl.load_workbook(path)
    book["Metode"]["B4"] = "2024 2036"  # the cycle's key
    book["Nivå 1"]["C3"] = "11.2, 3.1"
    level_2 = book["Nivå 2"]
    level_2.append(["3.99", "mulighet"])
    level_2.append(["3.4", "igjen"])
    level_2.append(["6.1", None, None, "ukjent.1"])
    book.save(path)
    parsed = XlsxMethod(path).read(municipality=OSLO, catalogue=CATALOGUE, known_keys=OSLO_KEYS)
    assert parsed.data is None or errors(parsed.issues)
    found = errors(parsed.issues)
    assert found[0].startswith(f"{path}, Metode!B4: Ugyldig syklus «2024 2036»")
    assert found[1:] == [
        f"{path}, Nivå 1!C3: Delmålet 3.1 hører ikke til bærekraftsmål 11",
        f"{path}, Nivå 2!A4: «3.99» er ikke et delmål i FNs liste",
        f"{path}, Nivå 2!5: 3.4 står to ganger i nivå 2",
        f"{path}, Nivå 2!D6: Planen har ikke noe mål eller strategi med nøkkelen «ukjent.1»",
        f"{path}, Nivå 2!6: Raden har ingen tekst",
    ]


def test_xlsx_unknown_column_and_sheet(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(method_workbook(three_levels(), CATALOGUE))
    book = openpyxl.load_workbook(path)
    book["Nivå 2"]["B1"] = "Sjanser"
    book.create_sheet("Notater")["A1"] = "x"
    book.save(path)
    parsed = XlsxMethod(path).read(municipality=OSLO, catalogue=CATALOGUE, known_keys=OSLO_KEYS)
    assert parsed.data is None
    assert errors(parsed.issues) == [
        f"{path}, Notater: Ukjent ark «Notater»; tillatt: Metode, Nivå 1, Nivå 2, Nivå 3"
    ]
    del book["Notater"]
    book.save(path)
    parsed = XlsxMethod(path).read(municipality=OSLO, catalogue=CATALOGUE, known_keys=OSLO_KEYS)
    assert errors(parsed.issues) == [
        f"{path}, Nivå 2!1: Ukjent kolonne: Sjanser; tillatt: Globalt delmål, Muligheter, "
        "Utfordringer, Plankoder"
    ]


# -- the store (SQLite and PostgreSQL) --------------------------------------------------------


def test_repo_saves_replaces_and_deletes(engine, tmp_path):
    files = write_files(tmp_path / "oslo")
    with session_scope(engine) as s:
        load_plan(s, files["plan"])
        assert plan_keys(s, OSLO) == OSLO_KEYS
        assert plan_keys(s, ASKER) is None
        table = three_levels()
        assert method_repo.save_method(s, table, who="kari") is True
        assert method_repo.save_method(s, table, who="kari") is False  # the same: nothing
        cycle_id = s.scalars(select(MethodCycleRow.id)).one()
        s.add(
            MaterialityScoreRow(
                cycle_id=cycle_id, code="3.4", scorer="workshop", importance=4, influence=3
            )
        )
    smaller = MethodTable(OSLO, table.cycle, table.rows[:1])
    with session_scope(engine) as s:
        assert method_repo.load_method(s, OSLO, "2024-2036") == table
        assert [c.key for c in method_repo.list_cycles(s, OSLO)] == ["2024-2036"]
        method_repo.save_method(s, smaller, who="ola")
    with session_scope(engine) as s:
        assert method_repo.load_method(s, OSLO, "2024-2036") == smaller
        assert s.scalar(select(func.count(MaterialityScoreRow.id))) == 1  # scores stay
        log = change_log.load_log(s, OSLO, entity="method")
        assert [(c.action, c.who) for c in log] == [("replace", "ola"), ("import", "kari")]
        assert log[0].old["level_3"][0]["service_goal"] == "Færre innleggelser"
        assert method_repo.delete_municipality_methods(s, OSLO, who="ola") == 1
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(MaterialityScoreRow.id))) == 0  # with the cycle
        assert method_repo.find_method(s, OSLO, "2024-2036") is None
        with pytest.raises(NotFound, match="Fant ikke metodetabellen 2024-2036"):
            method_repo.load_method(s, OSLO, "2024-2036")
        assert change_log.load_log(s, OSLO, entity="method")[0].action == "delete"


def test_unknown_plan_key_is_refused(engine, tmp_path):
    files = write_files(tmp_path / "oslo")
    method = tmp_path / "method.yaml"
    method.write_text(
        "municipality: '0301'\ncycle: '2024'\nlevel_1:\n"
        "  - {goal: 3, significance: s, plan_keys: [fokus-1.0, fokus-7.0]}\n",
        encoding="utf-8",
    )
    with session_scope(engine) as s:
        load_plan(s, files["plan"])
    with session_scope(engine) as s, pytest.raises(InvalidData) as raised:
        import_method(s, method, who="test")
    assert [str(i) for i in raised.value.issues] == [
        f"{method}, linje 4, kolonne 55: Planen har ikke noe mål eller strategi med nøkkelen "
        "«fokus-7.0»"
    ]
    with session_scope(engine) as s:
        assert method_repo.list_cycles(s, OSLO) == []


def test_file_without_materiality_keeps_the_stored_settings(engine, tmp_path):
    files = write_files(tmp_path / "oslo")
    path = tmp_path / "m.yaml"
    with session_scope(engine) as s:
        load_plan(s, files["plan"])
        plan_repo.ensure_municipality(s, find_municipality(OSLO))
        method_repo.save_method(s, three_levels(), who="test")
    path.write_text(
        "cycle: 2024-2036\ntitle: Ny\nlevel_1:\n  - {goal: 3, significance: s}\n", encoding="utf-8"
    )
    with session_scope(engine) as s:
        imported = import_method(s, path, municipality=OSLO, who="test")
    assert imported.replaced and imported.table.cycle.scale_max == 7.0
    with session_scope(engine) as s:
        stored = method_repo.load_method(s, OSLO, "2024-2036")
    assert stored.cycle == MethodCycle(
        "2024-2036", "Ny", scale_max=7.0, aggregation=Aggregation.MEDIAN, priority_threshold=4.5
    )
    assert len(stored.rows) == 1


# -- Asker ------------------------------------------------------------------------------------


def test_asker_level_1_from_data(asker_url):
    engine = make_engine(asker_url)
    with session_scope(engine) as s:
        table = method_repo.load_method(s, ASKER, "2020-2032")
    engine.dispose()
    level_1 = table.level(1)
    assert [r.sdg_goal for r in level_1] == [3, 4, 9, 11, 13]
    assert table.level(2) == table.level(3) == []
    assert level_1[0].targets == ("3.3", "3.5", "3.6", "3.7", "3.8", "3.9", "3.a", "3.d")
    assert level_1[2].targets == ("9.1", "9.4", "9.c")
    assert level_1[3].targets[-1] == "11.a"
    assert level_1[3].text("significance").startswith("Målet handler om å sikre allmenn tilgang")
    assert not any("allemn" in r.text("significance") for r in level_1)  # the PDF's artefact
    assert level_1[4].text("significance").endswith("redusere konsekvensene av klimaendringene")
    assert [r.plan_keys for r in level_1] == [
        ("god-helse.0",),
        ("god-utdanning.0",),
        ("innovasjon-digitalisering-og.0",),
        ("baerekraftige-byer-og-samfunn.0",),
        ("handling-mot-klimaendringene.0",),
    ]


def test_asker_show_and_export(asker_url, runner, tmp_path):
    shown = runner.invoke(cli, ["method", "show", "--db", asker_url, "--level", "1"])
    assert shown.exit_code == 0, shown.output
    assert "Nivå 1: Globale mål og kommunal betydning" in shown.output
    assert "13 Stoppe" in shown.output and "3.9, 3.a, 3.d" in shown.output
    empty = runner.invoke(cli, ["method", "show", "--db", asker_url, "--level", "3"])
    assert "Ingen rader på nivå 3." in empty.output

    pdf = tmp_path / "metode.pdf"
    result = runner.invoke(cli, ["method", "export", "--db", asker_url, "--out", str(pdf)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nivå 1: Globale mål og kommunal betydning" in text
    assert "Kommunal betydning" in text and "3 God helse og livskvalitet" in text
    assert "allmenn" in text and "13.1, 13.2, 13.3" in text

    xlsx = tmp_path / "metode.xlsx"
    result = runner.invoke(cli, ["method", "export", "--db", asker_url, "--out", str(xlsx)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["method", "import", "--db", asker_url, str(xlsx)])
    assert again.exit_code == 0, again.output
    assert "Uendret: metodetabell 2020-2032 for 3203 (nivå 1: 5, nivå 2: 0, nivå 3: 0)" in (
        again.output
    )

    wrong = runner.invoke(cli, ["method", "export", "--db", asker_url, "--out", "m.docx"])
    assert wrong.exit_code == 2 and ".yaml, .yml, .xlsx, .html, .pdf" in wrong.output
    missing = runner.invoke(
        cli, ["method", "show", "--db", asker_url, "--cycle", "1990-2000", "--level", "2"]
    )
    assert missing.exit_code == 1
    assert "Fant ikke metodetabellen 1990-2000 for 3203" in missing.output
    assert "Lagrede sykluser: 2020-2032" in missing.output


def test_asker_import_warns_of_the_slides_letter_targets(asker_url, runner):
    result = runner.invoke(
        cli,
        [
            "method",
            "import",
            "--db",
            asker_url,
            str(example_path("asker", "method-2020-2032.yaml")),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "«9.5c» er lest som delmål 9.c (bokstavdelmålet etter 9.5)" in result.output
    assert "Uendret: metodetabell 2020-2032" in result.output


# -- a second municipality ----------------------------------------------------------------


OSLO_METHOD = """\
format: sdgplan-method
format_version: 1
municipality: '0301'
cycle: 2024-2036
title: Oslos metodetabell
illustrative: true
level_1:
  - {goal: 3, significance: Helse i alle bydeler, targets: [3.4, 3.d], plan_keys: [fokus-1.0]}
level_2:
  - {target: 3.4, opportunities: Frivillige lag, challenges: Ulikheter, plan_keys: fokus-1.1}
level_3:
  - target: 3.4
    service_goal: Færre innleggelser
    service_strategy: Hjemmebesøk
    community_goal: Aktive nabolag
    community_interests: Idrettslag
    plan_keys: [fokus-1.1.1]
"""


def test_oslo_three_levels(tmp_path, runner):
    url = oslo_database(tmp_path)
    path = tmp_path / "oslo-method.yaml"
    path.write_text(OSLO_METHOD, encoding="utf-8")
    result = runner.invoke(cli, ["method", "import", "--db", url, str(path)])
    assert result.exit_code == 0, result.output
    assert "Lagret: metodetabell 2024-2036 for 0301 (nivå 1: 1, nivå 2: 1, nivå 3: 1)" in (
        result.output
    )
    shown = runner.invoke(cli, ["method", "show", "--db", url, "--level", "3"])
    assert shown.exit_code == 0, shown.output
    assert "Samfunnsutvikling" in shown.output and "Aktive nabolag" in shown.output
    assert "plan: fokus-1.1.1" in shown.output
    html = tmp_path / "m.html"
    result = runner.invoke(cli, ["method", "export", "--db", url, "--out", str(html)])
    assert result.exit_code == 0, result.output
    page = html.read_text("utf-8")
    assert "<caption>Tjenesteutvikling og samfunnsutvikling per globalt delmål</caption>" in page
    assert "Innholdet er illustrerende" in page and "Oslo" in page
    assert 'style="border-left-color: #4C9F38"' in page  # goal 3's colour, beside its number
    yaml_out = tmp_path / "m.yaml"
    runner.invoke(cli, ["method", "export", "--db", url, "--out", str(yaml_out)])
    engine = make_engine(url)
    with session_scope(engine) as s:
        stored = method_repo.load_method(s, OSLO, "2024-2036")
    engine.dispose()
    assert read_yaml(yaml_out.read_text("utf-8")).data.table == stored


def test_the_seventeen_official_colours():
    from sdgplan.domain.sdg import SDG_COLOURS

    assert sorted(SDG_COLOURS) == list(range(1, 18))
    assert (SDG_COLOURS[3], SDG_COLOURS[13]) == ("#4C9F38", "#3F7E44")
