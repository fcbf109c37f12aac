"""The method tool's pages (method table, materiality, benefits) in a real browser: axe-core's
WCAG 2.1 A/AA rules in both languages at desktop width and at 320 px, no sideways scrolling at
320 px, and the materiality matrix drawn under the content security policy."""

from collections.abc import Iterator

import pytest

from sdgplan.config import Settings
from sdgplan.web import pages
from sdgplan.web.app import create_app
from tests.browser import (
    AT_DESKTOP_AND_320PX,
    DESKTOP,
    axe_violations_at,
    pages_overflowing,
    serving,
)
from tests.web.test_pages import asker_database

MODULE = "sdgplan.web.pages_method"
PAGES = ["/{lang}/method", "/{lang}/materiality", "/{lang}/benefits"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Asker example's site with the method pages (added while the app is made, until
    `pages.PAGE_MODULES` has them)."""
    url = asker_database(tmp_path_factory.mktemp("method-site"))
    kept = pages.PAGE_MODULES
    if MODULE not in kept:
        pages.PAGE_MODULES = (*kept, MODULE)
    try:
        app = create_app(Settings(db=url))
    finally:
        pages.PAGE_MODULES = kept
    with serving(app) as base:
        yield base


def open_with_chart(page, url: str) -> None:
    page.goto(url)
    if url.endswith("/materiality"):
        page.wait_for_function("document.querySelector('figure.chart img').naturalWidth > 0")


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_method_pages_pass_axe(browser, site_url, lang, viewport):
    urls = [site_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport, open_page=open_with_chart) == {}


def test_the_method_pages_fit_a_320px_screen(browser, site_url):
    urls = [site_url + path.format(lang="nb") for path in PAGES]
    assert pages_overflowing(browser, urls, open_page=open_with_chart) == []


@pytest.mark.parametrize(("width", "variant"), [(DESKTOP["width"], ".svg"), (320, "-phone.svg")])
def test_the_materiality_matrix_shows_without_javascript(browser, site_url, width, variant):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": DESKTOP["height"]}
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{site_url}/nb/materiality")
    image = page.locator("figure.chart img")
    image.wait_for(state="visible", timeout=15000)
    page.wait_for_function("document.querySelector('figure.chart img').complete")
    shown = image.evaluate("i => [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width]")
    context.close()
    assert shown[0].endswith(f"/nb/materiality/2020-2032{variant}")
    assert shown[1] > 0 and shown[2] <= width  # drawn, and no wider than the screen
    assert shown[1] <= shown[2] * 1.1  # hardly shrunk: its text stays readable
    assert problems == []
