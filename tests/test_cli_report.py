"""`sdgplan report` end to end (HTML on both databases; the PDF is tested in tests/reports)."""

from tests.test_cli import run
from tests.test_cli_indicators import load_asker


def test_report_html(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    out = tmp_path / "rapport"
    result = run(runner, "report", "--no-pdf", "--year", "2022", "--out", out, "--db", db_url)
    assert result.stdout.startswith(f"HTML: {out / 'report.html'}\nRapporten er klar (")
    assert result.stderr == ""  # no status line when stderr is not a terminal
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<h1 class="report-title">4-årsrapport 2020-2023</h1>' in html
    assert not (out / "report.pdf").exists()
    # the report speaks the run's language unless its own --lang says otherwise
    annual = run(
        runner,
        "--lang",
        "en",
        "report",
        "--no-pdf",
        "--kind",
        "annual",
        "--out",
        out,
        "--db",
        db_url,
    )
    assert annual.stdout.startswith(f"HTML: {out / 'report.html'}\nThe report is ready (")
    assert "Annual report 2022" in (out / "report.html").read_text(encoding="utf-8")


def test_report_errors(runner, tmp_path):
    result = run(runner, "report", "--db", f"sqlite:///{tmp_path / 'none.db'}", ok=False)
    assert "Databasen finnes ikke" in result.stderr
    result = run(runner, "report", "--lang", "de", ok=False)
    assert "Invalid value for '--lang': 'de' is not one of 'nb', 'en'." in result.stderr


def test_report_kinds_agree():
    from sdgplan.cli.reports import KINDS as CLI_KINDS
    from sdgplan.reports.model import KINDS

    assert CLI_KINDS == KINDS
