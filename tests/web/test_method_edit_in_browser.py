"""The method table's form in Debian's Chromium: axe-core's WCAG 2.1 AA rules at desktop width
and at 320 px, without sideways scrolling, on the list, the form and a refused form (whose
problem links to its input); an editor adds a level-2 row by its button without script, fills
it in by the labels and saves it as a draft."""

import pytest

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_on, page_overflows, serving
from tests.web.test_pages import asker_database

EDITOR = ("per", "per-passordet-12")
LIST = "/nb/edit/3203/method"
FORM = "/nb/edit/3203/method/2020-2032"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("method-browser"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session,
            name=EDITOR[0],
            password=EDITOR[1],
            role=Role.EDITOR,
            municipality="3203",
            who="test",
        )
    engine.dispose()
    with serving(create_app(Settings(db=url))) as base:
        yield base


def sign_in(browser, base: str, viewport, *, javascript: bool = True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Brukernavn").fill(EDITOR[0])
    page.get_by_label("Passord").fill(EDITOR[1])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base}/nb/edit/3203/")
    return page


def add_level_2_row(page, target: str) -> None:
    """Add a level-2 row by its button (Asker's example has none) and fill it in."""
    page.get_by_role("button", name="Legg til rad på nivå 2").click()
    assert "En tom rad er lagt til." in page.get_by_role("status").inner_text()
    page.get_by_label("Globalt delmål (nivå 2, rad 1)").fill(target)
    page.get_by_label("Muligheter (nivå 2, rad 1)").fill("Parker i alle bydeler")
    page.get_by_label("Utfordringer (nivå 2, rad 1)").fill("Lite areal")
    page.get_by_label("Plannøkler (nivå 2, rad 1)").fill("baerekraftige-byer-og-samfunn.0")


@AT_DESKTOP_AND_320PX
def test_the_method_form_is_accessible_and_links_a_problem_to_its_input(browser, site, viewport):
    page = sign_in(browser, site, viewport)
    for path in (LIST, FORM):
        page.goto(site + path)
        assert axe_violations_on(page) == [], path
        assert not page_overflows(page), path
    add_level_2_row(page, "11.99")
    page.get_by_role("button", name="Lagre som utkast").first.click()
    alert = page.get_by_role("alert")
    assert "Nivå 2, rad 1, globalt delmål: «11.99» er ikke et delmål i FNs liste" in (
        alert.inner_text()
    )
    assert axe_violations_on(page) == []
    assert not page_overflows(page)
    alert.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "m-l2-0-target"
    assert page.get_by_label("Globalt delmål (nivå 2, rad 1)").get_attribute("aria-invalid")
    page.context.close()


def test_a_row_is_added_and_saved_without_javascript(browser, site):
    page = sign_in(browser, site, DESKTOP, javascript=False)
    page.goto(site + FORM)
    add_level_2_row(page, "11.7")
    page.get_by_role("button", name="Lagre som utkast").last.click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    assert page.get_by_label("Muligheter (nivå 2, rad 1)").input_value() == "Parker i alle bydeler"
    page.goto(site + LIST)
    assert "utkast" in page.locator("main").inner_text()
    page.context.close()
