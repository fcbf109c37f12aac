"""The PDF as a reader with assistive technology gets it: tagged PDF/UA-1, read with pikepdf;
and words broken only where the document language's hyphenation allows."""

import logging
import re
import shutil
import subprocess
from collections import Counter
from importlib import resources

import pikepdf
import pyphen
import pytest

from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.municipality import load_files, write_files

COMPLAINTS: list[str] = []  # what WeasyPrint warned about while writing the PDF


class Complaints(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tags")
    engine = make_engine(f"sqlite:///{folder / 'o.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(folder / "files"))
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    engine.dispose()
    path = folder / "report.pdf"
    handler = Complaints(logging.WARNING)
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        write_pdf(render_report(report, lang="nb", interactive=False), path)
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    COMPLAINTS[:] = handler.messages
    with pikepdf.open(path) as document:
        yield document


def elements(node, found=None):
    """Every structure element under `node`, depth first."""
    found = [] if found is None else found
    if isinstance(node, pikepdf.Array):
        for item in node:
            elements(item, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(node)
        if "/K" in node:
            elements(node.K, found)
    return found


def test_weasyprint_has_nothing_to_warn_about(pdf):
    assert COMPLAINTS == []  # the phone styles, for one, are in a style element for screens


def test_language_title_and_marks(pdf):
    root = pdf.Root
    assert str(root.Lang) in ("nb", "nb-NO")
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(pdf.docinfo.Title) == "4-årsrapport 2020-2023 – Oslo"
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "4-årsrapport 2020-2023 – Oslo"
        assert xmp.get("pdfuaid:part") == "1"


def test_bookmarks_follow_the_headings(pdf):
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert "Innhold" in titles and "Kommunens satsingsområder" in titles
    assert "Om vurderingene" in titles


def test_structure_tree(pdf):
    found = elements(pdf.Root.StructTreeRoot.K)
    kinds = Counter(str(element.S) for element in found)
    assert kinds["/Document"] == 1
    assert kinds["/H1"] >= 5 and kinds["/H2"] >= 1
    assert kinds["/Table"] == kinds["/THead"] >= 4
    assert kinds["/TH"] > kinds["/Table"]
    for table in (e for e in found if str(e.S) == "/Table"):
        assert any(str(e.S) == "/TH" for e in elements(table.K)), "table without header cells"
    figures = [e for e in found if str(e.S) == "/Figure"]
    assert len(figures) == 3
    assert [str(figure.Alt) for figure in figures] == ["Andel", "Antall", "Tabell"]  # chart titles


def test_headings_do_not_skip_a_level(pdf):
    levels = [
        int(str(e.S)[2:])
        for e in elements(pdf.Root.StructTreeRoot.K)
        if re.fullmatch(r"/H[1-6]", str(e.S))
    ]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


WORDS = "Gjennomførte tjenesteområdene bærekraftsmålene kommunesammenslåingen " * 6


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_words_break_only_where_norwegian_allows(tmp_path):
    lang = "nb"
    css = resources.files("sdgplan.reports").joinpath("templates", "report.css").read_text()
    html = (
        f'<html lang="{lang}"><head><title>T</title><style>{css}</style></head><body>'
        f'<p style="width: 28mm">{WORDS}</p><table><tbody><tr><td style="width: 14mm">'
        "Gjennomførte 186\u00a0211 kr</td></tr></tbody></table></body></html>"
    )
    path = tmp_path / "words.pdf"
    write_pdf(html, path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = [line.split()[-1] for line in lines if line.endswith(("-", "\u2010"))]
    dictionary = pyphen.Pyphen(lang="nb_NO")
    assert broken, "no word was hyphenated in a 28 mm column"
    for piece in broken:
        word = next(w for w in WORDS.split() if w.startswith(piece[:-1]))
        assert len(piece) - 1 in dictionary.positions(word), (piece, word)
    assert "Gjennomf-" not in text and "Gjennomf\u2010" not in text
    assert "186 211" in text.replace("\u00a0", " ")  # a number is never broken


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_a_long_table_repeats_its_header_and_keeps_its_caption(tmp_path):
    css = resources.files("sdgplan.reports").joinpath("templates", "report.css").read_text()
    rows = "".join(f"<tr><th>Rad {n}</th><td>{n}</td></tr>" for n in range(120))
    filler = "<p>Avsnitt.</p>" * 44  # the caption would fall at the foot of page one
    html = (
        f'<html lang="nb"><head><title>T</title><style>{css}</style></head><body>{filler}'
        '<figure class="figure-table"><table class="report-table"><caption>Tabelltittel'
        "</caption><thead><tr><th>Kolonnehode</th><th>Verdi</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></figure></body></html>"
    )
    path = tmp_path / "long.pdf"
    write_pdf(html, path)
    with pikepdf.open(path) as document:
        pages = len(document.pages)
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    with_rows = [text for text in texts if "Rad " in text]
    assert len(with_rows) >= 3
    assert all("Kolonnehode" in text for text in with_rows)
    caption_page = next(text for text in texts if "Tabelltittel" in text)
    assert "Rad 0" in caption_page
