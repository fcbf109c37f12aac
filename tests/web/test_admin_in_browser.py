"""The upload and account pages in Debian's Chromium, signed in through /login: axe-core's
WCAG 2.1 A/AA rules on the upload form, a preview with changes, a preview with problems, the
users page, a user's page and the tokens page (with a new token shown), at desktop width and
at 320 px, and none of them wider than a 320 px screen."""

import pytest

from sdgplan.config import Settings
from sdgplan.web.app import create_app
from sdgplan.web.pages_admin import ADMIN_ROUTES
from sdgplan.web.pages_upload import UPLOAD_ROUTES
from tests.browser import AT_DESKTOP_AND_320PX, NARROW, axe_violations_on, page_overflows, serving
from tests.web.test_editing import PASSWORDS, add_users
from tests.web.test_pages import asker_database
from tests.web.test_upload import CHANGES, UPLOAD, with_routes


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("admin-browser"))
    add_users(url, "3203", "okonomi", "god-helse")
    app = with_routes(create_app(Settings(db=url)), UPLOAD_ROUTES, ADMIN_ROUTES)
    with serving(app) as base:
        yield base


def sign_in(browser, base: str, viewport, name: str):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/edit/**")
    return page


def upload(page, base: str, name: str, data: bytes) -> None:
    page.goto(base + UPLOAD)
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.click("form.upload-form button[type=submit]")
    page.wait_for_load_state()


def visits(page, base: str):
    """(what, check) for each page state; each leaves the page showing it."""
    yield "upload form", lambda: page.goto(base + UPLOAD)
    yield "preview", lambda: upload(page, base, "tall.csv", CHANGES.encode())
    bad = CHANGES + "okonomi-disposisjonsfond,3203,2020,12x\n"
    yield "problems", lambda: upload(page, base, "feil.csv", bad.encode())
    yield "users", lambda: page.goto(f"{base}/nb/edit/users")
    yield "user", lambda: page.goto(f"{base}/nb/edit/user?name=editor")
    yield "tokens", lambda: page.goto(f"{base}/nb/edit/tokens")

    def new_token() -> None:
        page.goto(f"{base}/nb/edit/tokens")
        page.fill("#label", "nattlig-import")
        page.click("form.edit-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("code.token").count() == 1

    yield "new token", new_token


@AT_DESKTOP_AND_320PX
def test_upload_and_account_pages_pass_axe(browser, site, viewport):
    page = sign_in(browser, site, viewport, "admin")
    found = {}
    for what, show in visits(page, site):
        show()
        if violations := axe_violations_on(page):
            found[what] = violations
    page.close()
    assert found == {}


def test_upload_and_account_pages_fit_a_320px_screen(browser, site):
    page = sign_in(browser, site, NARROW, "admin")
    wide = []
    for what, show in visits(page, site):
        show()
        if page_overflows(page):
            wide.append(what)
    page.close()
    assert wide == []


def test_uploading_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/login")
    page.fill("#name", "editor")
    page.fill("#password", PASSWORDS["editor"])
    page.click("form.login-form button[type=submit]")
    data = "indicator_id,area,period,value\nokonomi-netto-lanegjeld,3203,2024,71\n"
    upload(page, site, "lan.csv", data.encode())
    assert page.locator("text=Nye tall: 1").count() == 1
    page.click("form[action$='/upload/confirm'] button[type=submit]")
    page.wait_for_url("**/edit/3203/pending")
    assert page.locator("text=71").count() >= 1
    context.close()
