"""The reporting-round pages in Debian's Chromium, signed in through /login as an admin (who
sees every part: the open-round form with its folded per-indicator owners opened, the
reminders, the sign-off): axe-core's WCAG 2.1 A/AA rules on the rounds page and on the board
of an open round and of a signed-off one, at desktop width and at 320 px, in both languages;
and no page wider than a 320 px screen."""

import datetime as dt

import pytest

from sdgplan import accounts
from sdgplan.domain.users import Role
from sdgplan.editing.rounds import open_round
from sdgplan.editing.signoff import sign_off
from sdgplan.loading import load_observations
from sdgplan.store.db import make_engine, session_scope
from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing, serving
from tests.editing.test_rounds import ADMIN, ASKER_2023, PASSWORD, add_users
from tests.web.test_pages import asker_database
from tests.web.test_round_pages import app_for

ASKER = "3203"


@pytest.fixture(scope="module")
def rounds_site(tmp_path_factory):
    """The Asker site with an open round (owners set, some 2023 figures) and a signed-off
    one: its base URL and the two rounds' ids."""
    folder = tmp_path_factory.mktemp("round-pages-browser")
    url = asker_database(folder)
    figures = folder / "asker-2023.csv"
    figures.write_text(ASKER_2023, encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_observations(session, figures, who="tester")
        add_users(session, ASKER)
        accounts.add_user(
            session, name="sjef", password=PASSWORD, role=Role.ADMIN, municipality=ASKER, who="t"
        )
        owners = {"okonomi": "kari@example.no", "okonomi-netto-lanegjeld": "ola"}
        deadline = dt.date(2024, 2, 1)
        opened = open_round(
            session, ADMIN, ASKER, kind="annual", year=2023, deadline=deadline, owners=owners
        )
        signed = open_round(
            session, ADMIN, ASKER, kind="four-year", year=2023, deadline=deadline, owners=owners
        )
        sign_off(session, ADMIN, signed.id, incomplete=True)
    engine.dispose()
    with serving(app_for(url)) as base:
        yield base, opened.id, signed.id


def open_signed_in(page, url: str) -> None:
    """The page at `url`, signing in as the admin through /login first if asked to; every
    folded part opened, as axe checks only what is shown."""
    page.goto(url)
    if "/login" in page.url:
        page.fill("#name", "sjef")
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("form.login-form button[type=submit]")
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.url == url, page.url  # signed in: not sent to /login
    for summary in page.locator("details > summary").all():
        summary.click()


def round_urls(rounds_site, lang: str) -> list[str]:
    base, opened, signed = rounds_site
    edit = f"{base}/{lang}/edit/{ASKER}/rounds"
    return [edit, f"{edit}/{opened}", f"{edit}/{signed}"]


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_round_pages_pass_axe(browser, rounds_site, lang, viewport):
    urls = round_urls(rounds_site, lang)
    found = axe_violations_at(browser, urls, viewport=viewport, open_page=open_signed_in)
    assert found == {}


def test_round_pages_fit_a_320px_screen(browser, rounds_site):
    urls = round_urls(rounds_site, "nb")
    assert pages_overflowing(browser, urls, open_page=open_signed_in) == []


def test_the_admin_sees_every_part(browser, rounds_site):
    """What the axe test checks is there: the form, the reminders and the sign-off."""
    base, opened, signed = rounds_site
    page = browser.new_page()
    try:
        open_signed_in(page, f"{base}/nb/edit/{ASKER}/rounds")
        assert page.locator("select[name='owner-indicator:okonomi-netto-lanegjeld']").is_visible()
        open_signed_in(page, f"{base}/nb/edit/{ASKER}/rounds/{opened}")
        assert page.get_by_role("button", name="Send påminnelser").is_visible()
        assert page.get_by_label("Godkjenn selv om").is_visible()
        open_signed_in(page, f"{base}/nb/edit/{ASKER}/rounds/{signed}")
        assert page.get_by_role("link", name="Rapporten, versjon 1").is_visible()
    finally:
        page.close()
