"""The planning cycle's pages (calendar, climate budget, action programme) in a real browser:
axe-core's WCAG 2.1 A/AA rules in both languages at desktop width and at 320 px, no sideways
scrolling at 320 px, and the climate chart drawn under the content security policy."""

import pytest

from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_at, pages_overflowing

PAGES = [
    "/{lang}/calendar",
    "/{lang}/calendar?year=2024",  # with the meetings
    "/{lang}/climate",
    "/{lang}/programme",
]


def open_with_chart(page, url: str) -> None:
    page.goto(url)
    if url.endswith("/climate"):
        page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_cycle_pages_pass_axe(browser, asker_site_url, lang, viewport):
    urls = [asker_site_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport, open_page=open_with_chart) == {}


def test_the_cycle_pages_fit_a_320px_screen(browser, asker_site_url):
    urls = [asker_site_url + path.format(lang="nb") for path in PAGES]
    assert pages_overflowing(browser, urls, open_page=open_with_chart) == []


def test_the_climate_chart_is_drawn_and_the_year_can_be_chosen(browser, asker_site_url):
    page = browser.new_page(viewport=DESKTOP)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{asker_site_url}/nb/")
    page.locator("main a[href$='/climate']").click()
    page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)
    assert (
        page.locator("figure.chart [role=img]")
        .get_attribute("aria-label")
        .startswith("Diagram: Klimabudsjett")
    )
    page.goto(f"{asker_site_url}/nb/calendar")
    page.select_option("#calendar-year", "2024")
    page.locator("form.year-choice button").click()
    assert page.url.endswith("/nb/calendar?year=2024")
    assert page.locator("h1").inner_text() == "Politisk årshjul 2024"
    page.close()
    assert problems == []
