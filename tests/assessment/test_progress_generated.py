"""sdgplan's per-series Open SDG method against a second, array-wise implementation of
sdg-build's documented behaviour (benchmarks/numpy_progress.py), on generated series."""

import math
import random

import numpy as np
import pytest
from benchmarks.numpy_progress import progress_arrays

from sdgplan.assessment import measure_progress

YEARS = np.arange(2010, 2025)


def generated_series(seed: int, count: int):
    """Random series with the edge cases mixed in: gaps, zeros, sign changes, short
    series, targets already met, zero targets, values near a limit."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        kind = rng.choice(
            ["growth", "gaps", "zero_base", "sign_change", "short", "negative", "flat"]
        )
        start = rng.uniform(1, 1000) * (-1 if kind == "negative" else 1)
        rate = rng.uniform(-0.06, 0.06)
        values = [start * (1 + rate + rng.uniform(-0.02, 0.02)) ** i for i in range(len(YEARS))]
        if kind == "gaps":
            values = [v if rng.random() > 0.4 else math.nan for v in values]
        elif kind == "zero_base":
            values[5] = 0.0
            values[:5] = [math.nan] * 5
        elif kind == "sign_change":
            values[-1] = -values[-1]
        elif kind == "short":
            keep = rng.randint(0, 2)
            values = (
                [math.nan] * (len(YEARS) - keep) + values[-keep:]
                if keep
                else [math.nan] * len(YEARS)
            )
        elif kind == "flat":
            values = [start] * len(YEARS)
        direction = rng.choice([1, -1])
        roll = rng.random()
        target = math.nan
        if roll < 0.35:
            target = start * rng.uniform(0.3, 1.7)
        elif roll < 0.40:
            target = 0.0
        limit = start * rng.uniform(0.8, 2.5) if 0.40 <= roll < 0.6 else math.nan
        base_year = rng.choice([2010, 2012, 2015, 2015, 2018])
        cases.append((values, direction, target, limit, base_year))
    return cases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_status_and_score_as_the_array_implementation(seed):
    cases = generated_series(seed, 150)
    for base_year in {c[4] for c in cases}:
        group = [c for c in cases if c[4] == base_year]
        values = np.array([c[0] for c in group], dtype=float)
        statuses, scores, _ = progress_arrays(
            values,
            YEARS,
            direction=np.array([c[1] for c in group]),
            base_year=base_year,
            target=np.array([c[2] for c in group]),
            limit=np.array([c[3] for c in group]),
        )
        for case, status, score in zip(group, statuses, scores, strict=True):
            series, direction, target, limit, _ = case
            p = measure_progress(
                dict(zip(YEARS.tolist(), series, strict=True)),
                direction="higher" if direction == 1 else "lower",
                base_year=base_year,
                target=None if math.isnan(target) else target,
                limit=None if math.isnan(limit) else limit,
            )
            assert p.status.value == status, case
            if p.score is None:
                assert math.isnan(score), case
            else:
                assert p.score == pytest.approx(score, abs=1e-9), case


def test_the_cases_cover_every_status():
    cases = generated_series(1, 150) + generated_series(2, 150) + generated_series(3, 150)
    statuses = {
        measure_progress(
            dict(zip(YEARS.tolist(), c[0], strict=True)),
            direction="higher" if c[1] == 1 else "lower",
            base_year=c[4],
            target=None if math.isnan(c[2]) else c[2],
            limit=None if math.isnan(c[3]) else c[3],
        ).status.value
        for c in cases
    }
    assert statuses == {
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
        "not_available",
    }
