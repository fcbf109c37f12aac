"""Single sign-on with OpenID Connect (issue 12): `/login/oidc` (`/en/login/oidc`) sends the
browser to the provider of the `oidc` settings (authorization code with PKCE S256, state and
nonce, through Authlib's Starlette client); `/login/oidc/callback` checks the ID token (its
signature against the provider's JWKS, issuer, audience, nonce, expiry) and signs in the LOCAL
user named by the token's `username_claim`. The provider only tells who someone is: roles and
scopes stay with the local account, which an admin makes with `sdgplan user add`.

Each application registers its own client on first use (`app.state.oidc`); the provider's
metadata and keys are fetched over HTTPS then, and kept (new keys are fetched when a token
names an unknown one).
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import TYPE_CHECKING, Any

import anyio.to_thread
import httpx
from authlib.integrations.base_client import (  # type: ignore[import-untyped]
    MismatchingStateError,
    OAuthError,
)
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from joserfc.errors import JoseError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sdgplan.config import OidcSettings
from sdgplan.domain.users import User
from sdgplan.errors import NotFound
from sdgplan.i18n import LANGUAGES, _, use_language
from sdgplan.store import user_repo
from sdgplan.web.auth import sign_in
from sdgplan.web.pages_login import safe_next
from sdgplan.web.rendering import render_page

if TYPE_CHECKING:
    from authlib.integrations.starlette_client import (  # type: ignore[import-untyped]
        StarletteOAuth2App,
    )

logger = logging.getLogger(__name__)

PROVIDER = "sso"  # the client's name in Authlib's registry (and its session keys)
LANGUAGE_KEY = "oidc_language"  # the session remembers the language the sign-in began in,
NEXT_KEY = "oidc_next"  # and where to go after it
LONGEST_NEXT = 1000  # characters: the session is a cookie of at most 4 kB
TIMEOUT = 10.0  # seconds for each request to the provider
CALLBACK = "oidc_callback"  # the route's name; its URL is the redirect URI at the provider
ERROR_CODE = re.compile(r"[a-z_]{1,40}")  # as in RFC 6749, 4.1.2.1 and OIDC Core, 3.1.2.6


def oidc_router() -> APIRouter:
    """The sign-in routes; they answer 404 while `oidc` is not set. Include it before
    `pages_router`, whose `/{lang}/{rest:path}` would take these paths."""
    router = APIRouter(include_in_schema=False)
    router.add_api_route("/login/oidc", _start_nb, methods=["GET"])
    router.add_api_route("/en/login/oidc", _start_en, methods=["GET"])
    router.add_api_route("/login/oidc/callback", _callback, methods=["GET"], name=CALLBACK)
    return router


def oidc_client(app: FastAPI) -> StarletteOAuth2App:
    """The application's OpenID Connect client, registered on first use; NotFound without
    `oidc` settings."""
    oauth = getattr(app.state, "oidc", None)
    if oauth is None:
        settings: OidcSettings | None = app.state.settings.oidc
        if settings is None:
            raise NotFound(_("Enkel pålogging (OpenID Connect) er ikke satt opp"))
        oauth = _registry(settings)
        app.state.oidc = oauth
    return oauth.create_client(PROVIDER)


def _registry(settings: OidcSettings) -> Any:
    with warnings.catch_warnings():
        # Authlib would rather have the httpx2 package; the httpx it falls back to is ours
        warnings.simplefilter("ignore", DeprecationWarning)
        from authlib.integrations.starlette_client import OAuth

    scopes = settings.scope.split()
    oauth = OAuth()
    oauth.register(
        name=PROVIDER,
        server_metadata_url=settings.metadata_url,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        client_kwargs={
            # without `openid` there is no ID token and no nonce
            "scope": " ".join(scopes if "openid" in scopes else ["openid", *scopes]),
            "code_challenge_method": "S256",
            "timeout": TIMEOUT,
        },
    )
    return oauth


async def _start_nb(request: Request) -> Response:
    return await _start(request, "nb")


async def _start_en(request: Request) -> Response:
    return await _start(request, "en")


async def _start(request: Request, lang: str) -> Response:
    """To the provider's sign-in, with a new state, nonce and PKCE verifier in the session;
    `?next=` is where to go after it (a path on this site, else `/{lang}/edit/`)."""
    client = oidc_client(request.app)
    with use_language(lang):
        try:
            redirect: Response = await client.authorize_redirect(
                request, str(request.url_for(CALLBACK))
            )
        except (httpx.HTTPError, ValueError, RuntimeError) as error:
            # RuntimeError: metadata without an authorization endpoint
            logger.warning("OpenID Connect: no metadata from the provider: %r", error)
            return _unreachable(request)
    request.session[LANGUAGE_KEY] = lang
    wanted = request.query_params.get("next", "")
    request.session[NEXT_KEY] = safe_next(wanted if len(wanted) <= LONGEST_NEXT else None, lang)
    redirect.headers["Cache-Control"] = "no-store"
    return redirect


async def _callback(request: Request) -> Response:
    """The provider's answer: a checked ID token signs in its local user."""
    client = oidc_client(request.app)
    lang = request.session.pop(LANGUAGE_KEY, "nb")
    lang = lang if lang in LANGUAGES else "nb"
    target = safe_next(request.session.pop(NEXT_KEY, None), lang)
    with use_language(lang):
        if "error" in request.query_params and not await _state_known(client, request):
            return _state_mismatch(request)  # nobody's sign-in: a link made up elsewhere
        try:
            token = await client.authorize_access_token(
                request, claims_options=await _claims_options(client)
            )
        except MismatchingStateError:
            return _state_mismatch(request)
        except OAuthError as error:
            return _provider_error(request, error)
        except JoseError as error:
            logger.warning("OpenID Connect: ID token refused: %r", error)
            return _failed(
                request,
                401,
                _("Innloggingstjenesten sendte et ID-token som ikke kunne godkjennes."),
            )
        except (httpx.HTTPError, ValueError, RuntimeError) as error:
            logger.warning("OpenID Connect: no answer from the provider: %r", error)
            return _unreachable(request)
        claims = token.get("userinfo") or {}
        name = claims.get(request.app.state.settings.oidc.username_claim)
        if not isinstance(name, str) or not name.strip():
            return _failed(
                request,
                403,
                _("Innloggingstjenesten oppga ikke brukernavnet (feltet {claim}).").format(
                    claim=request.app.state.settings.oidc.username_claim
                ),
            )
        user = await anyio.to_thread.run_sync(_local_user, request.app.state.engine, name)
        if user is None or user.disabled:
            logger.info("OpenID Connect: %r has no usable local account", name[:100])
            return _no_account(request, name, disabled=user is not None)
    sign_in(request, user)
    return RedirectResponse(target, 303, headers={"Cache-Control": "no-store"})


async def _claims_options(client: StarletteOAuth2App) -> dict[str, dict[str, Any]]:
    """What the ID token must say beyond Authlib's own checks (signature, nonce, expiry):
    our client id among its audiences and the provider's issuer, both required."""
    metadata = await client.load_server_metadata()
    issuer = metadata.get("issuer")
    if not isinstance(issuer, str) or not issuer:
        raise RuntimeError("the provider's metadata name no issuer")
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client.client_id},
    }


async def _state_known(client: StarletteOAuth2App, request: Request) -> bool:
    state = request.query_params.get("state")
    return bool(state) and bool(await client.framework.get_state_data(request.session, state))


def _local_user(engine: Engine, name: str) -> User | None:
    with Session(engine) as session:
        return user_repo.find_user(session, name.strip())


def _state_mismatch(request: Request) -> Response:
    return _failed(
        request,
        400,
        _(
            "Innloggingen kunne ikke fullføres: den var utløpt, ble startet i en annen "
            "nettleser eller ble sendt på nytt. Prøv igjen."
        ),
    )


def _provider_error(request: Request, error: OAuthError) -> Response:
    """The provider said no; its own words go to the log only (the page's text is ours)."""
    logger.warning("OpenID Connect: %r: %r", error.error, error.description)
    if error.error == "access_denied":
        return _failed(
            request, 403, _("Innloggingen ble avbrutt, eller innloggingstjenesten avviste den.")
        )
    code = error.error if ERROR_CODE.fullmatch(str(error.error)) else "?"
    return _failed(
        request,
        400,
        _("Innloggingstjenesten avviste innloggingen (feilkode {code}).").format(code=code),
    )


def _unreachable(request: Request) -> Response:
    return _failed(
        request,
        502,
        _(
            "Fikk ikke kontakt med innloggingstjenesten. Prøv igjen om litt, eller logg inn "
            "med brukernavn og passord."
        ),
    )


def _no_account(request: Request, name: str, *, disabled: bool) -> Response:
    problem = (
        _("Brukeren {name} er deaktivert i sdgplan.")
        if disabled
        else _("{name} har ingen bruker i sdgplan.")
    ).format(name=name[:100])
    advice = _(
        "Innloggingstjenesten bekrefter bare hvem du er: en administrator må opprette brukeren "
        "din med rollen din («sdgplan user add»), og brukeren må være aktiv."
    )
    return _failed(request, 403, f"{problem} {advice}")


def _failed(request: Request, status: int, message: str) -> Response:
    html = render_page(
        request,
        "sign_in_failed.html.j2",
        title=_("Innloggingen mislyktes"),
        message=message,
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
