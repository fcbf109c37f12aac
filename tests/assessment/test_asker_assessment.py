"""The assessment of the Asker example for 2022, as the issue states it."""

import pytest

from sdgplan.assessment import ProgressStatus
from sdgplan.assessment.rollup import Attainment
from sdgplan.assessment.verdicts import Outcome, RuleStatus
from sdgplan.i18n import use_language


def verdict(assessment, key):
    return next(v for v in assessment.indicators if v.indicator.key == key)


def test_fiscal_rules_2022(assessment):
    fund = verdict(assessment, "okonomi-disposisjonsfond")
    assert fund.threshold_status is RuleStatus.MET
    assert fund.reason_text.startswith(
        "Disposisjonsfond som andel av brutto driftsinntekter "
        "14,8 % i 2022; oppfyller kravet > 10 %"
    )
    result = verdict(assessment, "okonomi-netto-driftsresultat")
    assert result.threshold_status is RuleStatus.NOT_MET
    assert result.reason_text.startswith(
        "Netto driftsresultat som andel av brutto driftsinntekter "
        "-0,7 % i 2022; oppfyller ikke kravet > 3 %"
    )
    with use_language("en"):
        assert "-0.7% in 2022; does not meet the requirement > 3%" in result.reason_text
    debt = verdict(assessment, "okonomi-netto-lanegjeld")
    assert debt.threshold_status is RuleStatus.NOT_MET and "97,4 %" in debt.reason_text
    assert "oppfyller ikke kravet < 80 %" in debt.reason_text
    maintenance = verdict(assessment, "okonomi-vedlikehold-formalsbygg")
    assert maintenance.threshold_status is RuleStatus.NOT_MET
    assert "132 kr/m2 i 2022; oppfyller ikke kravet > 140 kr/m2" in maintenance.reason_text


def test_emissions_limited_progress_towards_2030(assessment):
    emissions = verdict(assessment, "klima-direkte-utslipp")
    assert emissions.progress.status is ProgressStatus.LIMITED_PROGRESS
    assert emissions.period == 2021  # 2022 is "Tall kommer"
    assert "(tall kommer for 2022; siste måling brukes)" in emissions.reason_text
    for figure in (
        "-67 % fra 2009 til 2030",
        "-44 % nådd i 2021",
        "178 984 i 2021",
        "186 211 i 2019",
        "-2,0 % per år",
        "-5,0 % per år",
        "forholdstall 0,39",
        "begrenset fremgang",
    ):
        assert figure in emissions.reason_text, figure
    with use_language("en"):
        english = emissions.reason_text
    for figure in ("-67% from 2009 to 2030", "178,984 in 2021", "(ratio 0.39): limited progress"):
        assert figure in english, figure


def test_population_growth_bands(assessment):
    growth = verdict(assessment, "byer-befolkningsvekst")
    assert growth.band_status == "acceptable"  # 1,8 % in 2022: acceptable 1,70-1,99 %
    assert growth.outcome is Outcome.WATCH


def test_not_measured_is_not_zero(assessment):
    survey = verdict(assessment, "medarbeidere-kompetanseutvikling")
    assert (survey.period, survey.value) == (2021, 3.7)
    assert "ikke målt for 2022" in survey.reason_text


def test_rollups_carry_counts(assessment):
    economy = next(r for r in assessment.rollups if r.level == "focus_area" and r.name == "Økonomi")
    assert economy.counts == {"on_track": 1, "watch": 0, "off_track": 3, "not_assessed": 0}
    assert economy.attainment is Attainment.POOR and economy.score == -0.5
    assert economy.reason_text == (
        "Svak måloppnåelse: 1 i rute, 0 følges med, 3 utenfor, 0 ikke "
        "vurdert av 4 indikatorer (snitt -0,50)."
    )
    developing = next(
        r for r in assessment.rollups if r.name.startswith("Asker kommune har god økonomistyring")
    )
    assert developing.attainment is Attainment.NOT_ASSESSED
    assert developing.reason_text.endswith("nøkkeltall under utvikling.")
    assert developing.under_development and not economy.under_development
    with use_language("en"):
        assert economy.reason_text == (
            "Poor attainment: 1 on track, 0 to watch, 3 off track, 0 not assessed "
            "of 4 indicators (mean -0.50)."
        )
        assert developing.reason_text.endswith("key figures under development.")
    focus_areas = [r for r in assessment.rollups if r.level == "focus_area"]
    assert len(focus_areas) == 8
    assert sum(len(r.indicators) for r in focus_areas) == 91
    climate = next(r for r in assessment.rollups if r.level == "sdg" and r.name.startswith("13"))
    assert "klima-direkte-utslipp" in climate.indicators
    assert sum(climate.counts.values()) == len(climate.indicators)


def test_coverage(assessment):
    coverage = assessment.coverage
    goals = {(a, g[:30]): d for a, g, d in coverage.goals_without_indicators}
    assert sum(goals.values()) == 4  # the four under development
    assert goals[("Bærekraftige byer og samfunn", "Askersamfunnet har bærekraftig")] is False
    assert "klima-reiser-sykkel" in coverage.indicators_without_recent_values  # never measured
    assert "okonomi-disposisjonsfond" not in coverage.indicators_without_recent_values
    assert coverage.targets_without_indicators == ["13.3"]


def test_eurostat_uses_the_target(assessment):
    from sdgplan.assessment.verdicts import assess_indicator
    from sdgplan.domain.indicators import Direction, Indicator, Observation
    from sdgplan.domain.rules import Target

    emissions = verdict(assessment, "klima-direkte-utslipp")
    assert emissions.eurostat_short.category.value == "not_available"  # 2019-2021 only
    indicator = Indicator("x", "X", direction=Direction.LOWER, target=Target(2030, value=50))
    observations = [
        Observation("x", "3203", str(y), 100 - 3 * (y - 2015), decimals=0)
        for y in range(2015, 2021)
    ]
    result = assess_indicator(indicator, observations, year=2020)
    # 100 -> 85 in 2015-2020 is -3,2 % a year; 100 -> 50 by 2030 needs -4,5 %: ratio 0,71
    assert result.eurostat_short.ratio == pytest.approx((0.85**0.2 - 1) / (0.5 ** (1 / 15) - 1))
    assert result.eurostat_short.category.value == "moderate_progress"


def test_unresolvable_target_is_said():
    from sdgplan.assessment.verdicts import assess_indicator
    from sdgplan.domain.indicators import Direction, Indicator, Observation
    from sdgplan.domain.rules import Target

    indicator = Indicator(
        "x", "X", direction=Direction.LOWER, target=Target(2030, change=-50, base_year=2009)
    )
    observations = [Observation("x", "3203", str(y), 10 - y + 2019) for y in (2019, 2020)]
    result = assess_indicator(indicator, observations, year=2020)
    assert "Målet -50 % fra 2009 kan ikke regnes om til et nivå" in result.reason_text
    with use_language("en"):
        assert "progress is measured without it" in result.reason_text


def test_indicators_whose_goal_left_the_plan(assessment, catalogue):
    import copy

    from sdgplan.assessment import assess_plan
    from sdgplan.domain.indicators import GoalRef, IndicatorSet, Observation

    assert assessment.coverage.indicators_with_unknown_goals == []
    indicator = copy.deepcopy(assessment.indicators[0].indicator)
    indicator.goals = (GoalRef("Økonomi", "Et mål som er omformulert"),)
    data = IndicatorSet(indicators=[indicator])
    plan_version = _version_of(assessment)
    result = assess_plan(
        plan_version,
        data,
        [Observation(indicator.key, "3203", "2022", 1.0)],
        area="3203",
        year=2022,
        catalogue=catalogue,
    )
    assert result.coverage.indicators_with_unknown_goals == [indicator.key]


def _version_of(assessment):
    from sdgplan.domain.plan import FocusArea, Goal, PlanVersion, VersionKind

    return PlanVersion(VersionKind.ADOPTED, None, [FocusArea("Økonomi", Goal("Hovedmål", ()), [])])
