"""The `sdgplan-benefits` YAML: problems with their lines, unknown indicators refused, and
the export imports back to the same plan."""

from decimal import Decimal

import pytest

from sdgplan.benefits import import_benefit_file
from sdgplan.domain.benefits import Benefit
from sdgplan.errors import InvalidData
from sdgplan.examples import example_path
from sdgplan.importers.benefits_yaml import benefit_plan_yaml, read_benefit_plan
from sdgplan.store import benefit_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.benefits.tiny import BENEFITS, VALUES_2019_2022, benefits_file, load_tiny

ASKER = example_path("asker", "benefits-2019.yaml")


def errors(text, indicators=None):
    parsed = read_benefit_plan(text, source="g.yaml", indicators=indicators)
    return [(i.line, i.message) for i in parsed.issues]


def test_the_tiny_plan_reads():
    parsed = read_benefit_plan(BENEFITS, source="g.yaml", indicators={"fornoyde"})
    assert parsed.ok
    plan = parsed.data
    assert (plan.key, plan.title, plan.baseline_year, plan.target_year) == (
        "gevinster",
        "Gevinstplan",
        2019,
        2023,
    )
    assert plan.illustrative is False
    assert plan.benefits == (
        Benefit("fornoyde", "Flere fornøyde brukere", "fornoyde", Decimal("60")),
    )
    assert plan.expected_year(plan.benefits[0]) == 2023


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "baseline_year: 2019",
            "baseline_year: 19x",
            [(6, "Ugyldig år «19x»; skriv et årstall mellom 1990 og 2100")],
        ),
        (
            "target_year: 2023",
            "target_year: 2019",
            [(7, "Målåret 2019 må være etter nullpunktsåret 2019")],
        ),
        ("    expected: 60", "    expected: 6o", [(15, "«6o» er ikke et tall")]),
        (
            "    expected: 60",
            "    expected: 60\n    expected_year: 2018",
            [(16, "Året 2018 må være etter nullpunktsåret 2019")],
        ),
        (
            "  - key: fornoyde",
            "  - key: Fornøyde",
            [(12, "Ugyldig nøkkel «Fornøyde»: bruk a-z, 0-9 og -, høyst 200 tegn")],
        ),
        ("    text: Flere fornøyde brukere\n", "", [(12, "Mangler «text»")]),
        (
            "  name: Tjenesteproduksjon",
            "  name: Tjenesteproduksjon\n  owner: Rådmannen",
            [(11, "Ukjent nøkkel «owner» i areas; tillatt: benefits, key, name")],
        ),
    ],
)
def test_problems_name_their_lines(old, new, expected):
    text = BENEFITS.replace(old, new)
    assert text != BENEFITS
    assert errors(text, {"fornoyde"}) == expected


def test_an_unknown_indicator_is_an_error_naming_it():
    text = BENEFITS.replace("indicator: fornoyde", "indicator: fornøyde-typo")
    assert errors(text, {"fornoyde"}) == [
        (
            14,
            "Ukjent indikator «fornøyde-typo»: kommunen har ingen indikator med den nøkkelen; "
            "importer indikatorene først",
        )
    ]


def test_duplicate_keys_and_a_bad_flag_name_both_lines():
    text = BENEFITS + (
        "- key: tjenester\n  name: Igjen\n  benefits:\n  - key: fornoyde\n    text: To ganger\n"
    )
    text = text.replace("target_year: 2023", "target_year: 2023\nillustrative: kanskje")
    assert errors(text) == [
        (8, "Ugyldig «illustrative» «kanskje»; skriv true eller false"),
        (20, "Gevinsten «fornoyde» står også på linje 13"),
        (17, "Målområdet «tjenester» står også på linje 10"),
    ]


def test_expected_needs_an_indicator_and_a_year():
    no_year = BENEFITS.replace("target_year: 2023\n", "")
    assert errors(no_year) == [
        (14, "«expected» trenger et år: skriv «expected_year» eller planens «target_year»")
    ]
    no_indicator = BENEFITS.replace("    indicator: fornoyde\n", "")
    assert errors(no_indicator) == [(14, "«expected» trenger en «indicator» å måle med")]


def test_missing_top_keys_and_syntax_errors():
    assert errors("format: sdgplan-benefits\n") == [
        (1, "Mangler «key»"),
        (1, "Mangler «title»"),
        (1, "Mangler «baseline_year»"),
        (1, "Mangler «areas»"),
    ]
    assert errors("key: [a\n")[0][0] == 2
    assert errors("format: sdgplan-plan\n" + BENEFITS.split("\n", 1)[1], {"fornoyde"}) == [
        (1, "Ukjent format «sdgplan-plan»; ventet sdgplan-benefits")
    ]


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        yield session
    engine.dispose()


def test_import_refuses_an_indicator_the_municipality_has_not_stored(session, tmp_path):
    load_tiny(session, tmp_path, VALUES_2019_2022)
    path = benefits_file(tmp_path, BENEFITS.replace("indicator: fornoyde", "indicator: annen"))
    with pytest.raises(InvalidData) as caught:
        import_benefit_file(session, path, who="test")
    assert [(i.line, i.message.split(":")[0]) for i in caught.value.issues] == [
        (14, "Ukjent indikator «annen»")
    ]
    assert benefit_repo.load_benefit_plans(session, "5001") == []


def test_export_imports_back_to_the_same_plan():
    parsed = read_benefit_plan(ASKER.read_text(encoding="utf-8"), source=str(ASKER))
    assert parsed.ok, parsed.issues
    plan = parsed.data
    assert len(plan.areas) == 7
    text = benefit_plan_yaml(plan, municipality="3203")
    assert "expected: 15.0\n" in text  # decimals as written
    again = read_benefit_plan(text, source="export.yaml")
    assert again.ok and again.data == plan
    assert benefit_plan_yaml(again.data, municipality="3203") == text


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1\u202f000,5", Decimal("1000.5")),
        ("1\u00a0000", Decimal("1000")),
        ("-0.25", Decimal("-0.25")),
    ],
)
def test_expected_values_are_read_exactly_with_any_space_between_thousands(written, value):
    text = BENEFITS.replace("expected: 60", f'expected: "{written}"')
    assert text != BENEFITS
    parsed = read_benefit_plan(text, source="g.yaml", indicators={"fornoyde"})
    assert parsed.ok and parsed.data.benefits[0].expected == value
