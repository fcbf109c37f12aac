"""The Asker four-year report, checked as a reader would: parsed HTML and the PDF's text."""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from sdgplan.loading import load_example, load_narrative
from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.test_example_asker import normalize, report_key_figures, squash

YEARS = ["2019", "2020", "2021", "2022"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('report') / 'r.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    yield engine
    engine.dispose()


def build(engine, lang="nb"):
    with session_scope(engine) as session:
        return build_report(session, kind="four-year", year=2022, labels=chart_labels(lang))


@pytest.fixture(scope="module")
def html(engine):
    return render_report(build(engine), lang="nb", interactive=True)


@pytest.fixture(scope="module")
def pdf(engine, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_pdf(render_report(build(engine), lang="nb", interactive=False), path)
    return path


class Rows(HTMLParser):
    """Rows of the key-figure tables and of the report's other tables, as text."""

    def __init__(self):
        super().__init__()
        self.key_figures, self.tables, self.under_development = [], set(), 0
        self.row, self.cell, self.in_key_row = None, None, False
        self.goalposts, self.saved = [], None  # threshold and target under a name, apart

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and attrs.get("class") == "goalposts":
            self.goalposts.append("")
            self.saved, self.cell = self.cell, None
        if tag == "table" and "data-table" in attrs:
            self.tables.add(attrs["data-table"])
        if tag == "tr" and attrs.get("class") == "indicator":
            self.row, self.in_key_row = [], True
        if tag == "tr" and attrs.get("class") == "under-development":
            self.under_development += 1
        if self.in_key_row and tag in ("th", "td"):
            self.cell = []

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.saved is not None:
            self.goalposts[-1] += data

    def handle_endtag(self, tag):
        if tag == "span" and self.saved is not None:
            self.cell, self.saved = self.saved, None
            return
        if self.in_key_row and tag in ("th", "td") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag == "tr" and self.in_key_row:
            self.key_figures.append(self.row)
            self.in_key_row = False


def test_every_key_figure_row_as_printed(html):
    parsed = Rows()
    parsed.feed(html)
    ours = [(row[0], row[1:5]) for row in parsed.key_figures]
    theirs = [row for section in report_key_figures() for row in section["rows"]]
    assert len(ours) == len(theirs) == 91
    for (name, cells), (our_name, our_cells) in zip(theirs, ours, strict=True):
        assert our_cells == cells, name
        assert squash(name).startswith(squash(our_name)[:40]), (name, our_name)
    assert parsed.under_development == 4


def test_every_other_table_is_in_the_report(engine, html):
    parsed = Rows()
    parsed.feed(html)
    with session_scope(engine) as session:
        tables = indicator_repo.load_indicator_set(session, "3203").tables
    assert len(tables) == 54
    assert parsed.tables == {t.key for t in tables}
    assert "Kilde: KS/PAI" in html and "Kilde: SSB 01222" in html


def test_report_parts(html):
    assert html.count('class="part focus-area"') == 8
    assert "<h1>Økonomi</h1>" in html and "Kommuneplanens mål" in html
    assert "13 Stoppe klimaendringene" in html  # the focus area's SDG goals
    assert "✖</span> Utenfor" in html  # symbol and words, never colour alone
    assert "Temaplaner og status" in html and "Boligutvikling" in html
    assert html.count('class="vega-spec"') >= 20  # interactive charts with their data
    assert "window.vegaEmbed" in html  # chart code inlined: readable offline
    assert "@font-face" in html and "http" not in re.sub(
        r"https?://[^\"' ]*vega[^\"' ]*", "", html.split("<script>")[0]
    )


def test_narrative_html_is_inert(engine, tmp_path):
    narrative = tmp_path / "evil.md"
    narrative.write_text(
        "---\nsection: Økonomi\nkind: focus_area\nperiod: 2020-2023\n---\n"
        "## Hei\n\n<script>alert('x')</script>\n\n"
        "[klikk](javascript:alert(1)) <img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    with session_scope(engine) as session:
        load_narrative(session, narrative, municipality="3203")
    try:
        page = render_report(build(engine), interactive=False)
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
        assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")
        assert 'href="javascript:' not in page
    finally:
        with session_scope(engine) as session:
            load_example(session, "asker")  # the real narrative back for the other tests


def test_english_labels_keep_the_data(engine):
    page = render_report(build(engine, "en"), lang="en", interactive=False)
    assert "Four-year report 2020-2023" in page and "Key figures" in page
    assert "Not measured" in page and "Figures pending" in page
    assert "Asker kommune har en god økonomisk bærekraft." in page  # data stays as entered
    assert "meets the requirement &gt; 10%; trend worsening since 2021. From 15.1" in page


@pytest.fixture(scope="module")
def pdf_pages(pdf):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: make test installs poppler-utils")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


def test_pdf_has_contents_with_page_numbers(pdf, pdf_pages):
    assert pdf.read_bytes().startswith(b"%PDF")
    contents = next(p for p in pdf_pages if "Innhold" in p)
    entries = dict(re.findall(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", contents, re.MULTILINE))
    assert len(entries) >= 20
    page = int(entries["Økonomi"])
    assert "KOMMUNEPLANENS MÅL" in pdf_pages[page - 1]
    assert re.search(r"^\s*Økonomi\s*$", pdf_pages[page - 1], re.MULTILINE)
    assert "Økonomi" in pdf_pages[page].split("\n")[0]  # running header on the next page
    assert re.search(rf"\b{page + 1} / {len(pdf_pages) - 1}\b", pdf_pages[page])


def test_pdf_text_has_the_figures(pdf_pages):
    text = normalize(" ".join(pdf_pages))
    for section in report_key_figures():
        for name, cells in section["rows"]:
            for cell in cells:
                assert cell in text, (name, cell)
    for figure in ("186 211", "-0,7 %", "Nøkkeltall under utvikling", "Kilde: SSB 07984"):
        assert figure in text
