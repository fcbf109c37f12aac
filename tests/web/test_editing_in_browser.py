"""Editing in Debian's Chromium, as issue 12's acceptance asks: an editor scoped to one focus
area signs in, enters a year's value, writes a text with a preview and saves; the public page
does not change; an approver publishes; the public page and the API show the new value; the
history shows both steps; a revert restores the old values. axe-core's WCAG 2.1 AA rules on
every editing page on the way, without JavaScript as well."""

import json
import urllib.request

import pytest
from playwright.sync_api import Page

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.browser import DESKTOP, NARROW, axe_violations_on, page_overflows, serving
from tests.web.test_pages import asker_database

INDICATOR = "okonomi-disposisjonsfond"
EDITOR, APPROVER = ("kari", "kari-passord-12"), ("ola", "ola-passordet-34")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("editing-browser"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session,
            name=EDITOR[0],
            password=EDITOR[1],
            role=Role.EDITOR,
            municipality="3203",
            scope=["okonomi"],
            who="test",
        )
        accounts.add_user(
            session, name=APPROVER[0], password=APPROVER[1], role=Role.APPROVER, who="test"
        )
    engine.dispose()
    with serving(create_app(Settings(db=url))) as base:
        yield base


def sign_in(browser, base: str, user: tuple[str, str], *, javascript: bool = True) -> Page:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/login")
    if javascript:  # axe runs as a script in the page
        assert axe_violations_on(page) == []
    page.get_by_label("Brukernavn").fill(user[0])
    page.get_by_label("Passord").fill(user[1])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base}/nb/edit/3203/")
    return page


def api_value(base: str, year: str) -> float | None:
    with urllib.request.urlopen(f"{base}/api/v1/indicators/{INDICATOR}/observations.json") as f:
        items = json.load(f)["items"]
    found = [o["value"] for o in items if o["period"] == year and o["area"] == "3203"]
    return found[0] if found else None


def checked(page: Page, url: str | None = None) -> Page:
    """The page (opened at `url`) passes axe at desktop width and at 320 px, unscrolled."""
    if url:
        page.goto(url)
    assert axe_violations_on(page) == [], page.url
    page.set_viewport_size(NARROW)
    assert axe_violations_on(page) == [], page.url
    page.set_viewport_size(DESKTOP)
    return page


def test_editor_drafts_approver_publishes_history_and_revert(browser, site):
    editor = sign_in(browser, site, EDITOR)
    checked(editor)
    public = browser.new_page()
    public.goto(f"{site}/nb/indicators/{INDICATOR}")
    public_before = public.locator("main").inner_text()
    assert api_value(site, "2023") is None

    checked(editor, f"{site}/nb/edit/3203/observations/{INDICATOR}")
    editor.get_by_label("Asker 2023: verdi").fill("12,5")
    editor.get_by_role("button", name="Lagre som utkast").click()
    assert "Lagret som utkast" in checked(editor).locator("main").inner_text()

    checked(editor, f"{site}/nb/edit/3203/text?section=Økonomi&period=2023")
    editor.get_by_label("Slags seksjon").select_option("focus_area")
    editor.get_by_label("Tekst (Markdown").fill("## Status 2023\n\nFondet er **12,5 %**.\n")
    editor.get_by_role("button", name="Forhåndsvis").click()
    preview = checked(editor).locator("section.preview")
    assert preview.locator("h3").inner_text() == "Status 2023"
    assert preview.locator("strong").inner_text() == "12,5 %"
    editor.get_by_role("button", name="Lagre som utkast").click()
    assert "Lagret som utkast" in editor.locator("main").inner_text()

    public.goto(f"{site}/nb/indicators/{INDICATOR}")
    assert public.locator("main").inner_text() == public_before  # drafts are not public
    assert api_value(site, "2023") is None

    approver = sign_in(browser, site, APPROVER)
    pending = checked(approver, f"{site}/nb/edit/3203/pending")
    assert pending.locator("section.pending").count() == 2
    assert "12,5" in pending.locator("main").inner_text()
    assert "kari" in pending.locator("main").inner_text()
    for _draft in range(2):
        approver.get_by_role("button", name="Publiser").first.click()
    assert approver.locator("section.pending").count() == 0

    assert api_value(site, "2023") == 12.5
    public.goto(f"{site}/nb/indicators/{INDICATOR}")
    assert "12,5" in public.locator("main").inner_text()

    history = checked(editor, f"{site}/nb/edit/3203/history?subject=observations:{INDICATOR}")
    rows = history.locator("table.history tbody tr")
    first, second, third = (rows.nth(i).inner_text() for i in range(3))
    assert "ola" in first and "publish draft" in first
    assert "ola" in second or "kari" in second  # the published change, by its author
    assert "kari" in third and "save draft" in third
    # back to the state before the change: the newest import of the figures
    history.locator("table.history tbody tr").nth(2 + 1).get_by_role("button").click()
    approver.goto(f"{site}/nb/edit/3203/pending")
    approver.get_by_role("button", name="Publiser").click()
    assert api_value(site, "2023") is None
    assert api_value(site, "2022") == 14.8
    public.goto(f"{site}/nb/indicators/{INDICATOR}")
    assert public.locator("main").inner_text() == public_before


def test_editing_pages_fit_a_320px_screen(browser, site):
    editor = sign_in(browser, site, EDITOR)
    for path in ("/nb/edit/3203/", f"/nb/edit/3203/history?subject=observations:{INDICATOR}"):
        editor.set_viewport_size(NARROW)
        editor.goto(site + path)
        assert not page_overflows(editor), path


def test_saving_works_without_javascript(browser, site):
    editor = sign_in(browser, site, EDITOR, javascript=False)
    editor.goto(f"{site}/nb/edit/3203/observations/okonomi-netto-lanegjeld")
    editor.get_by_label("Asker 2019: merknad").fill("Kilde: årsregnskapet")
    editor.get_by_role("button", name="Lagre som utkast").click()
    assert "Lagret som utkast" in editor.locator("main").inner_text()
    assert editor.get_by_label("Asker 2019: merknad").input_value() == "Kilde: årsregnskapet"
