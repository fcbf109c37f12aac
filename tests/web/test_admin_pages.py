"""Accounts on the web (issue 12): an administrator adds a user who can then sign in, gives a
new password, disables (sign-in and open sessions stop) and enables; others get 403; an API
token is shown once, works, and stops working when revoked; no password in a page or in the
change log. On Asker and on a small Oslo."""

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.editing import tokens
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.web.app import create_app
from sdgplan.web.pages_admin import ADMIN_ROUTES
from tests.reports.oslo import oslo_database
from tests.web.test_editing import PASSWORDS, add_users, csrf_of, form_fields, signed_in
from tests.web.test_pages import asker_database
from tests.web.test_upload import with_routes

NEW_PASSWORD = "ny-bruker-passord-1"
RESET_PASSWORD = "nullstilt-passord-22"


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("admin"))
    add_users(url, "3203", "okonomi", "god-helse")
    return url


@pytest.fixture(scope="module")
def app(asker_url):
    return with_routes(create_app(Settings(db=asker_url)), ADMIN_ROUTES)


def sign_in(app, name: str, password: str) -> tuple[TestClient, int]:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": password},
        follow_redirects=False,
    )
    return client, answer.status_code


def form_with(text: str, action: str) -> dict[str, str]:
    """The fields of the form posting `action` (a hidden `action` field) or to `action`."""
    for form in re.findall(r"<form.*?</form>", text, re.S):
        if f'name="action" value="{action}"' in form or f'action="{action}"' in form:
            return form_fields(form)
    raise AssertionError(f"no form for {action}")


def change_log_text(url: str) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.scalars(select(ChangeLogRow)).all()
        text = "\n".join(f"{r.old} {r.new} {r.source} {r.reason}" for r in rows)
    engine.dispose()
    return text


def add_kari(admin: TestClient, **extra) -> object:
    fields = form_with(admin.get("/nb/edit/users").text, "/nb/edit/users")
    fields.update(name="kari", role="editor", password=NEW_PASSWORD, password2=NEW_PASSWORD)
    fields.update(extra)
    return admin.post("/nb/edit/users", data=fields, follow_redirects=False)


def test_an_admin_adds_resets_disables_and_enables_a_user(app, asker_url):
    admin = signed_in(app, "admin")
    page = admin.get("/nb/edit/users")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert ">editor<" in page.text and ">reader<" in page.text

    added = add_kari(admin, scope="okonomi")
    assert added.status_code == 303, added.text
    listing = admin.get(added.headers["location"])
    assert "Lagt til: kari" in listing.text and NEW_PASSWORD not in listing.text
    kari, status = sign_in(app, "kari", NEW_PASSWORD)
    assert status == 303
    assert kari.get("/nb/edit/3203/").status_code == 200
    assert kari.get("/nb/edit/users").status_code == 403  # an editor manages nobody

    user_page = admin.get("/nb/edit/user?name=kari").text
    reset = form_with(user_page, "password")
    reset.update(password=RESET_PASSWORD, password2=RESET_PASSWORD)
    done = admin.post("/nb/edit/user", data=reset, follow_redirects=False)
    assert done.status_code == 303
    assert "Nytt passord er satt for kari" in admin.get(done.headers["location"]).text
    assert sign_in(app, "kari", NEW_PASSWORD)[1] == 401
    ended = kari.get("/nb/edit/3203/", follow_redirects=False)  # signed in before the reset
    assert ended.status_code == 303 and "/login" in ended.headers["location"]
    kari, status = sign_in(app, "kari", RESET_PASSWORD)
    assert status == 303 and kari.get("/nb/edit/3203/").status_code == 200

    disable = form_with(admin.get("/nb/edit/user?name=kari").text, "disable")
    assert admin.post("/nb/edit/user", data=disable, follow_redirects=False).status_code == 303
    assert sign_in(app, "kari", RESET_PASSWORD)[1] == 401
    stale = kari.get("/nb/edit/3203/", follow_redirects=False)  # signed in before
    assert stale.status_code == 303 and "/login" in stale.headers["location"]

    enable = form_with(admin.get("/nb/edit/user?name=kari").text, "enable")
    assert admin.post("/nb/edit/user", data=enable, follow_redirects=False).status_code == 303
    assert sign_in(app, "kari", RESET_PASSWORD)[1] == 303

    log = change_log_text(asker_url)
    for password in (NEW_PASSWORD, RESET_PASSWORD):
        assert password not in log
        assert password not in admin.get("/nb/edit/users").text
        assert password not in admin.get("/nb/edit/user?name=kari").text
    assert "'disabled': True" in log or '"disabled": true' in log


def test_adding_with_problems_keeps_the_fields_but_never_the_password(app):
    admin = signed_in(app, "admin")
    short = add_kari(admin, name="per", password="kort", password2="kort")
    assert short.status_code == 422 and "Passordet er for kort" in short.text
    assert 'value="per"' in short.text and 'value="kort"' not in short.text
    differ = add_kari(admin, name="per", password2=NEW_PASSWORD + "x")
    assert differ.status_code == 422 and "Passordene er ikke like" in differ.text
    taken = add_kari(admin, name="EDITOR")
    assert taken.status_code == 409 and "Brukernavnet er allerede tatt" in taken.text
    scoped = add_kari(admin, name="per", role="approver", scope="okonomi")
    assert scoped.status_code == 422 and "Bare en redaktør" in scoped.text
    everywhere = add_kari(admin, name="per", municipality="")  # an admin of Asker only
    assert everywhere.status_code == 403


def test_an_admin_may_not_lock_themselves_out(app):
    admin = signed_in(app, "admin")
    page = admin.get("/nb/edit/user?name=admin").text
    assert 'value="disable"' not in page
    token = csrf_of(page)
    answer = admin.post("/nb/edit/user", data={"csrf": token, "name": "admin", "action": "disable"})
    assert answer.status_code == 422 and "din egen konto" in answer.text


def test_removing_needs_a_disabled_user(app):
    admin = signed_in(app, "admin")
    assert add_kari(admin, name="ola").status_code == 303
    token = csrf_of(admin.get("/nb/edit/users").text)
    remove = {"csrf": token, "name": "ola", "action": "remove"}
    refused = admin.post("/nb/edit/user", data=remove)
    assert refused.status_code == 422 and "Sperr brukeren før du fjerner den" in refused.text
    admin.post("/nb/edit/user", data={**remove, "action": "disable"})
    removed = admin.post("/nb/edit/user", data=remove, follow_redirects=False)
    assert removed.status_code == 303
    assert "Fjernet: ola" in admin.get(removed.headers["location"]).text
    assert admin.get("/nb/edit/user?name=ola").status_code == 404


@pytest.mark.parametrize("role", ["reader", "editor", "other_editor", "approver"])
def test_others_get_403_on_the_user_pages(app, role):
    client = signed_in(app, role)
    assert client.get("/nb/edit/users").status_code == 403
    assert client.get("/nb/edit/user?name=editor").status_code == 403
    token = csrf_of(client.get("/nb/edit/tokens").text)
    data = {
        "csrf": token,
        "name": "x1",
        "role": "admin",
        "password": "p" * 12,
        "password2": "p" * 12,
    }
    assert client.post("/nb/edit/users", data=data).status_code == 403
    reset = {"csrf": token, "name": "admin", "action": "password", "password": "p" * 12}
    assert client.post("/nb/edit/user", data={**reset, "password2": "p" * 12}).status_code == 403
    assert sign_in(app, "admin", PASSWORDS["admin"])[1] == 303


def test_signed_out_visitors_are_sent_to_sign_in(app):
    for path in ("/nb/edit/users", "/nb/edit/tokens", "/nb/edit/user?name=admin"):
        answer = TestClient(app).get(path, follow_redirects=False)
        assert answer.status_code == 303 and "/nb/login" in answer.headers["location"]


def test_a_token_is_shown_once_works_and_is_revoked(app, asker_url):
    reader = signed_in(app, "reader")
    fields = form_with(reader.get("/nb/edit/tokens").text, "create")
    fields.update(label="nattlig-import", days="30")
    created = reader.post("/nb/edit/tokens", data=fields)
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    assert "Kopier den nå: den vises ikke igjen." in created.text
    token = html.unescape(re.search(r'<code class="token">([^<]+)</code>', created.text).group(1))
    assert token.startswith(tokens.PREFIX)
    again = reader.get("/nb/edit/tokens").text
    assert token not in again and "nattlig-import" in again and token[:11] in again

    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        assert tokens.user_of_token(session, token).name == "reader"
    assert token not in change_log_text(asker_url)

    revoke = form_with(reader.get("/nb/edit/tokens").text, "revoke")
    done = reader.post("/nb/edit/tokens", data=revoke, follow_redirects=False)
    assert done.status_code == 303
    assert "Nøkkelen er trukket tilbake" in reader.get(done.headers["location"]).text
    with session_scope(engine) as session:
        assert tokens.user_of_token(session, token) is None
    engine.dispose()


def test_a_token_form_with_problems_says_so(app):
    editor = signed_in(app, "editor")
    fields = form_with(editor.get("/nb/edit/tokens").text, "create")
    too_long = editor.post("/nb/edit/tokens", data={**fields, "label": "x", "days": "400"})
    assert too_long.status_code == 422 and "Varighet må være 1-366 dager" in too_long.text
    assert '<code class="token">' not in too_long.text and 'value="x"' in too_long.text


def test_someone_elses_token_cannot_be_revoked(app, asker_url):
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        owner = accounts.list_users(session)
        approver = next(u for u in owner if u.name == "approver")
        _token, stored = tokens.create_token(session, approver, label="approvers")
    engine.dispose()
    editor = signed_in(app, "editor")
    token = csrf_of(editor.get("/nb/edit/tokens").text)
    answer = editor.post(
        "/nb/edit/tokens", data={"csrf": token, "action": "revoke", "token": str(stored.id)}
    )
    assert answer.status_code == 403


def test_accounts_of_a_small_municipality(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(session, name="sjef", password="oslo-passord-1", role=Role.ADMIN, who="t")
        accounts.add_user(
            session,
            name="asker-admin",
            password="asker-passord-1",
            role=Role.ADMIN,
            municipality="3203",
            who="t",
        )
    engine.dispose()
    app = with_routes(create_app(Settings(db=url)), ADMIN_ROUTES)
    admin, status = sign_in(app, "sjef", "oslo-passord-1")
    assert status == 303
    page = admin.get("/nb/edit/users").text
    assert 'value="0301"' in page and ">Alle kommuner<" in page
    assert "asker-admin" in page  # an admin of every municipality sees every account
    fields = form_with(page, "/nb/edit/users")
    fields.update(
        name="oslo-red",
        role="editor",
        municipality="0301",
        password=NEW_PASSWORD,
        password2=NEW_PASSWORD,
    )
    fields["scope"] = re.search(r'name="scope" value="([^"]+)"', page).group(1)
    assert admin.post("/nb/edit/users", data=fields, follow_redirects=False).status_code == 303
    assert sign_in(app, "oslo-red", NEW_PASSWORD)[1] == 303
    # an admin of Asker manages none of Oslo's accounts
    other, _status = sign_in(app, "asker-admin", "asker-passord-1")
    assert "oslo-red" not in other.get("/nb/edit/users").text
    assert other.get("/nb/edit/user?name=oslo-red").status_code == 403
