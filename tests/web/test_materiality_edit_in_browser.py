"""Materiality's editing form in Debian's Chromium: an editor changes a score by its label, a
score outside the scale is refused with a problem that leads to its input, a score inside it
saved as a draft; axe-core's WCAG 2.1 AA rules at desktop width and at 320 px, without
sideways scrolling, on the list, the form and the refused form; and more rows without script."""

import pytest

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_on, page_overflows, serving
from tests.web.test_pages import asker_database

EDITOR = ("kari", "kari-passordet-12")
LIST = "/nb/edit/3203/materiality"
FORM = "/nb/edit/3203/materiality/2020-2032"
# what sticks out at 320 px, to say why a page scrolls sideways
WIDEST = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth)
  .map(e => e.tagName + ' ' + (e.name || e.id) + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 20).join(' | ')"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("materiality-browser"))
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


def row_of(page, code: str, scorer: str) -> int:
    """The number the table shows for the row of `code` by `scorer`."""
    for number in range(1, page.locator("table.grid tbody tr").count() + 1):
        typed = page.get_by_label(f"Rad {number}: mål eller delmål", exact=True).input_value()
        who = page.get_by_label(f"Rad {number}: vurderer", exact=True).input_value()
        if (typed, who) == (code, scorer):
            return number
    raise AssertionError(f"no row of {code} by {scorer}")


@AT_DESKTOP_AND_320PX
def test_the_form_is_accessible_and_refuses_a_score_out_of_scale(browser, site, viewport):
    page = sign_in(browser, site, viewport)
    for path in (LIST, FORM):
        page.goto(site + path)
        assert axe_violations_on(page) == [], path
        assert not page_overflows(page), (path, page.evaluate(WIDEST))
    row = row_of(page, "11.7", "Verksted")
    importance = page.get_by_label(f"Rad {row}: viktighet", exact=True)
    importance.fill("7")
    page.get_by_role("button", name="Lagre som utkast").first.click()
    alert = page.get_by_role("alert")
    problem = f"Rad {row}: Viktighet 7 for 11.7 (Verksted) er utenfor skalaen 1-5"
    assert problem in alert.inner_text()
    assert axe_violations_on(page) == []
    assert not page_overflows(page), page.evaluate(WIDEST)
    alert.get_by_role("link", name=problem).click()
    assert page.evaluate("document.activeElement.name") == importance.get_attribute("name")
    assert importance.get_attribute("aria-invalid") == "true"
    importance.fill("4")
    page.get_by_role("button", name="Lagre som utkast").first.click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    assert importance.input_value() == "4"
    page.goto(site + LIST)
    assert "venter på godkjenning" in page.locator("main").inner_text()
    assert axe_violations_on(page) == []
    page.context.close()


def test_more_rows_and_saving_work_without_javascript(browser, site):
    page = sign_in(browser, site, DESKTOP, javascript=False)
    page.goto(site + FORM)
    rows = page.locator("table.grid tbody tr")
    before = rows.count()
    page.get_by_role("button", name="Flere rader (5)").click()
    assert rows.count() == before + 5
    assert "Ingenting er lagret ennå" in page.get_by_role("status").inner_text()
    last = rows.count()
    page.get_by_label(f"Rad {last}: mål eller delmål", exact=True).fill("16.7")
    page.get_by_label(f"Rad {last}: vurderer", exact=True).fill("Ungdomsrådet")
    page.get_by_label(f"Rad {last}: viktighet", exact=True).fill("4,5")
    page.get_by_label(f"Rad {last}: påvirkning", exact=True).fill("3")
    page.get_by_label("Hvorfor (valgfritt").fill("Ungdomsrådets vurdering")
    page.get_by_role("button", name="Lagre som utkast").last.click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    assert "Ungdomsrådet" in [
        page.get_by_label(f"Rad {n}: vurderer", exact=True).input_value()
        for n in range(1, rows.count() + 1)
    ]
