"""The search page in a real browser: the form submitted without JavaScript, and axe-core's
WCAG 2.1 A/AA rules on the page with hits, with none and with the form only, in both
languages, at desktop width and at 320 px."""

import pytest

from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing

PAGES = [
    "/{lang}/search",
    "/{lang}/search?q=skolen",
    "/{lang}/search?q=zqxvy",
]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_form_works_without_javascript(browser, asker_site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{asker_site_url}/{lang}/search")
    label = "Søk i mål" if lang == "nb" else "Search goals"
    page.get_by_label(label).fill("skolen")
    page.get_by_label(label).press("Enter")
    page.wait_for_url(f"**/{lang}/search?q=skolen")
    assert page.locator("ol.search-results > li").count() > 0
    assert "skolen" in page.locator("ol.search-results mark").all_inner_texts()
    page.locator("ol.search-results a").first.click()
    assert "/search" not in page.url
    context.close()


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_search_page_passes_axe(browser, asker_site_url, lang, viewport):
    urls = [asker_site_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport) == {}


def test_the_search_page_fits_a_320px_screen(browser, asker_site_url):
    urls = [asker_site_url + path.format(lang="nb") for path in PAGES]
    assert pages_overflowing(browser, urls) == []
