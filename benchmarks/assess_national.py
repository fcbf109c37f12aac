"""Benchmark: the Open SDG progress measure for a synthetic national dataset.

357 municipalities x 100 indicators x 15 years (35 700 series), assessed with sdgplan's
`measure_progress` (one series at a time, with reasons), with sdgplan's
`measure_progress_batch` (all series at once) and with plain NumPy over the same arrays
(benchmarks/numpy_progress.py). All must agree; the ratios of the median times are the
price of sdgplan's code. Run: .venv/bin/python -m benchmarks.assess_national
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from benchmarks.numpy_progress import progress_arrays
from sdgplan.assessment import measure_progress, measure_progress_batch

MUNICIPALITIES, INDICATORS, YEARS = 357, 100, 15


def dataset(seed: int = 2030) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = MUNICIPALITIES * INDICATORS
    years = np.arange(2010, 2010 + YEARS)
    start = rng.uniform(1, 1000, n)
    rate = rng.uniform(-0.05, 0.05, n)
    noise = rng.uniform(-0.02, 0.02, (n, YEARS))
    values = start[:, None] * np.cumprod(1 + rate[:, None] + noise, axis=1)
    values[rng.random((n, YEARS)) < 0.1] = np.nan  # "Ikke målt"
    direction = rng.choice([1, -1], n)
    target = np.where(rng.random(n) < 0.3, start * rng.uniform(0.3, 1.7, n), np.nan)
    return values, years, direction, target


def run_sdgplan(values, years, direction, target, *, reasons: bool = False) -> list[str]:
    year_list = years.tolist()
    statuses = []
    for row, d, t in zip(values.tolist(), direction.tolist(), target.tolist(), strict=True):
        result = measure_progress(
            dict(zip(year_list, row, strict=True)),
            direction="higher" if d == 1 else "lower",
            target=None if t != t else t,
        )
        if reasons:
            _ = result.reason_text  # built and rendered in the current language
        statuses.append(result.status.value)
    return statuses


def run_sdgplan_with_reasons(values, years, direction, target) -> list[str]:
    return run_sdgplan(values, years, direction, target, reasons=True)


def run_batch(values, years, direction, target) -> list[str]:
    result = measure_progress_batch(values.T, years, direction=direction, target=target)
    return [status.value for status in result.statuses()]


def run_numpy(values, years, direction, target) -> list[str]:
    statuses, _, _ = progress_arrays(values, years, direction=direction, target=target)
    return statuses.tolist()


def timed(function, *args, repeat: int) -> tuple[float, list[str]]:
    times, result = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = dataset()
    sdgplan_time, sdgplan_statuses = timed(run_sdgplan, *data, repeat=args.repeat)
    reasons_time, _ = timed(run_sdgplan_with_reasons, *data, repeat=args.repeat)
    batch_time, batch_statuses = timed(run_batch, *data, repeat=args.repeat)
    numpy_time, numpy_statuses = timed(run_numpy, *data, repeat=args.repeat)
    assert sdgplan_statuses == numpy_statuses, "measure_progress and NumPy disagree"
    assert sdgplan_statuses == batch_statuses, "measure_progress and the batch disagree"
    series = len(sdgplan_statuses)
    print(f"series: {series} ({MUNICIPALITIES} x {INDICATORS}, {YEARS} years)")
    print(
        f"sdgplan measure_progress: {sdgplan_time:.3f} s median of {args.repeat} "
        f"({sdgplan_time / series * 1e6:.1f} µs per series)"
    )
    print(f"  with both reasons read: {reasons_time:.3f} s")
    print(f"sdgplan batch:            {batch_time:.3f} s median of {args.repeat}")
    print(f"plain NumPy:              {numpy_time:.3f} s median of {args.repeat}")
    print(
        f"ratio sdgplan / NumPy:    {sdgplan_time / numpy_time:.0f} "
        f"(with reasons {reasons_time / numpy_time:.0f})"
    )
    print(f"ratio batch / NumPy:      {batch_time / numpy_time:.2f} (limit 3)")


if __name__ == "__main__":
    main()
