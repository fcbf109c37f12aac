"""The benefit plan's form in Debian's Chromium: an editor changes an expected value by the
labels, a value that is not a number is refused with its place linked to its input, a good
one saved as a draft; axe-core's WCAG 2.1 AA rules at desktop width and at 320 px, without
sideways scrolling, on the list, the form and the refused form; and a benefit added without
script."""

import pytest

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_on, page_overflows, serving
from tests.web.test_pages import asker_database

EDITOR = ("per", "per-passordet-12")
LIST = "/nb/edit/3203/benefits"
FORM = "/nb/edit/3203/benefits/gevinster-2019"
EXPECTED = "Forventet verdi (tall, f.eks. 4,4)"
# what sticks out at 320 px, to say why a page scrolls sideways
WIDEST = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth)
  .map(e => e.tagName + ' ' + (e.name || e.id) + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 20).join(' | ')"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("benefits-browser"))
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


def benefit(page, area: str, number: int):
    """The fieldset of benefit `number` in the target area named `area`."""
    group = page.get_by_role("group", name=area)
    return group.get_by_role("group", name=f"Gevinst {number}", exact=True)


@AT_DESKTOP_AND_320PX
def test_the_form_is_accessible_and_refuses_a_value_that_is_not_a_number(browser, site, viewport):
    page = sign_in(browser, site, viewport)
    for path in (LIST, FORM):
        page.goto(site + path)
        assert axe_violations_on(page) == [], path
        assert not page_overflows(page), (path, page.evaluate(WIDEST))
    fund = benefit(page, "Målområde 3: Økonomisk robusthet", 1)
    fund.get_by_label(EXPECTED, exact=True).fill("mye")
    page.get_by_role("button", name="Lagre som utkast").first.click()
    alert = page.get_by_role("alert")
    problem = "Målområde 3, gevinst 1, forventet verdi: «mye» er ikke et tall"
    assert problem in alert.inner_text()
    assert axe_violations_on(page) == []
    assert not page_overflows(page), page.evaluate(WIDEST)
    alert.get_by_role("link", name=problem).click()
    field = benefit(page, "Målområde 3: Økonomisk robusthet", 1).get_by_label(EXPECTED, exact=True)
    assert page.url.endswith("#b-a-2-b-0-expected")
    assert field.get_attribute("aria-invalid") == "true" and field.input_value() == "mye"
    field.fill("16,5")
    page.get_by_role("button", name="Lagre som utkast").first.click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    assert (
        benefit(page, "Målområde 3", 1).get_by_label(EXPECTED, exact=True).input_value() == "16,5"
    )
    page.context.close()


def test_a_benefit_is_added_and_saved_without_javascript(browser, site):
    page = sign_in(browser, site, DESKTOP, javascript=False)
    page.goto(site + FORM)
    area = page.get_by_role("group", name="Målområde 4: Demokratisk arena")
    assert area.get_by_role("group", name="Gevinst 2", exact=True).count() == 0
    area.get_by_role("button", name="Legg til gevinst").click()
    assert "Ingenting er lagret ennå" in page.locator("main").inner_text()
    area = page.get_by_role("group", name="Målområde 4: Demokratisk arena")
    added = area.get_by_role("group", name="Gevinst 2", exact=True)
    added.get_by_label("Tekst", exact=True).fill("Flere unge stemmer")
    added.get_by_label("Indikator").select_option("samarbeid-valgdeltakelse-endring")
    added.get_by_label(EXPECTED, exact=True).fill("3")
    page.get_by_label("Hvorfor").fill("Ny gevinst")
    page.get_by_role("button", name="Lagre som utkast").last.click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    area = page.get_by_role("group", name="Målområde 4: Demokratisk arena")
    saved = area.get_by_role("group", name="Gevinst 2", exact=True)
    assert saved.get_by_label("Tekst", exact=True).input_value() == "Flere unge stemmer"
    assert saved.get_by_label("Nøkkel", exact=False).input_value() == "flere-unge-stemmer"
    page.context.close()
