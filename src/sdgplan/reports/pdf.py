"""HTML reports to PDF with WeasyPrint: A4, page numbers, contents, running headers."""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    """Print `html` (rendered with static charts) to `path`."""
    from weasyprint import HTML  # imported here: it takes a third of a second to load

    HTML(string=html).write_pdf(path)
