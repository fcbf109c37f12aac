"""Benchmark: comparisons for all indicators and all municipalities (`compare_all`).

The national data set of benchmarks/national_data.py (357 municipalities x 100 indicators x
15 years by default) is loaded into a SQLite file once, the way a user loads it
(`sdgplan.loading`, as benchmarks/ingest.py does), and kept in `--folder` for later runs.
Then `sdgplan.comparing.compare_all` is timed for every indicator and every municipality,
against the country, each municipality's county, and the country weighted by one indicator;
and for the owner, `compare` (one indicator) for comparison. Limit: 10 s. Run:
.venv/bin/python -m benchmarks.compare_national [--folder DIR] [--repeat 3]
    [--municipalities N] [--indicators N] [--years N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.ingest import ingest_sdgplan, prepare
from benchmarks.national_data import OWNER, generate

LIMIT = 10.0


def national_database(folder: Path, *, municipalities: int, indicators: int, years: int) -> str:
    """The URL of the loaded data set in `folder`, built on the first run."""
    name = f"national-{municipalities}x{indicators}x{years}"
    path = folder / f"{name}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        data = folder / name
        generate(data, municipalities=municipalities, indicators=indicators, years=years)
        started = time.perf_counter()
        engine = prepare(f"sqlite:///{path}.partial", data)
        ingest_sdgplan(engine, data)
        engine.dispose()
        Path(f"{path}.partial").rename(path)
        print(f"loaded {name} in {time.perf_counter() - started:.0f} s")
    return url


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU time of `repeat` runs (CPU time is the fairer figure on a busy
    machine), and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "sdgplan")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=15)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    url = national_database(
        args.folder,
        municipalities=args.municipalities,
        indicators=args.indicators,
        years=args.years,
    )

    from sdgplan.comparing import compare, compare_all
    from sdgplan.store import indicator_repo
    from sdgplan.store.db import make_engine, session_scope

    engine = make_engine(url)
    weights = "nasjonal-001"  # stands in for the population

    def run(**options: Any) -> Callable[[], Any]:
        def once() -> Any:
            with session_scope(engine) as session:
                return compare_all(session, OWNER, **options)

        return once

    def read_only() -> Any:
        with session_scope(engine) as session:
            return indicator_repo.load_observations(session, OWNER, every_area=True)

    def one_indicator() -> Any:
        with session_scope(engine) as session:
            key = f"nasjonal-{max(1, args.indicators // 2):03d}"
            return compare(session, indicator=key, group="county", municipality=OWNER)

    cases = {
        "reading the observations (load_observations)": read_only,
        "compare_all, country": run(group="country"),
        "compare_all, each municipality's county": run(group="county"),
        f"compare_all, country weighted by {weights}": run(group="country", weights=weights),
        "compare, one indicator of the owner": one_indicator,
    }
    print(f"data set: {args.municipalities} x {args.indicators} x {args.years} ({url})")
    print(f"{'':<48} {'wall':>8} {'CPU':>8}")
    for label, function in cases.items():
        wall, cpu, result = timed(function, args.repeat)
        size = f"{len(result)} results" if isinstance(result, list) else ""
        ratio = f"CPU {cpu / LIMIT:.2f} of the limit" if label.startswith("compare_all") else ""
        print(f"{label:<48} {wall:7.2f}s {cpu:7.2f}s  {size:>16}  {ratio}", flush=True)
    engine.dispose()


if __name__ == "__main__":
    main()
