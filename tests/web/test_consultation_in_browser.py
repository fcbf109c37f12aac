"""Public consultation in Debian's Chromium, as issue 14's acceptance asks: a citizen sends
input in the period (with and without JavaScript); outside the period the form is closed;
the 11th submission within a minute from one address is refused; an approver publishes one
input and the export for the case file lists the input with consent only. axe-core's WCAG
2.1 AA rules and the 320 px width on every page on the way."""

import csv
import io

import pytest
from playwright.sync_api import Page

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.consultation import DocumentKind
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import DESKTOP, NARROW, axe_violations_on, page_overflows, serving
from tests.reports.oslo import oslo_database
from tests.web.test_consultation_pages import CLOSED, OPEN, open_consultations
from tests.web.test_pages import asker_database

APPROVER = ("ola", "ola-passordet-34")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("consultation-browser"))
    open_consultations(url, "3203", (DocumentKind.PROGRAMME, "2024-2027/forslag"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name=APPROVER[0], password=APPROVER[1], role=Role.APPROVER, who="test"
        )
    engine.dispose()
    with serving(create_app(Settings(db=url))) as base:
        yield base


def checked(page: Page, url: str | None = None) -> Page:
    """The page (opened at `url`) passes axe at desktop width and at 320 px, unscrolled."""
    if url:
        page.goto(url)
    assert axe_violations_on(page) == [], page.url
    page.set_viewport_size(NARROW)
    assert axe_violations_on(page) == [], page.url
    assert not page_overflows(page), page.url
    page.set_viewport_size(DESKTOP)
    return page


def fill_and_send(page: Page, text: str, *, consent: bool, name: str = "") -> None:
    if name:
        page.get_by_label("Navn (valgfritt)").fill(name)
    page.get_by_label("Innspill", exact=True).fill(text)
    if consent:
        page.get_by_label("Innspillet mitt, med navn og organisasjon").check()
    page.get_by_role("button", name="Send innspill").click()


def test_citizens_send_input_the_eleventh_in_a_minute_is_refused_and_the_export(browser, site):
    citizen = browser.new_page(viewport=DESKTOP)
    form = f"{site}/nb/consultations/{OPEN}"
    checked(citizen, f"{site}/nb/consultations")
    checked(citizen, form)
    citizen.get_by_label("Hva gjelder innspillet?").select_option("demografi-oppvekst")
    fill_and_send(citizen, "Behold skolebudsjettet.", consent=True, name="Kari Nordmann")
    assert "Innspillet er mottatt" in checked(citizen).locator("h1").inner_text()
    assert "nummer 1" in citizen.locator("main").inner_text()

    plain = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    plain.goto(form)
    fill_and_send(plain, "Uten samtykke, uten skript.", consent=False)
    assert "nummer 2" in plain.locator("main").inner_text()

    for n in range(8):  # one address: the two above and eight more make ten in a minute
        citizen.goto(form)
        fill_and_send(citizen, f"Innspill {n}", consent=n % 2 == 0)
        assert "Innspillet er mottatt" in citizen.locator("h1").inner_text(), n
    citizen.goto(form)
    fill_and_send(citizen, "Det ellevte", consent=True)
    alert = citizen.get_by_role("alert")
    assert "For mange innspill fra samme adresse" in alert.inner_text()
    assert citizen.get_by_label("Innspill", exact=True).input_value() == "Det ellevte"

    approver = browser.new_page(viewport=DESKTOP)
    approver.goto(f"{site}/nb/login")
    approver.get_by_label("Brukernavn").fill(APPROVER[0])
    approver.get_by_label("Passord").fill(APPROVER[1])
    approver.get_by_role("button", name="Logg inn").click()
    board = checked(approver, f"{site}/nb/edit/3203/consultations/{OPEN}")
    assert board.locator("section.pending").count() == 10
    board.get_by_role("button", name="Publiser innspill 1", exact=True).click()
    citizen.goto(form)
    published = citizen.locator("ol.submissions").inner_text()
    assert "Behold skolebudsjettet." in published and "Kari Nordmann" in published
    assert "Uten samtykke" not in citizen.locator("main").inner_text()

    with approver.expect_download() as download:
        approver.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    texts = " ".join(" ".join(row) for row in rows)
    assert "Behold skolebudsjettet." in texts and "Uten samtykke" not in texts
    consented = {f"Innspill {n}" for n in range(0, 8, 2)}
    assert consented <= {cell for row in rows for cell in row}
    assert not {f"Innspill {n}" for n in range(1, 8, 2)} & {cell for row in rows for cell in row}


def test_outside_the_period_the_form_is_closed(browser, site):
    page = checked(browser.new_page(viewport=DESKTOP), f"{site}/nb/consultations/{CLOSED}")
    assert page.get_by_role("heading", name="Høringen er stengt").is_visible()
    assert page.locator("form.consultation-form").count() == 0
    assert page.get_by_role("button", name="Send innspill").count() == 0


def test_a_second_municipality_takes_input_in_english(browser, tmp_path):
    url = oslo_database(tmp_path)
    open_consultations(url, "0301", (DocumentKind.OTHER, None))
    with serving(create_app(Settings(db=url))) as base:
        page = checked(browser.new_page(viewport=DESKTOP), f"{base}/en/consultations/{OPEN}")
        page.get_by_label("Input", exact=True).fill("More cycle lanes")
        page.get_by_role("button", name="Send your input").click()
        assert "Your input has been received" in checked(page).locator("h1").inner_text()
