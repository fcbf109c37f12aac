"""The map and the embeddable page in a real browser (Debian's Chromium): the map's SVG is
drawn under the content security policy, axe-core finds no WCAG 2.1 A/AA violation on an
indicator page with a map nor on an embed page (nb and en, desktop and 320 px), and another
site may frame the embed page but not the indicator page."""

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from tests.browser import (
    AT_DESKTOP_AND_320PX,
    DESKTOP,
    axe_violations_at,
    pages_overflowing,
    serving,
)

MAP_PAGE = "/{lang}/indicators/okonomi-forvaltning"
EMBED_PAGE = "/{lang}/embed/indicators/okonomi-disposisjonsfond"


def test_the_map_is_drawn_with_its_shapes_and_points(browser, asker_site_url):
    page = browser.new_page(viewport=DESKTOP)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(asker_site_url + MAP_PAGE.format(lang="nb"))
    svg = page.locator("figure.map svg")
    svg.wait_for(state="visible", timeout=15000)
    # three areas, the outline, three points and the legend's gradient, among others
    assert svg.locator("path").count() >= 7
    texts = svg.locator("text").all_text_contents()
    assert "Sætre" in texts and any("78 %" in t for t in texts)
    box = svg.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    assert page.locator("table.map-values").is_visible()
    page.close()
    assert problems == []


def test_without_javascript_the_map_table_is_there_and_the_map_is_not(browser, asker_site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(asker_site_url + MAP_PAGE.format(lang="nb"))
    assert "78 %" in page.locator("table.map-values").inner_text()
    assert not page.locator("figure.map").is_visible()
    context.close()


def open_with_chart(page, url: str) -> None:
    page.goto(url)
    page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_map_and_embed_pages_pass_axe_and_fit(browser, asker_site_url, lang, viewport):
    urls = [asker_site_url + path.format(lang=lang) for path in (MAP_PAGE, EMBED_PAGE)]
    assert axe_violations_at(browser, urls, viewport=viewport, open_page=open_with_chart) == {}
    assert pages_overflowing(browser, urls, viewport=viewport, open_page=open_with_chart) == []


def test_another_site_may_frame_the_embed_page_only(browser, asker_site_url):
    embed = asker_site_url + EMBED_PAGE.format(lang="nb")
    full = asker_site_url + "/nb/indicators/okonomi-disposisjonsfond"
    host = (
        '<!DOCTYPE html><html lang="en"><head><title>Another site</title></head><body>'
        f'<iframe id="embed" title="embed" src="{embed}" width="600" height="700"></iframe>'
        f'<iframe id="full" title="full" src="{full}" width="600" height="700"></iframe>'
        "</body></html>"
    )
    other_site = Starlette(routes=[Route("/", lambda request: HTMLResponse(host))])
    with serving(other_site) as other_url:
        page = browser.new_page(viewport=DESKTOP)
        refused: list[str] = []
        page.on(
            "console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None
        )
        # another origin on the loopback address: Chromium refuses public pages framing it
        page.goto(other_url.replace("127.0.0.1", "localhost") + "/")
        framed = page.frame_locator("#embed")
        framed.locator("figure.chart svg").wait_for(state="visible", timeout=15000)
        assert "15,1 %" in framed.locator("table.values").inner_text()
        assert framed.locator("a[target=_top]").count() == 1
        for _attempt in range(50):  # the refusal is reported once the frame is tried
            if refused:
                break
            page.wait_for_timeout(100)
        assert page.frame_locator("#full").locator("table.values").count() == 0
        assert any(
            "frame-ancestors 'self'" in text and full.startswith(text.split("'")[1])
            for text in refused
        )
        page.close()
