"""The realised benefit: the change from the baseline year's value, judged as key figures
are, with a reason; on a tiny municipality with one indicator loaded through the importers."""

from decimal import Decimal

import pytest

from sdgplan.benefits import assess_benefit_plan, benefit_assessments, import_benefit_file
from sdgplan.domain.benefits import (
    Benefit,
    BenefitArea,
    BenefitPlan,
    ChangeStatus,
    Measurement,
    measure_change,
)
from sdgplan.domain.indicators import Direction, Indicator, Observation, ObservationStatus
from sdgplan.i18n import use_language
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.benefits.tiny import VALUES_2019_2022, benefits_file, load_tiny


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'tiny.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        yield session
    engine.dispose()


def assess(session, folder, rows, *, direction="higher", year=None, text=None):
    load_tiny(session, folder, rows, direction=direction)
    path = benefits_file(folder, text) if text else benefits_file(folder)
    import_benefit_file(session, path, who="test")
    _owner, [assessment] = benefit_assessments(session, year=year)
    [area] = assessment.areas
    [verdict] = area.benefits
    return assessment, area, verdict


def test_benefit_change_from_baseline_on_a_small_fixture(session, tmp_path):
    # a breakdown's figure is not the municipality's own: it never becomes the baseline
    rows = VALUES_2019_2022 + "fornoyde,5001,2019,kvinner,10,,,\n"
    assessment, area, verdict = assess(session, tmp_path, rows)
    assert assessment.year == 2022
    assert verdict.change.status is ChangeStatus.MEASURED
    assert verdict.change.baseline == Measurement(2019, 50.0)
    assert verdict.change.current == Measurement(2022, 58.0)
    assert verdict.change.change == 8.0
    assert verdict.outcome.value == "on_track"
    assert verdict.label == "I rute"
    assert verdict.reason_text == (
        "Endring fra nullpunktet 2019 til 2022: økning på 8 prosentpoeng (bedring). "
        "Andel fornøyde brukere 58 % i 2022; trend bedring fra 2021. "
        "Fra 50 i 2019 til 58 i 2022: +5,1 % per år; målet er 60 i 2023, som krever "
        "+4,7 % per år (forholdstall 1,09): betydelig fremgang."
    )
    with use_language("en"):
        assert verdict.label == "On track"
        assert verdict.reason_text.startswith(
            "Change from the 2019 baseline to 2022: increase of 8 percentage points (improving). "
        )
    assert area.rollup.counts["on_track"] == 1
    assert area.rollup.attainment.value == "good"


def test_a_chosen_year_uses_that_years_value(session, tmp_path):
    _assessment, _area, verdict = assess(session, tmp_path, VALUES_2019_2022, year=2020)
    assert verdict.change.current == Measurement(2020, 52.0)
    assert verdict.change_text == "økning på 2 prosentpoeng (bedring)"
    assert verdict.reason_text.startswith("Endring fra nullpunktet 2019 til 2020:")


def test_lower_is_better_a_fall_is_an_improvement(session, tmp_path):
    rows = "fornoyde,5001,2019,,20.5,,,\nfornoyde,5001,2022,,15.0,,,\n"
    _a, area, verdict = assess(
        session,
        tmp_path,
        rows,
        direction="lower",
        text=_with_expected("12"),
    )
    assert verdict.change.change == -5.5
    assert verdict.change.improved("lower") is True
    assert verdict.change_text == "nedgang på 5,5 prosentpoeng (bedring)"
    assert verdict.outcome.value == "on_track"
    assert "målet er 12 i 2023" in verdict.reason_text


def test_lower_is_better_a_rise_is_off_track(session, tmp_path):
    rows = "fornoyde,5001,2019,,20,,,\nfornoyde,5001,2022,,25,,,\n"
    _a, area, verdict = assess(
        session, tmp_path, rows, direction="lower", text=_with_expected("12")
    )
    assert verdict.change_text == "økning på 5 prosentpoeng (forverring)"
    assert verdict.label == "Utenfor"
    assert verdict.reason_text.endswith(": tilbakegang.")
    assert area.rollup.attainment.value == "poor"


def test_a_missing_baseline_is_not_measured_with_a_reason(session, tmp_path):
    rows = "fornoyde,5001,2019,,,not_measured,,\nfornoyde,5001,2022,,58,,,\n"
    _a, area, verdict = assess(session, tmp_path, rows)
    assert verdict.change.status is ChangeStatus.NOT_MEASURED
    assert verdict.change.change is None
    assert verdict.label == "Ikke målt"
    assert verdict.reason_text == (
        "Andel fornøyde brukere har ingen målt verdi i nullpunktsåret 2019 (ikke målt)."
    )
    assert area.rollup.counts["not_assessed"] == 1
    assert area.rollup.attainment.value == "not_assessed"
    with use_language("en"):
        assert verdict.label == "Not measured"


def test_no_value_after_the_baseline_is_not_followed_up(session, tmp_path):
    rows = "fornoyde,5001,2019,,50,,,\nfornoyde,5001,2020,,,pending,,\n"
    _a, _area, verdict = assess(session, tmp_path, rows)
    assert verdict.change.status is ChangeStatus.NOT_FOLLOWED_UP
    assert verdict.label == "Ikke fulgt opp"
    assert verdict.reason_text == (
        "Andel fornøyde brukere 50 % i nullpunktsåret 2019; ingen måling etter det til og med 2019."
    )


def _with_expected(value: str) -> str:
    from tests.benefits.tiny import BENEFITS

    return BENEFITS.replace("expected: 60", f"expected: {value}")


def test_pure_measure_change_needs_the_baseline_year_itself():
    series = {2020: Measurement(2020, 1.0), 2022: Measurement(2022, 2.0)}
    assert measure_change(series, baseline_year=2019, year=2022).status is (
        ChangeStatus.NOT_MEASURED
    )
    series[2019] = None  # a row that is not a measurement ("Ikke målt")
    assert measure_change(series, baseline_year=2019, year=2022).status is (
        ChangeStatus.NOT_MEASURED
    )


def test_a_benefit_whose_indicator_is_gone_or_missing_is_not_assessed():
    plan = BenefitPlan(
        "p",
        "Plan",
        2019,
        2023,
        areas=(
            BenefitArea(
                "a",
                "Område",
                (
                    Benefit("gone", "Borte", "slettet", Decimal("5")),
                    Benefit("none", "Uten indikator"),
                ),
            ),
        ),
    )
    [area] = assess_benefit_plan(plan, [], [], area="5001", year=2022).areas
    gone, none = area.benefits
    assert (gone.label, gone.reason_text) == (
        "Ingen indikator",
        "Indikatoren «slettet» finnes ikke.",
    )
    assert none.reason_text == "Gevinsten har ingen indikator."
    assert area.rollup.counts["not_assessed"] == 2


def test_the_expected_value_replaces_the_indicators_own_threshold():
    from sdgplan.domain.rules import Threshold

    indicator = Indicator("i", "Andel", "%", Direction.HIGHER, threshold=Threshold.parse("> 90 %"))
    observations = [
        Observation("i", "5001", "2019", 50.0),
        Observation("i", "5001", "2022", 58.0),
        Observation("i", "0301", "2019", 99.0),  # another area: never read
        Observation("i", "5001", "2021", None, ObservationStatus.PENDING),
    ]
    plan = BenefitPlan(
        "p",
        "Plan",
        2019,
        2023,
        areas=(BenefitArea("a", "A", (Benefit("b", "B", "i", Decimal("60")),)),),
    )
    [area] = assess_benefit_plan(plan, [indicator], observations, area="5001").areas
    [verdict] = area.benefits
    assert verdict.outcome.value == "on_track"  # the rule "> 90 %" would say off track
    assert "oppfyller" not in verdict.reason_text
    # without an expected value the indicator's own rule judges it
    plain = BenefitPlan(
        "p", "Plan", 2019, areas=(BenefitArea("a", "A", (Benefit("b", "B", "i"),)),)
    )
    [area] = assess_benefit_plan(plain, [indicator], observations, area="5001").areas
    assert area.benefits[0].label == "Utenfor"
    assert "oppfyller ikke kravet > 90 %" in area.benefits[0].reason_text
