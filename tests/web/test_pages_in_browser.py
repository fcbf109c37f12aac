"""The public pages in a real browser (Debian's Chromium through Playwright), served by
uvicorn in a thread: a click-through from the home page to an indicator, the chart drawn
under the content security policy, the table without JavaScript, and axe-core's WCAG 2.1
A/AA rules on every page type in both languages, at desktop width and at 320 px."""

import csv
import io
from pathlib import Path

import pytest

from tests.browser import (
    AT_DESKTOP_AND_320PX,
    DESKTOP,
    axe_violations_at,
    pages_overflowing,
)

PAGES = [
    "/{lang}/",
    "/{lang}/focus-areas/okonomi",
    "/{lang}/goals/okonomi.1",
    "/{lang}/indicators/okonomi-disposisjonsfond",
    "/{lang}/indicators/finnes-ikke",  # the 404 page
]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_click_through_from_home_to_an_indicator(browser, asker_site_url, lang):
    page = browser.new_page(viewport=DESKTOP)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{asker_site_url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    page.locator("main a[href$='/focus-areas/okonomi']").first.click()
    assert page.url.endswith(f"/{lang}/focus-areas/okonomi")
    page.locator("main a[href$='/goals/okonomi.1']").first.click()
    assert page.url.endswith(f"/{lang}/goals/okonomi.1")
    page.locator("main a[href$='/indicators/okonomi-disposisjonsfond']").first.click()
    assert page.url.endswith(f"/{lang}/indicators/okonomi-disposisjonsfond")
    # the chart is drawn by /static/charts.js under the CSP (no inline script, no eval)
    page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)
    assert page.locator("table.values").is_visible()
    assert_csv_download_equals_table(page)
    other = "en" if lang == "nb" else "nb"
    page.locator("header a.language").click()
    assert page.url.endswith(f"/{other}/indicators/okonomi-disposisjonsfond")
    assert page.locator("html").get_attribute("lang") == other
    page.close()
    assert problems == []


def assert_csv_download_equals_table(page) -> None:
    """The page's CSV link gives the figures its table shows: every value of the
    municipality's own row, by period and area."""
    table = page.locator("table.values")
    areas = [h.inner_text().strip() for h in table.locator("thead th").all()[1:]]
    shown = {}
    for row in table.locator("tbody tr").all():
        period = row.locator("th").inner_text().strip()
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        shown.update({(period, area): cell for area, cell in zip(areas, cells, strict=True)})
    with page.expect_download() as download:
        page.locator("main a[href*='.csv']").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    compared = 0
    for row in rows:
        if row["breakdown"] or (row["period"], row["area_name"]) not in shown:
            continue
        cell = shown[(row["period"], row["area_name"])]
        assert cell == row["display"], (row, cell)
        number = float(cell.rstrip(" %").replace("\u00a0", "").replace(" ", "").replace(",", "."))
        assert number == pytest.approx(float(row["value"]), abs=0.051), (row, cell)
        compared += 1
    assert compared >= 3
    assert compared == sum(1 for cell in shown.values() if cell)


def test_indicator_table_without_javascript(browser, asker_site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{asker_site_url}/nb/indicators/okonomi-disposisjonsfond")
    assert page.locator("table.values").is_visible()
    assert "15,1 %" in page.locator("table.values").inner_text()
    assert not page.locator("figure.chart").is_visible()  # hidden until drawn
    context.close()


def open_with_chart(page, url: str) -> None:
    page.goto(url)
    if "/indicators/okonomi" in url:
        page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_type_passes_axe(browser, asker_site_url, lang, viewport):
    urls = [asker_site_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport, open_page=open_with_chart) == {}


def test_pages_fit_a_320px_screen(browser, asker_site_url):
    urls = [asker_site_url + path.format(lang="nb") for path in PAGES]
    assert pages_overflowing(browser, urls) == []
