"""The climate budget's rules (domain.climate), checked by hand."""

import pytest

from sdgplan.domain.climate import (
    ClimateBudget,
    ClimateMeasure,
    ClimateTarget,
    Emission,
    MeasureStatus,
    PathPoint,
    Sector,
    budget_years,
    ceiling,
    yearly_totals,
)

ASKER_TARGET = ClimateTarget(reference_year=2009, target_year=2030, reduction_percent=67)


def test_the_ceiling_for_2025_on_a_straight_line():
    # 319 614 t in 2009, -67 % by 2030: 2025 is 16 of the 21 years along the line
    start, end = 319_614, 319_614 * 0.33
    by_hand = start + (end - start) * 16 / 21
    assert by_hand == pytest.approx(156_458.662857, abs=1e-6)
    assert ceiling(ASKER_TARGET, 2025, reference_total=319_614) == pytest.approx(by_hand)


def test_the_line_starts_at_the_reference_total_and_ends_at_the_target():
    assert ceiling(ASKER_TARGET, 2009, reference_total=1000) == 1000
    assert ceiling(ASKER_TARGET, 2030, reference_total=1000) == pytest.approx(330)
    assert ceiling(ASKER_TARGET, 2008, reference_total=1000) is None
    assert ceiling(ASKER_TARGET, 2031, reference_total=1000) is None
    assert ceiling(ASKER_TARGET, 2020, reference_total=None) is None


def test_a_chosen_path_is_linear_between_its_points():
    target = ClimateTarget(
        2009, 2030, 67, path=(PathPoint(2020, 200), PathPoint(2024, 120), PathPoint(2030, 90))
    )
    assert ceiling(target, 2022, reference_total=None) == 160
    assert ceiling(target, 2024, reference_total=999) == 120  # the path wins over the line
    assert ceiling(target, 2027, reference_total=None) == 105
    assert ceiling(target, 2019, reference_total=None) is None


def test_land_use_is_not_in_the_direct_emissions():
    emissions = [
        Emission(2021, Sector.ROAD_TRAFFIC, 100.5),
        Emission(2021, Sector.HEATING, 20),
        Emission(2021, Sector.LAND_USE, -5000),
    ]
    assert yearly_totals(emissions) == {2021: 120.5}


def test_projection_subtracts_the_measures_that_count_each_year():
    budget = ClimateBudget(
        target=ClimateTarget(2020, 2025, 50),
        emissions=(Emission(2020, Sector.UNSPECIFIED, 1000), Emission(2022, Sector.HEATING, 900)),
        measures=(
            ClimateMeasure("a", "A", effect=100, start_year=2023),
            ClimateMeasure("b", "B", effect=50, start_year=2024, end_year=2024),
            ClimateMeasure("c", "C", effect=400, start_year=2023, status=MeasureStatus.CANCELLED),
        ),
    )
    rows = {row.year: row for row in budget_years(budget)}
    assert list(rows) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert [rows[y].projection for y in rows] == [None, None, 900, 800, 750, 800]
    # ceiling: 1000 -> 500 over five years, 100 a year
    assert [rows[y].ceiling for y in rows] == [1000, 900, 800, 700, 600, 500]
    # gap: measured emissions where there are any, else the projection, minus the ceiling
    assert [rows[y].gap for y in rows] == [0, None, 100, 100, 150, 300]
    assert rows[2021].emissions is None
