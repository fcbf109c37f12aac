"""The SDG overview page and an SDG page with the method tool's parts, in Debian's Chromium:
axe-core's WCAG 2.1 A/AA rules and no sideways scrolling at desktop and 320 px, and the
overview chart no taller than an A4 page when printed."""

import pytest

from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing

PATHS = ["/nb/sdgs", "/en/sdgs", "/nb/sdgs/11", "/en/sdgs/11"]
A4_WIDTH, A4_HEIGHT = 794, 1123  # CSS pixels at 96 per inch
PRINT_MARGINS = 2 * 38  # Chromium's default of 1 cm at the top and bottom


@AT_DESKTOP_AND_320PX
def test_overview_and_sdg_page_pass_axe_without_sideways_scrolling(
    browser, asker_site_url, viewport
):
    urls = [asker_site_url + path for path in PATHS]
    assert axe_violations_at(browser, urls, viewport=viewport) == {}
    assert pages_overflowing(browser, urls, viewport=viewport) == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_overview_chart_fits_one_printed_page(browser, asker_site_url, lang):
    page = browser.new_page(viewport={"width": A4_WIDTH, "height": A4_HEIGHT})
    try:
        page.emulate_media(media="print")
        page.goto(f"{asker_site_url}/{lang}/sdgs")
        tiles = page.locator(".sdg-overview > li")
        assert tiles.count() == 17
        box = page.locator(".sdg-overview").bounding_box()
        assert box is not None and box["height"] < A4_HEIGHT - PRINT_MARGINS
        # every tile shows its number and name as text
        texts = tiles.all_inner_texts()
        assert [t.split()[0] for t in texts] == [str(n) for n in range(1, 18)]
    finally:
        page.close()
