"""The action programme's amendment form in Debian's Chromium: an editor enters a party's
amendment set by the labels, an unbalanced one is refused with the year's deficit, a balanced
one saved as a draft; axe-core's WCAG 2.1 AA rules at desktop width and at 320 px, without
sideways scrolling, on the list, the empty form and the refused one; and without script."""

import pytest

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_on, page_overflows, serving
from tests.web.test_pages import asker_database

EDITOR = ("per", "per-passordet-12")
FORM = "/nb/edit/3203/programme/2024-2027/amendment"
YEARS = (2024, 2025, 2026, 2027)
# what sticks out at 320 px, to say why a page scrolls sideways
WIDEST = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth)
  .map(e => e.tagName + ' ' + (e.name || e.id) + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 20).join(' | ')"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("programme-browser"))
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


def fill_amendment(page, key: str, cost_2026: str) -> None:
    page.get_by_label("Nøkkel (kort navn").fill(key)
    page.get_by_label("Parti (for et endringsforslag)").fill(key)
    page.get_by_label("Beløpene i skjemaet er i").select_option("mill. kr")
    page.get_by_label("Hva (Endring 1)").select_option("add")
    page.get_by_label("Tekst (Endring 1)").fill("Mer veivedlikehold")
    page.get_by_label("Tjenesteområde (Endring 1)").select_option("samfunnstjenester")
    page.get_by_label("Mål eller strategier", exact=False).first.fill("okonomi.1")
    page.get_by_label("Tekst (Inndekning 1)").fill("Salg av eiendom")
    for year in YEARS:
        cost = cost_2026 if year == 2026 else "10"
        page.get_by_label(f"Endring 1, {year} (mill. kr)").fill(cost)
        page.get_by_label(f"Inndekning 1, {year} (mill. kr)").fill("10")


@AT_DESKTOP_AND_320PX
def test_the_amendment_form_is_accessible_and_refuses_an_unbalanced_set(browser, site, viewport):
    page = sign_in(browser, site, viewport)
    for path in ("/nb/edit/3203/", "/nb/edit/3203/programme", FORM):
        page.goto(site + path)
        assert axe_violations_on(page) == [], path
        assert not page_overflows(page), (path, page.evaluate(WIDEST))
    key = f"FrP{viewport['width']}"
    fill_amendment(page, key, "22,5")
    page.get_by_role("button", name="Lagre som utkast").click()
    alert = page.get_by_role("alert")
    assert "ikke i balanse: 2026: -12,5 mill. kr" in alert.inner_text()
    assert alert.locator("table tbody tr").all_inner_texts() == ["2026\t-12,5 mill. kr"]
    assert axe_violations_on(page) == []
    assert not page_overflows(page)
    page.get_by_label("Endring 1, 2026 (mill. kr)").fill("10")
    page.get_by_role("button", name="Lagre som utkast").click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    assert page.get_by_label("Tekst (Endring 1)").input_value() == "Mer veivedlikehold"
    page.goto(f"{site}/nb/edit/3203/programme")
    assert key in page.locator("main").inner_text()
    assert axe_violations_on(page) == []
    page.context.close()


def test_more_rows_and_saving_work_without_javascript(browser, site):
    page = sign_in(browser, site, DESKTOP, javascript=False)
    page.goto(site + FORM)
    before = page.get_by_role("group").count()
    page.get_by_role("button", name="Flere rader for endringer").click()
    assert page.get_by_role("group").count() > before
    fill_amendment(page, "KrF", "10")
    page.get_by_role("button", name="Lagre som utkast").click()
    assert "Lagret som utkast." in page.locator("main").inner_text()
    page.context.close()
