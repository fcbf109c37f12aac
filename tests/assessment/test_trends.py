import pytest

from sdgplan.assessment import EurostatCategory, TrendStatus, eurostat_trend, plain_trend


@pytest.mark.parametrize(
    ("latest", "category"),
    [
        (110.0, EurostatCategory.SIGNIFICANT_PROGRESS),  # +1,9 % a year
        (103.0, EurostatCategory.MODERATE_PROGRESS),  # +0,6 %
        (98.0, EurostatCategory.MODERATE_MOVEMENT_AWAY),  # -0,4 %
        (90.0, EurostatCategory.SIGNIFICANT_MOVEMENT_AWAY),  # -2,1 %
    ],
)
def test_eurostat_without_target(latest, category):
    trend = eurostat_trend({2015: 100, 2020: latest}, direction="higher")
    assert trend.category is category
    assert (trend.base_year, trend.latest_year) == (2015, 2020)


def test_eurostat_spans():
    values = {year: 100 * 1.02 ** (year - 2005) for year in range(2005, 2021)}
    assert eurostat_trend(values, direction="higher").base_year == 2015
    assert eurostat_trend(values, direction="higher", span=15).base_year == 2005
    # a series of two years is too short for a trend (at least three years)
    short = eurostat_trend({2019: 1, 2020: 2}, direction="higher")
    assert short.category is EurostatCategory.NOT_AVAILABLE
    # missing base year: the first later year that still leaves three years
    assert eurostat_trend({2017: 100, 2020: 110}, direction="higher").base_year == 2017


@pytest.mark.parametrize(
    ("latest", "category"),
    [
        (80.0, EurostatCategory.SIGNIFICANT_PROGRESS),
        (90.0, EurostatCategory.INSUFFICIENT_PROGRESS),
        (85.0, EurostatCategory.MODERATE_PROGRESS),
        (105.0, EurostatCategory.MOVEMENT_AWAY),
    ],
)
def test_eurostat_with_target(latest, category):
    # target 50 by 2030 from 100 in 2015: needs -4,5 % a year
    trend = eurostat_trend({2015: 100, 2020: latest}, direction="lower", target=50)
    assert trend.category is category, trend


@pytest.mark.parametrize(
    ("values", "direction", "status"),
    [
        ({2021: 100, 2022: 105}, "higher", TrendStatus.IMPROVING),
        ({2021: 100, 2022: 105}, "lower", TrendStatus.WORSENING),
        ({2021: 100, 2022: 100.5}, "higher", TrendStatus.STABLE),
        ({2020: 4.4, 2021: None, 2022: -0.7}, "higher", TrendStatus.WORSENING),
        ({2022: 1}, "higher", TrendStatus.NOT_AVAILABLE),
        ({2021: 1, 2022: 2}, None, TrendStatus.NOT_AVAILABLE),
        ({2021: 0, 2022: 0.005}, "higher", TrendStatus.STABLE),
    ],
)
def test_plain_trend(values, direction, status):
    assert plain_trend(values, direction=direction).status is status


def test_rule_texts_keep_two_decimals():
    from sdgplan.domain.rules import Threshold, ValueRange

    assert str(ValueRange.parse("1,30-1,69 %")) == "1.30-1.69 %"
    assert str(ValueRange(10, 20)) == "10-20"
    assert str(Threshold.parse("> 140 kr/ m2")) == "> 140 kr/m2"
    assert str(Threshold.parse("10-20 %")) == "10-20 %"
    assert Threshold.parse("10-20 %").is_met(20) and not Threshold.parse("10-20 %").is_met(21)
