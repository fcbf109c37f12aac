"""The yardstick for the PDF command: WeasyPrint alone on the report's own static HTML.

    python -m benchmarks.weasyprint_alone html DB_URL OUT.html   # the HTML the PDF prints
    python -m benchmarks.weasyprint_alone pdf OUT.html OUT.pdf   # WeasyPrint alone, timed

Pair `sdgplan report --db DB_URL --out DIR` against the second command with farm-bench
(benchmarks/README.md shows the calls and the figures).
"""

from __future__ import annotations

import sys
from pathlib import Path


def static_html(url: str, out: Path) -> None:
    from sdgplan.reports.model import build_report
    from sdgplan.reports.render import chart_labels, render_report
    from sdgplan.store.db import make_engine, session_scope

    engine = make_engine(url)
    with session_scope(engine) as session:
        report = build_report(session, labels=chart_labels("nb"))
    out.write_text(render_report(report, lang="nb", interactive=False), encoding="utf-8")


def weasyprint_alone(html: Path, pdf: Path) -> None:
    from weasyprint import HTML  # type: ignore[import-untyped]

    from sdgplan.reports.pdf import PDF_VARIANT

    HTML(filename=str(html)).write_pdf(pdf, pdf_variant=PDF_VARIANT, pdf_tags=True)


if __name__ == "__main__":
    what, source, target = sys.argv[1:4]
    if what == "html":
        static_html(source, Path(target))
    else:
        weasyprint_alone(Path(source), Path(target))
