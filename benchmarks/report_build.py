"""Benchmark: building the Asker four-year report as HTML and as PDF.

Loads the Asker example into a temporary SQLite database, then times, inside one process,
the HTML build (gather the report from the store, assess, render with interactive charts)
and the PDF build (gather, render with static SVG charts, print with WeasyPrint); then the
whole command as a user runs it (`sdgplan report --no-pdf`, and with the PDF), each in a new
process: wall time and CPU time (peak memory: measure with `/usr/bin/time -v`; a forked
child's counts include this process's memory).
Targets: HTML under 1 s, PDF under 10 s. Run: .venv/bin/python -m benchmarks.report_build
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sdgplan.loading import load_example
from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-command", action="store_true", help="skip the whole command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        with session_scope(engine) as session:
            load_example(session, "asker")
            report = build_report(session, year=2022, labels=chart_labels("nb"))
        charts = sum(len(s.charts) for s in report.focus_areas) + sum(
            1 for s in report.sections for f in s.figures if f.chart
        )
        print(f"Asker 2022: {charts} charts")

        def html() -> int:
            with session_scope(engine) as session:
                report = build_report(session, year=2022, labels=chart_labels("nb"))
            return len(render_report(report, interactive=True).encode("utf-8"))

        def pdf() -> int:
            with session_scope(engine) as session:
                report = build_report(session, year=2022, labels=chart_labels("nb"))
            path = Path(folder) / "report.pdf"
            write_pdf(render_report(report, interactive=False), path)
            return path.stat().st_size

        for name, build in (("HTML", html), ("PDF", pdf)):
            _time_build(name, build, args.repeat)
        engine.dispose()
        if not args.no_command:
            for extra in (["--no-pdf"], []):
                _time_command(url, Path(folder) / "out", extra, args.repeat)


def _time_build(name: str, build: Callable[[], int], repeat: int) -> None:
    start = time.perf_counter()
    size = build()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    print(
        f"{name}: first {first:.2f} s, then median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {repeat} runs); {size / 1e6:.2f} MB"
    )


def _time_command(url: str, out: Path, extra: list[str], repeat: int) -> None:
    """The median of `repeat` runs of the command after one warm-up, each in a new process."""
    command = [sys.executable, "-m", "sdgplan", "report", "--year", "2022", "--out", str(out)]
    command += [*extra, "--db", url]
    walls, cpus = [], []
    for run in range(repeat + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run:  # the first run warms the disk cache and the Vega bundle cache
            walls.append(wall)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(
        f"sdgplan report {' '.join(extra)}: wall {statistics.median(walls):.2f} s, CPU "
        f"{statistics.median(cpus):.2f} s ({repeat} runs)"
    )


if __name__ == "__main__":
    main()
