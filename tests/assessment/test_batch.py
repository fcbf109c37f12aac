"""The batch progress measure gives exactly the verdicts of `measure_progress`, series by series:
on seeded random series with every edge case, and on Asker's real indicators."""

import numpy as np
import pytest

from sdgplan.assessment import ProgressStatus, measure_progress, measure_progress_batch
from sdgplan.assessment.verdicts import assess_indicator, yearly_series
from sdgplan.domain.indicators import ObservationStatus
from sdgplan.loading import load_example
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope, upgrade

YEARS = np.arange(2010, 2025)


def one_by_one(values, years, direction, base_year, target, target_year, limit):
    """measure_progress for each column, as the batch's expected result."""
    results = []
    for column in range(values.shape[1]):
        results.append(
            measure_progress(
                dict(zip(years.tolist(), values[:, column].tolist(), strict=True)),
                direction="higher" if direction[column] == 1 else "lower",
                base_year=int(base_year[column]),
                target=None if np.isnan(target[column]) else float(target[column]),
                target_year=int(target_year[column]),
                limit=None if np.isnan(limit[column]) else float(limit[column]),
            )
        )
    return results


def assert_same(batch, results):
    assert batch.statuses() == [r.status for r in results]
    expected_scores = np.array([np.nan if r.score is None else r.score for r in results])
    expected_values = np.array([np.nan if r.value is None else r.value for r in results])
    # the same operations in the same order; NumPy's vectorised log and power may round the
    # last bits otherwise than the C library's (which SIMD code runs depends on the CPU)
    np.testing.assert_allclose(batch.scores, expected_scores, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(batch.values, expected_values, rtol=1e-12, atol=1e-15)


def random_series(seed, n=3000):
    """Series with gaps, zeros, negatives, sign changes, short spans, targets both ways,
    targets of zero or equal to the base, limits (at, below, between and beyond 2x)."""
    rng = np.random.default_rng(seed)
    start = rng.choice([-1, 1], n) * rng.uniform(0.5, 500, n)
    start[rng.random(n) < 0.03] = 0
    rate = rng.uniform(-0.08, 0.08, n)
    noise = rng.uniform(-0.03, 0.03, (len(YEARS), n))
    values = start * np.cumprod(1 + rate + noise, axis=0)
    values[rng.random(values.shape) < rng.uniform(0, 0.9, n)] = np.nan
    flips = rng.random(n) < 0.03
    values[-1, flips] = -values[0, flips] + 1  # latest of the opposite sign
    values[:, rng.random(n) < 0.02] = np.nan  # nothing measured
    only_before = rng.random(n) < 0.02
    values[5:, only_before] = np.nan  # nothing from the base year 2015 on
    one_year = rng.random(n) < 0.03
    values[6:, one_year] = np.nan  # only 2015 (or earlier) measured
    direction = rng.choice([1, -1], n)
    base_year = rng.choice([2015, 2015, 2015, 2012, 2020, 2024, 2030], n)
    target_year = rng.choice([2030, 2030, 2025, 2024, 2020], n)
    base = np.where(np.isnan(values[5]), start, values[5])
    target = np.select(
        [rng.random(n) < 0.4, rng.random(n) < 0.05, rng.random(n) < 0.05, rng.random(n) < 0.05],
        [base * rng.uniform(0.3, 1.7, n), 0.0, base, -base],
        np.nan,
    )
    equal = rng.random(n) < 0.03
    target[equal] = values[-1, equal]  # exactly reached (or NaN: no target)
    limit = np.select(
        [rng.random(n) < 0.05, rng.random(n) < 0.05, rng.random(n) < 0.1],
        [np.abs(start), np.abs(start) * 0.7, np.abs(start) * rng.uniform(0.1, 3, n)],
        np.nan,
    )
    return values, YEARS, direction, base_year, target, target_year, limit


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_equals_one_by_one_on_random_series(seed):
    values, years, direction, base_year, target, target_year, limit = random_series(seed)
    batch = measure_progress_batch(
        values,
        years,
        direction=direction,
        base_year=base_year,
        target=target,
        target_year=target_year,
        limit=limit,
    )
    results = one_by_one(values, years, direction, base_year, target, target_year, limit)
    assert_same(batch, results)
    # the set covers every status and both kinds of unavailable score
    assert set(batch.statuses()) == set(ProgressStatus)
    assert np.isnan(batch.scores).sum() > 50


def test_edge_cases_one_by_one():
    nan = np.nan
    columns = {
        "nothing": ([nan, nan, nan], 1, nan),
        "before the base year only": ([5.0, nan, nan], 1, nan),
        "one year": ([nan, 5.0, nan], 1, nan),
        "rising, no target": ([nan, 100.0, 110.0], 1, nan),
        "falling, lower is better": ([nan, 100.0, 90.0], -1, nan),
        "target reached, higher": ([nan, 100.0, 120.0], 1, 120.0),
        "target reached, lower": ([nan, 100.0, 80.0], -1, 80.0),
        "target of zero": ([nan, 10.0, 5.0], -1, 0.0),
        "target equal to the base": ([nan, 10.0, 9.0], 1, 10.0),
        "opposite signs": ([nan, 10.0, -1.0], 1, nan),
        "zero base": ([nan, 0.0, 4.0], 1, nan),
        "negative base": ([nan, -10.0, -8.0], 1, nan),
    }
    years = np.array([2014, 2015, 2020])
    values = np.array([c[0] for c in columns.values()]).T
    direction = np.array([c[1] for c in columns.values()])
    target = np.array([c[2] for c in columns.values()])
    n = len(columns)
    batch = measure_progress_batch(values, years, direction=direction, target=target)
    results = one_by_one(
        values, years, direction, np.full(n, 2015), target, np.full(n, 2030), np.full(n, nan)
    )
    assert_same(batch, results)
    statuses = dict(zip(columns, batch.statuses(), strict=True))
    assert statuses["nothing"] is ProgressStatus.NOT_AVAILABLE
    assert statuses["before the base year only"] is ProgressStatus.NOT_AVAILABLE
    assert statuses["one year"] is ProgressStatus.NOT_AVAILABLE
    assert statuses["target reached, lower"] is ProgressStatus.TARGET_ACHIEVED
    assert statuses["target equal to the base"] is ProgressStatus.NOT_AVAILABLE
    assert statuses["opposite signs"] is ProgressStatus.NOT_AVAILABLE
    assert statuses["rising, no target"] is ProgressStatus.SUBSTANTIAL_PROGRESS


def test_years_in_any_order_and_directions_by_name():
    values = np.array([[110.0, 90.0], [100.0, 100.0]])  # 2020 first, then 2015
    batch = measure_progress_batch(values, [2020, 2015], direction=["higher", "lower"])
    assert batch.statuses() == [ProgressStatus.SUBSTANTIAL_PROGRESS] * 2
    with pytest.raises(ValueError, match="higher"):
        measure_progress_batch(values, [2020, 2015], direction="up")
    with pytest.raises(ValueError, match="years x series"):
        measure_progress_batch(values, [2020], direction=1)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('asker') / 'a.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    with session_scope(engine) as session:
        data = indicator_repo.load_indicator_set(session, "3203")
        observations = indicator_repo.load_observations(session, "3203")
    engine.dispose()
    return data, observations


def test_batch_equals_one_by_one_on_askers_indicators(asker):
    """Every Asker indicator with a direction, in every area, as the assessment reads it."""
    data, observations = asker
    grouped = {}
    for obs in observations:
        if not obs.breakdown:
            grouped.setdefault((obs.indicator, obs.area), []).append(obs)
    indicators = {i.key: i for i in data.indicators if i.direction is not None}
    keys = [k for k in grouped if k[0] in indicators]
    series = []
    for key, area in keys:
        yearly = yearly_series(grouped[key, area])
        series.append(
            {
                y: o.value
                for y, o in yearly.items()
                if o.status is ObservationStatus.MEASURED and o.value is not None
            }
        )
    years = np.array(sorted({y for s in series for y in s}))
    values = np.array([[s.get(y, np.nan) for s in series] for y in years.tolist()])
    chosen = [indicators[key] for key, _ in keys]
    targets, target_years = [], []
    for indicator, measured in zip(chosen, series, strict=True):
        resolved = indicator.target.resolve(measured) if indicator.target else None
        targets.append(np.nan if resolved is None else resolved[0])
        target_years.append(indicator.target.year if indicator.target else 2030)
    arguments = {
        "direction": np.array([1 if i.direction.value == "higher" else -1 for i in chosen]),
        "base_year": np.array([i.progress.base_year for i in chosen]),
        "target": np.array(targets, dtype=float),
        "target_year": np.array(target_years),
        "limit": np.array(
            [np.nan if i.progress.limit is None else i.progress.limit for i in chosen]
        ),
    }
    batch = measure_progress_batch(values, years, **arguments)
    assert_same(batch, one_by_one(values, years, *arguments.values()))
    assert len(keys) > 80 and len(set(batch.statuses())) >= 4
    # and the assessment's own progress, for Asker itself in its latest year
    statuses = dict(zip(keys, batch.statuses(), strict=True))
    for (key, area), status in statuses.items():
        if area == "3203":
            verdict = assess_indicator(indicators[key], grouped[key, area], year=max(years))
            assert verdict.progress.status is status, key
