"""Importing materiality: CSV scores (`;` or `,`, decimal comma) and the YAML settings; bad
input names the line and the value, and nothing is saved. Saving replaces a cycle's scores
and is logged, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from sdgplan.domain.materiality import Aggregation, Method, Scale, Score
from sdgplan.errors import Conflict, InvalidData
from sdgplan.importers.materiality_csv import read_scores
from sdgplan.importers.materiality_yaml import read_materiality
from sdgplan.materiality import import_materiality_file, materiality_view
from sdgplan.reference import find_municipality, load_sdg_catalogue
from sdgplan.store import plan_repo
from sdgplan.store.change_log import load_log
from sdgplan.store.db import session_scope
from sdgplan.store.materiality_repo import find_cycle, load_materiality
from sdgplan.store.tables_method import MaterialityScoreRow, MethodCycleRow

CATALOGUE = load_sdg_catalogue()
YAML = """\
format: sdgplan-materiality
format_version: 1
municipality: "0301"
cycle: 2024-2035
title: Vesentlighet 2024
illustrative: true
scale: {min: 0, max: 10}
aggregation: median
threshold: 6
scores:
  - {code: "11.7", scorer: Verksted, importance: 8, influence: "7,5"}
  - {code: "3.4", scorer: Verksted, importance: 2, influence: 3}
"""


def csv_scores(text, scale=None):
    return read_scores(text, source="s.csv", catalogue=CATALOGUE, scale=scale)


def test_semicolons_and_decimal_commas():
    text = "code;scorer;importance;influence\n11.7;Verksted;4,5;3\n11-A;Admin;2;1\n"
    parsed = csv_scores(text, Scale())
    assert parsed.issues == []
    assert parsed.data == [Score("11.7", "Verksted", 4.5, 3), Score("11.a", "Admin", 2, 1)]


def test_commas_and_norwegian_headers():
    text = 'kode,vurderer,viktighet,påvirkning\n13,Verksted,"4,5",3.5\n'
    assert csv_scores(text).data == [Score("13", "Verksted", 4.5, 3.5)]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("11.7;Verksted;6;3", "Viktighet 6 for 11.7 (Verksted) er utenfor skalaen 1-5"),
        ("11.7;Verksted;4;x", "influence: «x» er ikke et tall"),
        ("11.h;Verksted;4;3", "Ukjent mål eller delmål «11.h»"),
        ("11.7.1;Verksted;4;3", "«11.7.1» er en indikator, ikke et mål eller delmål"),
        ("11.7;;4;3", "Mangler «scorer»"),
        ("11.7;Verksted;;3", "Mangler «importance»"),
        ("3.4;Verksted;4;3", "Verksted har vurdert 3.4 også på linje 2"),
    ],
)
def test_bad_rows_name_the_line_and_the_value(row, message):
    text = f"code;scorer;importance;influence\n3.4;Verksted;2;2\n{row}\n"
    parsed = csv_scores(text, Scale())
    assert [(i.line, i.message) for i in parsed.issues] == [(3, message)]


def test_a_missing_column_is_named():
    parsed = csv_scores("code;scorer;importance\n11.7;a;3\n")
    assert parsed.data is None
    assert [i.message for i in parsed.issues] == [
        "Mangler kolonnen «influence»; ventet code;scorer;importance;influence"
    ]


def test_yaml_settings_and_scores():
    parsed = read_materiality(YAML, source="m.yaml", catalogue=CATALOGUE)
    assert parsed.issues == []
    given = parsed.data
    assert (given.cycle, given.title, given.illustrative) == (
        "2024-2035",
        "Vesentlighet 2024",
        True,
    )
    assert given.method == Method(Scale(0, 10), Aggregation.MEDIAN, 6)
    assert given.scores == [Score("11.7", "Verksted", 8, 7.5), Score("3.4", "Verksted", 2, 3)]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("max: 10", "max: 0"), 7, "Skalaen 0-0: minimum må være lavere enn maksimum"),
        (("median", "mode"), 8, "mode"),
        (("threshold: 6", "threshold: 11"), 9, "Terskelen 11 er utenfor skalaen 0-10"),
        (("importance: 8", "importance: 12"), 11, "Viktighet 12 for 11.7 (Verksted)"),
        (("cycle: 2024-2035\n", ""), 1, "Mangler «cycle»"),
        (("threshold: 6", "threshold: seks"), 9, "«seks» er ikke et tall"),
    ],
)
def test_bad_yaml_names_the_line(change, line, message):
    parsed = read_materiality(YAML.replace(*change), source="m.yaml", catalogue=CATALOGUE)
    assert parsed.data is None or any(i.severity.value == "error" for i in parsed.issues)
    assert [(i.line, message in i.message) for i in parsed.issues] == [(line, True)], parsed.issues


@pytest.mark.parametrize("empty", ["threshold: null", "threshold:", "threshold: ''"])
def test_an_empty_threshold_is_the_scales_midpoint(empty):
    parsed = read_materiality(
        YAML.replace("threshold: 6", empty), source="m.yaml", catalogue=CATALOGUE
    )
    assert parsed.issues == [] and parsed.data is not None
    assert parsed.data.method == Method(Scale(0, 10), Aggregation.MEDIAN, None)
    assert parsed.data.method.priority_threshold == 5


def oslo(session):
    plan_repo.ensure_municipality(session, find_municipality("0301"))


def test_import_save_and_replace_with_the_change_log(engine, tmp_path):
    settings = tmp_path / "m.yaml"
    settings.write_text(YAML, encoding="utf-8")
    scores = tmp_path / "s.csv"
    scores.write_text("code;scorer;importance;influence\n11.7;Admin;9;8\n", encoding="utf-8")
    with session_scope(engine) as session:
        loaded = import_materiality_file(session, settings, who="kari")
    assert (loaded.cycle, loaded.scores, loaded.scorers, loaded.settings) == (
        "2024-2035",
        2,
        1,
        True,
    )
    with session_scope(engine) as session:
        import_materiality_file(session, scores, municipality="0301", who="ola")
    with session_scope(engine) as session:
        stored = load_materiality(session, "0301", "2024-2035")
        log = load_log(session, "0301", entity="materiality")
    assert stored.scores == (Score("11.7", "Admin", 9, 8),)  # replaced, on the stored 0-10 scale
    assert stored.method == Method(Scale(0, 10), Aggregation.MEDIAN, 6) and stored.illustrative
    assert [(e.who, e.key) for e in log] == [("ola", "2024-2035"), ("kari", "2024-2035")]


def test_a_file_with_errors_saves_nothing(engine, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(YAML.replace("importance: 8", "importance: 12"), encoding="utf-8")
    with session_scope(engine) as session, pytest.raises(InvalidData) as caught:
        import_materiality_file(session, path, who="kari")
    assert [i.line for i in caught.value.issues] == [11]
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(MethodCycleRow)) == 0


def test_csv_for_a_new_cycle_creates_it_with_the_default_scale(engine, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("code,scorer,importance,influence\n4.1,Verksted,5,4\n", encoding="utf-8")
    with session_scope(engine) as session:
        oslo(session)
        import_materiality_file(session, path, municipality="0301", cycle="2030", who="x")
        row = find_cycle(session, "0301", "2030")
        assert (row.title, row.scale_min, row.scale_max, row.aggregation) == ("2030", 1, 5, "mean")
        assert not row.illustrative
        assert session.scalar(select(func.count()).select_from(MaterialityScoreRow)) == 1


def test_settings_without_scores_keep_them_but_check_them(engine, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(YAML, encoding="utf-8")
    narrower = tmp_path / "n.yaml"
    narrower.write_text(
        YAML.split("scores:")[0]
        .replace("max: 10", "max: 5")
        .replace("threshold: 6", "threshold: 3"),
        encoding="utf-8",
    )
    with session_scope(engine) as session:
        import_materiality_file(session, path, who="x")
    with session_scope(engine) as session, pytest.raises(InvalidData) as caught:
        import_materiality_file(session, narrower, who="x")
    assert [i.message for i in caught.value.issues] == [
        "Viktighet 8 for 11.7 (Verksted) er utenfor skalaen 0-5",
        "Påvirkning 7,5 for 11.7 (Verksted) er utenfor skalaen 0-5",
    ]
    with session_scope(engine) as session, pytest.raises(Conflict, match="gjelder syklusen"):
        import_materiality_file(session, path, cycle="2030", who="x")


def test_an_existing_cycle_keeps_its_title_and_its_method_tables_flag(engine, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(YAML, encoding="utf-8")
    with session_scope(engine) as session:
        oslo(session)
        session.add(
            MethodCycleRow(
                municipality_number="0301",
                key="2024-2035",
                title="Metodeverktøy 2024",
                illustrative=False,
                materiality_illustrative=False,
                scale_min=1,
                scale_max=5,
                aggregation="mean",
            )
        )
    with session_scope(engine) as session:
        import_materiality_file(session, path, who="x")
        view = materiality_view(session, municipality="0301")
    assert view.materiality.title == "Metodeverktøy 2024"
    assert view.materiality.illustrative  # the scores are
    with session_scope(engine) as session:
        row = session.scalars(select(MethodCycleRow).where(MethodCycleRow.key == "2024-2035")).one()
        assert not row.illustrative  # the method table's texts are not
    assert view.plan is None and view.check is None  # no plan stored: no check
    assert [a.code for a in view.prioritised] == ["11.7"]


def test_a_cycle_key_is_checked(engine, tmp_path):
    parsed = read_materiality(
        YAML.replace("2024-2035", "Plan 2024"), source="m", catalogue=CATALOGUE
    )
    assert [(i.line, i.message) for i in parsed.issues] == [
        (
            4,
            "Planperioden «Plan 2024» kan bare ha små bokstaver a-z, sifre, punktum, - og _ "
            "(høyst 100 tegn)",
        )
    ]
    path = tmp_path / "s.csv"
    path.write_text("code;scorer;importance;influence\n4.1;a;5;4\n", encoding="utf-8")
    with session_scope(engine) as session, pytest.raises(InvalidData) as caught:
        oslo(session)
        import_materiality_file(session, path, municipality="0301", cycle="X Y", who="x")
    assert "Planperioden «X Y»" in caught.value.issues[0].message
