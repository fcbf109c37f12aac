"""Benchmark: building the Asker four-year report as HTML and as PDF.

Loads the Asker example into a temporary SQLite database, then times, inside one process,
the HTML build (gather the report from the store, assess, render with interactive charts)
and the PDF build (gather, render with static SVG charts, print with WeasyPrint).
Targets: HTML under 1 s, PDF under 10 s. Run: .venv/bin/python -m benchmarks.report_build
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sdgplan.loading import load_example
from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with session_scope(engine) as session:
            load_example(session, "asker")

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
            start = time.perf_counter()
            size = build()
            first = time.perf_counter() - start
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                build()
                times.append(time.perf_counter() - start)
            print(
                f"{name}: first {first:.2f} s, then median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, {args.repeat} runs); "
                f"{size / 1e6:.2f} MB"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
