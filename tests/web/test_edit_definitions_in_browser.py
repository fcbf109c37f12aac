"""The definition forms in Debian's Chromium, signed in through /login: axe-core's WCAG 2.1
A/AA rules on each form (an indicator, the thematic plans, the goal verdicts, the plan) in
both languages at desktop width and at 320 px; also as the form comes back with problems,
after "add a sub-goal" (which needs no script), and read-only for an editor of another
focus area."""

import pytest
from playwright.sync_api import Page

from sdgplan import accounts
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from tests.browser import AT_DESKTOP_AND_320PX, DESKTOP, axe_violations_on, serving
from tests.web.test_edit_definitions import app_with_forms
from tests.web.test_pages import asker_database

ADMIN, EDITOR = ("anne", "anne-passord-12"), ("kari", "kari-passord-12")
FORMS = [
    "/{lang}/edit/3203/indicators/okonomi-disposisjonsfond",
    "/{lang}/edit/3203/thematic-plans",
    "/{lang}/edit/3203/verdicts",
    "/{lang}/edit/3203/plan",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("definitions-browser"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(session, name=ADMIN[0], password=ADMIN[1], role=Role.ADMIN, who="t")
        accounts.add_user(
            session,
            name=EDITOR[0],
            password=EDITOR[1],
            role=Role.EDITOR,
            municipality="3203",
            scope=["god-helse"],
            who="t",
        )
    engine.dispose()
    with serving(app_with_forms(url)) as base:
        yield base


def signed_in(browser, base: str, user: tuple[str, str], viewport, *, javascript=True) -> Page:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Brukernavn").fill(user[0])
    page.get_by_label("Passord").fill(user[1])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base}/nb/edit/**")
    return page


def opened(page: Page, url: str, status: int = 200) -> Page:
    response = page.goto(url)
    assert response is not None and response.status == status, url
    return page


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_definition_form_passes_axe(browser, site, lang, viewport):
    page = signed_in(browser, site, ADMIN, viewport)
    for path in FORMS:
        url = site + path.format(lang=lang)
        assert axe_violations_on(opened(page, url)) == [], url
    page.context.close()


@AT_DESKTOP_AND_320PX
def test_forms_with_problems_and_an_added_goal_pass_axe(browser, site, viewport):
    page = signed_in(browser, site, ADMIN, viewport)
    opened(page, f"{site}/nb/edit/3203/indicators/okonomi-disposisjonsfond")
    page.get_by_label("Målår").fill("20x0")
    page.get_by_role("button", name="Lagre som utkast").click()
    assert "target.year" in page.locator("div.form-problem").inner_text()
    assert axe_violations_on(page) == [], "indicator with a problem"

    opened(page, f"{site}/nb/edit/3203/verdicts")
    page.locator("select[name='verdict:okonomi.1']").select_option("good")
    page.get_by_role("button", name="Lagre endrede vurderinger som utkast").click()
    assert "Mangler «reason»" in page.locator("div.form-problem").inner_text()
    assert axe_violations_on(page) == [], "verdicts with a problem"

    opened(page, f"{site}/nb/edit/3203/plan")
    page.get_by_role("button", name="Legg til delmål i satsingsområde 1").click()
    assert "Ingenting er lagret ennå" in page.locator("main").inner_text()
    assert page.locator("#added textarea").input_value() == ""
    assert axe_violations_on(page) == [], "plan with an added sub-goal"
    page.context.close()


def test_adding_a_goal_works_without_javascript(browser, site):
    page = signed_in(browser, site, ADMIN, DESKTOP, javascript=False)
    opened(page, f"{site}/nb/edit/3203/plan")
    before = page.locator("fieldset.plan-area").first.locator("textarea").count()
    page.get_by_role("button", name="Legg til delmål i satsingsområde 1").click()
    assert page.url.endswith("/nb/edit/3203/plan#added")
    area = page.locator("fieldset.plan-area").first
    assert area.locator("textarea").count() == before + 1
    assert page.locator("#added textarea").input_value() == ""
    page.context.close()


def test_read_only_forms_pass_axe(browser, site):
    page = signed_in(browser, site, EDITOR, DESKTOP)
    for path in FORMS:
        url = site + path.format(lang="nb")
        assert axe_violations_on(opened(page, url)) == [], url
    assert page.get_by_role("button", name="Legg til delmål").count() == 0
    page.context.close()
