"""Single sign-on with OpenID Connect against a real provider served over HTTP
(tests/oidc_provider.py): the browser's redirects are followed by hand, the authorize request
over HTTP with httpx, the rest with the application's TestClient. The provider only says who
someone is: the local account (Asker's database, or Oslo's) decides whether they get in."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import Depends, Request
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from sdgplan import accounts
from sdgplan.config import OidcSettings, Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web import auth
from sdgplan.web.app import create_app
from sdgplan.web.deps import db_session
from tests.oidc_provider import Provider, serving_provider
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

CALLBACK_URL = "http://testserver/login/oidc/callback"
PASSWORD = "a long password for tests"
WHO = "test"


def add_users(url: str, municipality: str) -> None:
    """kari (editor), ola (disabled) in `municipality`."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        for name in ("kari.nordmann@kommune.no", "ola"):
            accounts.add_user(
                session,
                name=name,
                password=PASSWORD,
                role=Role.EDITOR,
                municipality=municipality,
                who=WHO,
            )
        accounts.set_disabled(session, name="ola", disabled=True, who=WHO)
    engine.dispose()


def whoami(request: Request, session: Annotated[Session, Depends(db_session)]) -> str:
    user = auth.signed_in_user(request, session)
    return user.name if user else ""


def app_client(url: str, provider: Provider, **oidc: str) -> TestClient:
    settings = OidcSettings.model_validate(
        {
            "metadata_url": f"{provider.url}/.well-known/openid-configuration",
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            **oidc,
        }
    )
    app = create_app(Settings(db=url, oidc=settings))
    app.add_api_route("/test/whoami", whoami)
    app.router.routes.insert(0, app.router.routes.pop())  # before the pages' catch-all
    return TestClient(app, follow_redirects=False)


@pytest.fixture(scope="module")
def provider():
    with serving_provider(CALLBACK_URL) as served:
        yield served


@pytest.fixture(autouse=True)
def approving(provider):
    provider.mode = "approve"
    provider.claims = {"sub": "u-1", "preferred_username": "kari.nordmann@kommune.no"}


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("oidc-asker"))
    add_users(url, "3203")
    return url


@pytest.fixture
def client(asker_url, provider):
    return app_client(asker_url, provider)


def to_provider(client: TestClient, provider: Provider, start: str = "/login/oidc") -> str:
    """The start of the sign-in; the provider's answer: the callback URL with its query."""
    answer = client.get(start)
    assert answer.status_code == 302
    authorize = answer.headers["location"]
    assert authorize.startswith(f"{provider.url}/authorize?")
    back = httpx.get(authorize, follow_redirects=False)
    assert back.status_code == 307, back.text
    callback = back.headers["location"]
    assert callback.startswith(f"{CALLBACK_URL}?")
    return callback


def sign_in_via_provider(client: TestClient, provider: Provider, start: str = "/login/oidc"):
    return client.get(to_provider(client, provider, start))


def editing_opens(client: TestClient, number: str) -> bool:
    """The editing pages (for signed-in users only) open on the user's municipality."""
    home = client.get("/nb/edit/")
    assert (home.status_code, home.headers["location"]) == (303, f"/nb/edit/{number}/")
    return client.get(home.headers["location"]).status_code == 200


def test_a_known_user_is_signed_in_with_pkce_state_and_nonce(client, provider):
    assert client.get("/test/whoami").json() == ""
    assert client.get("/nb/edit/").headers["location"].startswith("/nb/login?")
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/nb/edit/"
    assert auth.SESSION_COOKIE in answer.headers["set-cookie"]
    assert "httponly" in answer.headers["set-cookie"].lower()
    assert client.get("/test/whoami").json() == "kari.nordmann@kommune.no"
    assert editing_opens(client, "3203")
    sent = provider.authorize_requests[-1]
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
    assert sent["state"] and sent["nonce"] and sent["redirect_uri"] == CALLBACK_URL
    assert sent["scope"].split() == ["openid", "email", "profile"]


def test_the_english_start_returns_to_english_and_to_next(client, provider):
    answer = sign_in_via_provider(client, provider, "/en/login/oidc?next=/en/edit/3203/")
    assert (answer.status_code, answer.headers["location"]) == (303, "/en/edit/3203/")
    outside = sign_in_via_provider(client, provider, "/en/login/oidc?next=//evil.example/")
    assert outside.headers["location"] == "/en/edit/"


def test_the_username_claim_is_configurable(asker_url, provider):
    client = app_client(asker_url, provider, username_claim="email")
    provider.claims = {"sub": "u-2", "email": "kari.nordmann@kommune.no"}
    assert sign_in_via_provider(client, provider).status_code == 303
    assert client.get("/test/whoami").json() == "kari.nordmann@kommune.no"
    provider.claims = {"sub": "u-3", "preferred_username": "kari.nordmann@kommune.no"}
    missing = sign_in_via_provider(client, provider)
    assert missing.status_code == 403
    assert "Innloggingstjenesten oppga ikke brukernavnet (feltet email)." in missing.text


def test_an_unknown_user_gets_a_page_naming_the_admin_command(client, provider):
    provider.claims = {"sub": "u-9", "preferred_username": "per@kommune.no"}
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 403
    assert "per@kommune.no har ingen bruker i sdgplan." in answer.text
    assert "«sdgplan user add»" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert client.get("/test/whoami").json() == ""


def test_an_unknown_user_is_told_in_english(client, provider):
    provider.claims = {"sub": "u-9", "preferred_username": "per@kommune.no"}
    answer = sign_in_via_provider(client, provider, "/en/login/oidc")
    assert answer.status_code == 403
    assert '<html lang="en">' in answer.text
    assert "per@kommune.no has no account in sdgplan." in answer.text
    assert "sdgplan user add" in answer.text


def test_a_disabled_user_is_refused(client, provider):
    provider.claims = {"sub": "u-5", "preferred_username": "OLA"}  # names match in any case
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 403
    assert "Brukeren OLA er deaktivert i sdgplan." in answer.text
    assert client.get("/test/whoami").json() == ""


def test_access_denied_gives_a_clear_page(client, provider):
    provider.mode = "deny"
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 403
    assert "Innloggingen ble avbrutt, eller innloggingstjenesten avviste den." in answer.text
    assert "cancelled" not in answer.text  # the provider's own words only go to the log
    assert 'href="/login"' in answer.text
    assert client.get("/test/whoami").json() == ""


def test_another_provider_error_names_its_code(client, provider):
    callback = to_provider(client, provider).split("?")[0]
    state = provider.authorize_requests[-1]["state"]
    answer = client.get(callback, params={"error": "server_error", "state": state})
    assert answer.status_code == 400
    assert "Innloggingstjenesten avviste innloggingen (feilkode server_error)." in answer.text


def test_a_tampered_or_replayed_state_is_refused(client, provider):
    callback = to_provider(client, provider)
    tampered = callback.replace("state=", "state=x")
    answer = client.get(tampered)
    assert answer.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in answer.text
    assert client.get("/test/whoami").json() == ""

    callback = to_provider(client, provider)
    assert client.get(callback).status_code == 303
    client.cookies.clear()
    replayed = client.get(callback)  # the same answer again, in another browser
    assert replayed.status_code == 400
    assert client.get("/test/whoami").json() == ""


def test_a_callback_from_another_browser_is_refused(asker_url, provider):
    mine, theirs = app_client(asker_url, provider), app_client(asker_url, provider)
    callback = to_provider(mine, provider)
    assert theirs.get(callback).status_code == 400
    assert theirs.get("/test/whoami").json() == ""


@pytest.mark.parametrize(
    "mode", ["wrong_key", "wrong_nonce", "wrong_audience", "wrong_issuer", "expired"]
)
def test_an_id_token_that_fails_a_check_is_refused(client, provider, mode):
    provider.mode = mode
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 401
    assert "Innloggingstjenesten sendte et ID-token som ikke kunne godkjennes." in answer.text
    assert "Traceback" not in answer.text
    assert client.get("/test/whoami").json() == ""


def test_a_provider_failing_at_the_token_request_gives_a_clear_page(client, provider):
    provider.mode = "broken_token"
    answer = sign_in_via_provider(client, provider)
    assert answer.status_code == 502
    assert "Fikk ikke kontakt med innloggingstjenesten." in answer.text


def test_an_unreachable_provider_gives_a_clear_page(asker_url):
    with serving_provider(CALLBACK_URL) as gone:
        pass  # stopped: nothing answers at its address any more
    answer = app_client(asker_url, gone).get("/en/login/oidc")
    assert answer.status_code == 502
    assert "Could not reach the sign-in service." in answer.text


def test_without_oidc_settings_the_routes_are_not_found(asker_url):
    app = create_app(Settings(db=asker_url))
    client = TestClient(app, follow_redirects=False)
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404


def test_a_user_of_a_second_municipality_signs_in(tmp_path, provider):
    url = oslo_database(tmp_path)
    add_users(url, "0301")
    client = app_client(url, provider)
    answer = sign_in_via_provider(client, provider)
    assert (answer.status_code, answer.headers["location"]) == (303, "/nb/edit/")
    assert client.get("/test/whoami").json() == "kari.nordmann@kommune.no"
    assert editing_opens(client, "0301")


def test_a_made_up_error_link_is_refused_and_odd_codes_are_not_shown(client, provider):
    made_up = client.get("/login/oidc/callback", params={"error": "access_denied"})
    assert made_up.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in made_up.text
    callback = to_provider(client, provider).split("?")[0]
    state = provider.authorize_requests[-1]["state"]
    odd = client.get(callback, params={"error": "Ring 555 12 345", "state": state})
    assert odd.status_code == 400
    assert "(feilkode ?)" in odd.text and "555" not in odd.text


def test_the_provider_checks_the_verifier_and_the_secret(client, provider):
    """So that a sign-in that works shows PKCE and the client secret at work."""
    code = parse_qs(urlsplit(to_provider(client, provider)).query)["code"][0]
    token = f"{provider.url}/token"
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK_URL}
    right = (provider.client_id, provider.client_secret)
    wrong_secret = httpx.post(token, data={**form, "code_verifier": "x" * 43}, auth=("x", "y"))
    assert wrong_secret.json()["error"] == "invalid_client"
    wrong_verifier = httpx.post(token, data={**form, "code_verifier": "x" * 43}, auth=right)
    assert wrong_verifier.json() == {"error": "invalid_grant", "error_description": "PKCE"}
