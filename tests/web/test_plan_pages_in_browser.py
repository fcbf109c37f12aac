"""The plan pages in Debian's Chromium: axe-core's WCAG 2.1 A/AA rules on each of the five
page types (status, plan, a plan version, the diff, thematic plans) in both languages, at
desktop width and at 320 px, with the status page's folded lists opened; and no page wider
than a 320 px screen."""

import pytest

from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing

PAGES = [
    "/{lang}/status",
    "/{lang}/plan",
    "/{lang}/plan/versions/proposal-kommuneplanens-samfunnsdel-2020-2032",
    "/{lang}/plan/diff",
    "/{lang}/thematic-plans",
]


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    for summary in page.locator("details > summary").all():
        summary.click()  # axe checks only what is shown


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_plan_page_type_passes_axe(browser, asker_site_url, lang, viewport):
    urls = [asker_site_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport, open_page=open_page) == {}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_plan_pages_fit_a_320px_screen(browser, asker_site_url, lang):
    urls = [asker_site_url + path.format(lang=lang) for path in PAGES]
    assert pages_overflowing(browser, urls, open_page=open_page) == []


def test_status_details_open_without_javascript(browser, asker_site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{asker_site_url}/nb/status")
    first = page.locator("details.area-verdicts").first
    assert not first.locator("ul.indicators").is_visible()
    first.locator("summary").click()
    assert first.locator("ul.indicators").is_visible()
    assert page.locator("table.status").first.is_visible()
    context.close()
