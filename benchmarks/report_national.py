"""Benchmark: Asker's HTML report with every municipality's figures stored (issue 13, item 8).

Two SQLite databases: the Asker example alone, and the Asker example plus the national data
set of benchmarks/national_data.py (its indicators, with the other municipalities declared as
Asker's areas, and their observations, loaded as `sdgplan import` does; untimed). In each,
Asker's four-year report is gathered and rendered as HTML with interactive charts, inside
this process: one warm-up, then the median of `--repeat` builds. The two HTML files must be
identical; the ratio of the medians is printed (target: at most 1.5), and the same without
the time the store takes to read the observations (`indicator_repo.load_observations`, timed
on its own), which is the store's part.

With `--shared` the data set is held once by a national office (`NO-SSB`, its series shared
by every municipality) and Asker's database binds one indicator to each series (`series:`);
"alone" is then the same with the office holding only Asker's own figures. Run:
.venv/bin/python -m benchmarks.report_national [--municipalities N] [--indicators N]
    [--years N] [--repeat 5] [--shared]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from sqlalchemy import Engine

from benchmarks.national_data import generate
from sdgplan import loading
from sdgplan.domain.plan import OrgKind
from sdgplan.organisations import add_organisation
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope, upgrade

TARGET = 1.5
OFFICE = "NO-SSB"


def asker_database(url: str, national: Path | None = None, *, shared: bool = False) -> Engine:
    """The Asker example, with the national data set of `national` (a folder) if given;
    `shared`: held by the office, and Asker's indicators bound to its series."""
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        loading.load_example(session, "asker", who="benchmark")
    if national is None:
        return engine
    owner = OFFICE if shared else None
    if shared:
        with session_scope(engine) as session:
            add_organisation(
                session, code=OFFICE, name="Statistisk sentralbyrå", kind=OrgKind.OTHER, who="b"
            )
    with session_scope(engine) as session:
        loading.load_indicators(
            session, national / "indicators.yaml", municipality=owner, who="benchmark"
        )
    with session_scope(engine) as session:
        loading.load_observations(
            session, national / "observations.csv", municipality=owner, who="benchmark"
        )
    if shared:
        with session_scope(engine) as session:
            loading.load_indicators(session, bindings(national), who="benchmark")
    return engine


def bindings(folder: Path) -> Path:
    """Asker's indicator file binding one indicator to each of the office's series."""
    stored = yaml.safe_load((folder / "indicators.yaml").read_text(encoding="utf-8"))
    document = {
        "format": "sdgplan-indicators",
        "format_version": 1,
        "municipality": "3203",
        "indicators": [{**i, "series": f"{OFFICE}/{i['key']}"} for i in stored["indicators"]],
    }
    path = folder / "asker-bindings.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def without_years(folder: Path) -> None:
    """Drop the data set's `years`: loaded into Asker's database it would replace the
    years of Asker's plan (2009-2032) with its own."""
    path = folder / "indicators.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document.pop("years", None)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def html(engine: Engine) -> str:
    with session_scope(engine) as session:
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    return render_report(report, interactive=True)


def timed(engine: Engine, repeat: int) -> tuple[float, float, float, str]:
    """The first build's time, the median of `repeat` more, the median time of reading
    the observations from the store, and the HTML."""
    start = time.perf_counter()
    page = html(engine)
    first = time.perf_counter() - start
    times, reads = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        html(engine)
        times.append(time.perf_counter() - start)
        with session_scope(engine) as session:
            start = time.perf_counter()
            indicator_repo.load_observations(session, "3203")
            reads.append(time.perf_counter() - start)
    return first, statistics.median(times), statistics.median(reads), page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shared", action="store_true", help="the office's shared series")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        owner = OFFICE if args.shared else "3203"
        sizes = {"indicators": args.indicators, "years": args.years, "owner": owner}
        data = generate(folder / "national", municipalities=args.municipalities, **sizes)
        without_years(folder / "national")
        start = time.perf_counter()
        if args.shared:
            generate(folder / "asker-only", municipalities=1, **sizes)
            without_years(folder / "asker-only")
            alone = asker_database(
                f"sqlite:///{folder / 'alone.db'}", folder / "asker-only", shared=True
            )
        else:
            alone = asker_database(f"sqlite:///{folder / 'alone.db'}")
        national = asker_database(
            f"sqlite:///{folder / 'national.db'}", folder / "national", shared=args.shared
        )
        with national.connect() as connection:
            stored = connection.exec_driver_sql("SELECT count(*) FROM observations").scalar()
        print(
            f"national data set: {data.rows} rows; {stored} observations stored with Asker's "
            f"(loaded in {time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        results = {}
        for name, engine in (("Asker alone", alone), ("Asker + national", national)):
            results[name] = timed(engine, args.repeat)
            first, median, read, page = results[name]
            print(
                f"{name:17} first {first:.2f} s, median {median:.2f} s ({args.repeat} runs), "
                f"of which reading the observations {read:.2f} s; "
                f"HTML {len(page.encode('utf-8')) / 1e6:.2f} MB",
                flush=True,
            )
        (_, base, base_read, page_alone), (_, loaded, loaded_read, page_national) = results.values()
        if page_alone != page_national:
            raise SystemExit("the HTML differs with the national data set stored")
        for what, ratio in (
            ("whole build", loaded / base),
            ("without reading the observations", (loaded - loaded_read) / (base - base_read)),
        ):
            verdict = "within" if ratio <= TARGET else "over"
            print(f"ratio, {what}: {ratio:.2f} ({verdict} the target of {TARGET})")
        print("HTML identical")


if __name__ == "__main__":
    main()
