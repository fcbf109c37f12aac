"""Benchmark: `sdgplan import observations` against the database's own bulk load.

The national data set of benchmarks/national_data.py (indicators declared first, untimed) is
loaded into a fresh database in two ways, each run in a process of its own:

- sdgplan: `sdgplan.loading.load_observations` in one session, the use case behind
  `sdgplan import observations` (read, check, log every change, save);
- bulk: the same CSV read with the csv module, keys mapped to ids, and the rows written in
  one transaction by the driver: SQLite `executemany`, PostgreSQL `COPY`.

The sides run in turn (sdgplan, bulk, sdgplan, ...); the ratio is taken run by run and the
median printed with the medians of wall time, CPU time and peak memory (the process's peak
resident size, and how much the load added to it). Run:
.venv/bin/python -m benchmarks.ingest [--municipalities N] [--indicators N] [--years N]
    [--repeat 3] [--postgres URL]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.national_data import OWNER, generate
from benchmarks.web_load import database
from sdgplan.reference.municipalities import load_municipalities

SIDES = ("sdgplan", "bulk")
STATUS = {"": "measured", "ikke målt": "not_measured", "tall kommer": "pending"}
OBSERVATION_COLUMNS = (
    "indicator_id, area_id, period, breakdown, value, decimals, status, display, note"
)


def prepare(url: str, folder: Path) -> Any:
    """A database at the newest schema with the data set's indicators and areas stored."""
    from sdgplan import loading
    from sdgplan.store.db import make_engine, session_scope, upgrade

    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        loading.load_indicators(session, folder / "indicators.yaml", who="benchmark")
    return engine


def ingest_sdgplan(engine: Any, folder: Path) -> None:
    from sdgplan import loading
    from sdgplan.store.db import session_scope

    with session_scope(engine) as session:
        loading.load_observations(session, folder / "observations.csv", who="benchmark")


def ingest_bulk(engine: Any, folder: Path) -> None:
    connection = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        mark = "%s" if postgres else "?"
        cursor = connection.cursor()
        if not postgres:
            cursor.execute("BEGIN")
        cursor.execute(  # the owner's own area, which sdgplan adds on its first import
            f"INSERT INTO areas (code, name, kind) VALUES ({mark}, {mark}, 'municipality')",
            (OWNER, load_municipalities()[OWNER].name),
        )
        cursor.execute("SELECT key, id FROM indicators")
        indicators = dict(cursor.fetchall())
        cursor.execute("SELECT code, id FROM areas")
        areas = dict(cursor.fetchall())
        with (folder / "observations.csv").open(encoding="utf-8", newline="") as f:
            rows = [_row(r, indicators, areas) for r in csv.DictReader(f)]
        if postgres:
            with cursor.copy(f"COPY observations ({OBSERVATION_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO observations ({OBSERVATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                rows,
            )
        connection.commit()
    finally:
        connection.close()


def _row(
    record: dict[str, str], indicators: dict[str, int], areas: dict[str, int]
) -> tuple[Any, ...]:
    value = record["value"]
    return (
        indicators[record["indicator_id"]],
        areas[record["area"]],
        record["period"],
        record["breakdown"],
        float(value) if value else None,
        len(value.partition(".")[2]) if value else None,
        STATUS[record["status"].lower()],
        record["display"] or None,
        record["note"] or None,
    )


INGEST: dict[str, Callable[[Any, Path], None]] = {"sdgplan": ingest_sdgplan, "bulk": ingest_bulk}


def child(side: str, url: str, folder: Path) -> dict[str, float]:
    """One timed load in this process; the figures as a dict."""
    engine = prepare(url, folder)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    INGEST[side](engine, folder)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT count(*) FROM observations").scalar()
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": rss_after / 1024,
        "added_mb": (rss_after - rss_before) / 1024,
        "rows": float(stored or 0),
    }


def run_side(side: str, postgres: str | None, folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch, database(postgres, scratch) as url:
        command = [sys.executable, "-m", "benchmarks.ingest", "--child", side, url, str(folder)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL server; a new database is made on it")
    parser.add_argument(
        "--child", nargs=3, metavar=("SIDE", "URL", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        side, url, folder = args.child
        print(json.dumps(child(side, url, Path(folder))))
        return
    with tempfile.TemporaryDirectory() as scratch:
        data = generate(
            Path(scratch),
            municipalities=args.municipalities,
            indicators=args.indicators,
            years=args.years,
        )
        print(
            f"{data.rows} rows ({data.status_rows} with a status word), "
            f"{'PostgreSQL' if args.postgres else 'SQLite'}"
        )
        runs: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
        for _ in range(args.repeat):
            for side in SIDES:
                figures = run_side(side, args.postgres, Path(scratch))
                if figures["rows"] != data.rows:
                    raise SystemExit(f"{side}: {figures['rows']:.0f} rows stored, not {data.rows}")
                runs[side].append(figures)
                print(side, {k: round(v, 3) for k, v in figures.items()}, flush=True)
    for side in SIDES:
        medians = {k: statistics.median(r[k] for r in runs[side]) for k in runs[side][0]}
        print(
            f"{side:8} wall {medians['wall']:.2f} s  CPU {medians['cpu']:.2f} s  "
            f"peak {medians['peak_mb']:.0f} MB (+{medians['added_mb']:.0f} MB)"
        )
    for figure in ("wall", "cpu"):
        ratio = statistics.median(
            a[figure] / b[figure] for a, b in zip(runs["sdgplan"], runs["bulk"], strict=True)
        )
        print(f"ratio sdgplan / bulk ({figure}): {ratio:.1f}")


if __name__ == "__main__":
    main()
