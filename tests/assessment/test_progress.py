"""The Open SDG progress measure on hand-computed cases."""

import math

import pytest

from sdgplan.assessment import ProgressStatus, measure_progress
from sdgplan.i18n import use_language


def test_growth_without_target():
    # 100 -> 110 over five years: (1.1)^(1/5) - 1 = 1.924 % a year > 1.5 %
    p = measure_progress({2015: 100, 2020: 110}, direction="higher")
    assert p.status is ProgressStatus.SUBSTANTIAL_PROGRESS
    assert p.value == pytest.approx(0.019245, abs=1e-6)
    assert p.score == pytest.approx(500 * 0.0192449 - 5, abs=1e-4)
    assert p.reason_text == "Fra 100 i 2015 til 110 i 2020: +1,9 % per år: betydelig fremgang."
    with use_language("en"):
        english = p.reason_text
    assert english == "From 100 in 2015 to 110 in 2020: +1.9% a year: substantial progress."


@pytest.mark.parametrize(
    ("latest", "status", "score"),
    [
        (103.0, ProgressStatus.MODERATE_PROGRESS, 250 * (1.03**0.2 - 1) - 1.25),  # 0,593 %
        (101.0, ProgressStatus.LIMITED_PROGRESS, 500 * (1.01**0.2 - 1) - 2.5),  # 0,199 %
        (95.0, ProgressStatus.DETERIORATION, max(125 * (0.95**0.2 - 1) - 2.5, -5)),
    ],
)
def test_thresholds_without_target(latest, status, score):
    p = measure_progress({2015: 100, 2020: latest}, direction="higher")
    assert p.status is status
    assert p.score == pytest.approx(score)


def test_lower_is_better_flips_the_sign():
    p = measure_progress({2015: 100, 2020: 90}, direction="lower")
    assert p.status is ProgressStatus.SUBSTANTIAL_PROGRESS
    assert p.value == pytest.approx(1 - 0.9**0.2)


def test_with_target_ratio_of_growth():
    # needed: 100 -> 50 by 2030 from 2015, actual 100 -> 80 by 2020 (lower is better)
    p = measure_progress({2015: 100, 2020: 80}, direction="lower", target=50)
    needed = 0.5 ** (1 / 15) - 1
    actual = 0.8 ** (1 / 5) - 1
    assert p.value == pytest.approx(-actual / abs(needed))  # lower is better: -1 x actual
    assert p.value > 0.95 and p.status is ProgressStatus.SUBSTANTIAL_PROGRESS
    assert p.score == pytest.approx(min(7.1429 * p.value - 4.2857, 5))


def test_target_achieved_scores_five():
    p = measure_progress({2015: 100, 2020: 40}, direction="lower", target=50)
    assert (p.status, p.score) == (ProgressStatus.TARGET_ACHIEVED, 5.0)
    assert p.reason_text.endswith(": målet er nådd.")


def test_missing_base_year_uses_next_year_with_data():
    p = measure_progress({2017: 100, 2018: None, 2020: 110}, direction="higher")
    assert p.base_year == 2017
    assert p.value == pytest.approx(1.1 ** (1 / 3) - 1)


def test_zero_base_and_zero_target_become_one_thousandth():
    p = measure_progress({2015: 0, 2020: 0.002}, direction="higher")
    assert p.value == pytest.approx(2**0.2 - 1)
    t = measure_progress({2015: 10, 2020: 5}, direction="lower", target=0)
    assert t.value == pytest.approx((0.5**0.2 - 1) / abs((0.001 / 10) ** (1 / 15) - 1) * -1)


def test_opposite_signs_are_not_available():
    p = measure_progress({2015: -10, 2020: 5}, direction="higher")
    assert (p.status, p.score, p.value) == (ProgressStatus.NOT_AVAILABLE, None, None)
    assert p.reason_text.endswith(": basisverdi og siste verdi har motsatt fortegn.")
    with use_language("en"):
        assert p.reason_text.endswith(
            "Not available: the base and latest values have opposite signs."
        )


def test_negative_values_keep_their_meaning():
    # from -10 to -5, higher is better: improving; sign correction makes it positive
    p = measure_progress({2015: -10, 2020: -5}, direction="higher")
    assert p.value == pytest.approx(-(0.5**0.2 - 1))
    assert p.status is ProgressStatus.SUBSTANTIAL_PROGRESS


@pytest.mark.parametrize(
    "values", [{}, {2020: 5}, {2010: 1, 2012: 2}, {2015: float("nan"), 2016: None}]
)
def test_not_enough_data(values):
    assert measure_progress(values, direction="higher").status is ProgressStatus.NOT_AVAILABLE


def test_limit_scales_thresholds_down():
    # base 95 near the limit 100: coefficient 1 - 0.95^4.44 = 0.2033
    coefficient = 1 - 0.95**4.44
    values = {2015: 95, 2020: 95 * 1.002**5}  # 0,2 % a year
    plain = measure_progress(values, direction="higher")
    near = measure_progress(values, direction="higher", limit=100)
    assert plain.status is ProgressStatus.LIMITED_PROGRESS
    assert 0.002 >= 0.015 * coefficient * 0.6
    assert near.status is ProgressStatus.MODERATE_PROGRESS
    assert near.score == pytest.approx(250 * 0.002 / coefficient - 1.25)


def test_asker_emissions_target():
    """-67 % from 2009 to 2030, -44 % reached by 2021: the 2009 level is 178 984 / 0,56."""
    base_2009 = 178984 / 0.56
    p = measure_progress(
        {2019: 186211, 2020: 180661, 2021: 178984},
        direction="lower",
        target=base_2009 * 0.33,
        target_year=2030,
    )
    assert p.status is ProgressStatus.LIMITED_PROGRESS
    needed = (base_2009 * 0.33 / 186211) ** (1 / 11) - 1
    actual = (178984 / 186211) ** 0.5 - 1
    assert p.value == pytest.approx(actual / abs(needed) * -1)
    assert math.isclose(p.value, 0.389, abs_tol=0.001)
