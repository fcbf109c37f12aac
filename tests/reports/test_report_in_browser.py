"""The HTML report in a real browser (Debian's Chromium through Playwright): it reads on a
390 px phone without sideways scrolling of the page, and axe-core finds no WCAG 2.1 A/AA
violation, for Asker and for a second, small municipality, in Norwegian and English."""

from pathlib import Path

import pytest

from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope
from tests.browser import axe_violations_on
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

PHONE = {"width": 390, "height": 844}


def report_file(folder: Path, url: str, lang: str) -> Path:
    engine = make_engine(url)
    with session_scope(engine) as session:
        report = build_report(session, labels=chart_labels(lang))
    engine.dispose()
    path = folder / f"report-{lang}.html"
    path.write_text(render_report(report, lang=lang, interactive=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


def overflow_on_phone(browser, path: Path) -> dict:
    """How far the page is wider than the phone, and which elements stick out."""
    page = browser.new_page(viewport=PHONE)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    found = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const clipped = e => {  // inside a box that scrolls or clips sideways
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)
                    && a.getBoundingClientRect().right <= width + 1) return true;
              }
              return false;
            };
            const wide = [...document.body.querySelectorAll('*')]
              .filter(e => e.getBoundingClientRect().right > width + 1)
              .filter(e => !clipped(e))
              .slice(0, 5)
              .map(e => e.tagName + '.' + e.className);
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    page.close()
    return found


def axe_violations(browser, path: Path) -> list[str]:
    page = browser.new_page()
    page.goto(path.as_uri())
    violations = axe_violations_on(page)
    page.close()
    return violations


def test_asker_report_reads_on_a_phone_and_passes_axe(browser, asker_url, tmp_path):
    path = report_file(tmp_path, asker_url, "nb")
    found = overflow_on_phone(browser, path)
    assert found["scroll"] <= PHONE["width"], found
    assert not found["wide"], found
    assert axe_violations(browser, path) == []


def test_english_asker_report_reads_on_a_phone(browser, asker_url, tmp_path):
    found = overflow_on_phone(browser, report_file(tmp_path, asker_url, "en"))
    assert found["scroll"] <= PHONE["width"] and not found["wide"], found


def test_second_municipality_report_reads_on_a_phone_and_passes_axe(browser, tmp_path):
    path = report_file(tmp_path, oslo_database(tmp_path), "nb")
    found = overflow_on_phone(browser, path)
    assert found["scroll"] <= PHONE["width"] and not found["wide"], found
    assert axe_violations(browser, path) == []
