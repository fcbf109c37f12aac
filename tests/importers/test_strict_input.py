"""Input that used to be misread without a word now gets a message naming file and line."""

import pytest

from sdgplan.domain.indicators import ObservationContext
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.rules import Threshold, ValueRange
from sdgplan.i18n import use_language
from sdgplan.importers import import_plan_file
from sdgplan.importers.indicators_yaml import read_indicators
from sdgplan.importers.observations_csv import read_observations
from sdgplan.importers.thematic_plans_csv import read_thematic_plans
from sdgplan.reference import find_municipality
from tests.importers.test_plan_yaml import MINIMAL, write
from tests.reports.municipality import NUMBER, write_files
from tests.test_cli import run

OSLO_CONTEXT = ObservationContext(indicators={}, areas={})
HEADER = "indicator_id,indicator,area,period,value\n"


def messages(issues):
    return [(i.severity.value, i.line, i.message) for i in issues]


@pytest.mark.parametrize(
    ("text", "value"),
    [("105 473", 105473.0), ("1,5", 1.5), ("-0.7", -0.7), ("999999999999999", 999999999999999.0)],
)
def test_numbers_are_read_exactly(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1e308", "inf", "nan", "Infinity", "1" * 400, "1e5", "0x10", "٣"])
def test_numbers_out_of_range_or_not_decimal_are_refused(text):
    with pytest.raises(ValueError, match="for stort|ikke et tall"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("> 1 000 kr", (">", 1000.0, "kr")), ("<5%", ("<", 5.0, "%")), ("≥ -0,5", (">=", -0.5, None))],
)
def test_thresholds_read_as_written(text, expected):
    threshold = Threshold.parse(text)
    assert (threshold.operator, threshold.value, threshold.unit) == expected


@pytest.mark.parametrize("text", ["> 1e308 %", "> 10e %", "> 5 5", "> 1 0000 kr", "> 1" + "0" * 20])
def test_thresholds_that_would_be_misread_are_refused(text):
    with pytest.raises(ValueError, match=r"er ikke en terskel|for stort"):
        Threshold.parse(text)


def test_range_with_exponent_is_refused():
    with pytest.raises(ValueError, match="er ikke et intervall"):
        ValueRange.parse("1e3-2e3 %")


def test_threshold_error_names_the_line():
    text = "indicators:\n- key: a\n  name: A\n  threshold: '> 1e308 %'\n"
    parsed = read_indicators(text, source="ind.yaml", plan=None)
    assert messages(parsed.issues) == [
        ("error", 4, "«> 1e308 %» er ikke en terskel (skriv f.eks. «> 10 %» eller «10-20 %»)")
    ]


def test_a_list_as_municipality_is_refused():
    parsed = read_indicators("municipality: [3203, 4601]\nindicators: []\n", source="f", plan=None)
    assert messages(parsed.issues) == [("error", 1, "Ventet ett kommunenummer, f.eks. 3203")]


def test_huge_value_is_refused_with_its_line():
    text = HEADER + "a,A,0301,2020,1.5\n" + "a,A,0301,2021," + "9" * 400 + "\n"
    parsed = read_observations(text, source="obs.csv", context=OSLO_CONTEXT)
    [(severity, line, message)] = messages(parsed.issues)
    assert (severity, line) == ("error", 3)
    assert message.startswith("«99999") and "er for stort" in message


def test_value_with_spaces_is_read_with_a_warning():
    parsed = read_observations(HEADER + "a,A,0301,2020, 1.5\n", source="o", context=OSLO_CONTEXT)
    assert messages(parsed.issues) == [
        (
            "warning",
            2,
            "Mellomrom rundt verdien « 1.5»; lest som 1.5",
        )
    ]
    assert parsed.data is not None and parsed.data.observations[0].value == 1.5


def test_duplicate_column_is_refused():
    text = "indicator_id,indicator,area,period,value,value\na,A,0301,2020,1,2\n"
    parsed = read_observations(text, source="o.csv", context=OSLO_CONTEXT)
    assert parsed.data is None
    assert messages(parsed.issues) == [
        (
            "error",
            1,
            "Kolonnen «value» står to ganger (kolonne 5 og 6)",
        )
    ]


def test_municipalities_must_agree_in_one_file():
    text = (
        "municipality,indicator_id,indicator,area,period,value\n"
        "0301,a,A,0301,2020,1\n0301,a,A,0301,2021,2\n4601,a,A,0301,2022,3\n"
    )
    parsed = read_observations(text, source="o.csv", context=OSLO_CONTEXT)
    assert messages(parsed.issues) == [
        (
            "error",
            4,
            "Kommune 4601, men linje 2 har 0301: én kommune per fil",
        )
    ]
    owner = find_municipality("4601")
    other = read_observations(text, source="o.csv", context=OSLO_CONTEXT, municipality=owner)
    assert messages(other.issues)[0] == (
        "error",
        2,
        "Filen gjelder kommune 0301, ikke 4601",
    )
    with use_language("en"):
        english = read_observations(text, source="o.csv", context=OSLO_CONTEXT)
    assert messages(english.issues)[0][2] == (
        "Municipality 4601, but line 2 has 0301: one municipality per file"
    )


def test_over_long_csv_field_is_a_message_not_a_crash():
    text = HEADER + 'a,A,0301,2020,"' + "x" * 200_000 + '"\n'
    parsed = read_observations(text, source="o.csv", context=OSLO_CONTEXT)
    assert messages(parsed.issues) == [
        (
            "error",
            2,
            "Et felt er lengre enn 131 072 tegn (mangler et avsluttende anførselstegn?)",
        )
    ]


def test_duplicate_thematic_plans_are_refused():
    text = "name,status,adopted,planned\nKlima,planned,,2024\nklima,planned,,2025\n"
    assert messages(read_thematic_plans(text, source="t.csv").issues) == [
        (
            "error",
            3,
            "Temaplanen «klima» står også på linje 2",
        )
    ]


def test_duplicate_focus_areas_and_goals_in_a_plan_file(tmp_path):
    text = (
        MINIMAL
        + "- name: klima\n  goals:\n  - text: A\n    refs: [AK]\n  - text: a\n    refs: [13]\n"
    )
    result = import_plan_file(write(tmp_path, text))
    assert messages(result.issues) == [
        ("error", 20, "Målet «a» i «klima» står to ganger (også linje 18)"),
        ("error", 16, "Satsingsområdet «klima» står to ganger (også linje 6)"),
    ]
    with use_language("en"):
        english = import_plan_file(write(tmp_path, text))
    assert [i.message for i in english.issues] == [
        "The goal 'a' in 'klima' appears twice (also line 18)",
        "The focus area 'klima' appears twice (also line 6)",
    ]


def test_duplicate_focus_areas_in_an_overview(tmp_path):
    area = "Klima\nHovedmål\nAK\tLavutslipp\nDelmål og strategier\nAK\tMindre utslipp\tAK\tS\n"
    text = "Samlet oversikt for Oslo kommune\n" + area + area
    result = import_plan_file(write(tmp_path, text, "plan.txt"), format="overview")
    assert [(line, message[:40]) for _, line, message in messages(result.issues)] == [
        (7, "Satsingsområdet «Klima» står to ganger ("),
        (9, "Målet «Lavutslipp» i «Klima» står to gan"),
        (11, "Målet «Mindre utslipp» i «Klima» står to"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: " + "[" * 1000 + "]" * 1000,
            1,
            "Mer enn 40 nivåer dypt",
        ),
        (
            "a: &x [1]\nb: [*x, *x]\n",
            2,
            "Aliaser (*navn) støttes ikke; skriv verdien ut",
        ),
    ],
)
def test_yaml_limits(text, line, message):
    parsed = read_indicators(text, source="i.yaml", plan=None)
    assert messages(parsed.issues) == [("error", line, message)]


def test_bad_file_through_the_cli_changes_nothing(runner, db_url, tmp_path):
    files = write_files(tmp_path / "in")
    run(runner, "import", "plan", files["plan"], "--db", db_url)
    run(runner, "import", "indicators", files["indicators"], "--db", db_url)
    run(runner, "import", "observations", files["observations"], "--db", db_url)
    before = run(runner, "export", "observations", "--db", db_url).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "municipality,indicator_id,area,period,value\n"
        f"{NUMBER},andel,{NUMBER},2023,12\n4601,andel,{NUMBER},2024,13\n",
        encoding="utf-8",
    )
    result = run(runner, "import", "observations", bad, "--db", db_url, ok=False)
    assert f"{bad}, " in result.stderr
    assert f"Kommune 4601, men linje 2 har {NUMBER}: én kommune per fil" in result.stderr
    assert run(runner, "export", "observations", "--db", db_url).stdout == before


def test_identifying_texts_have_a_limit_on_every_database(runner, db_url, tmp_path):
    """Plan titles, sections and breakdowns identify rows: over 1000 characters they are an
    input error, the same on SQLite and PostgreSQL (whose indexes hold about 2 700 bytes)."""
    title = "Plan " + "æøå" * 1000
    plan = write(tmp_path, MINIMAL.replace("plan: Klimaplan 2023", f"plan: {title}"))
    result = run(runner, "import", "plan", plan, "--db", db_url, ok=False)
    assert f"Plannavnet har {len(title)} tegn, høyst 1000" in result.stderr
    files = write_files(tmp_path / "in")
    run(runner, "import", "plan", files["plan"], "--db", db_url)
    run(runner, "import", "indicators", files["indicators"], "--db", db_url)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"indicator_id,area,period,breakdown,value\nandel,{NUMBER},2021,{'x' * 1001},1\n",
        encoding="utf-8",
    )
    result = run(runner, "import", "observations", bad, "--db", db_url, ok=False)
    assert "Inndelingen har 1001 tegn, høyst 1000" in result.stderr
