"""A small but real OpenID Connect provider for the sign-on tests, served over HTTP by uvicorn
(Authlib's client fetches its metadata and keys as from Entra ID or ID-porten).

It approves its one configured user at once: `/authorize` checks the client, the redirect
URI, the scope, the state, the nonce and the PKCE S256 challenge, then redirects back with a
code; `/token` checks the client secret, the code (once), the redirect URI and the verifier,
and answers an RS256 ID token signed with joserfc; `/jwks` publishes the public key. `mode`
makes it misbehave the way the tests need (see `MODES`)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.browser import serving

KEY_ID = "test-key"
MODES = {
    "approve": "signs the user in",
    "deny": "answers error=access_denied, as when the user cancels",
    "wrong_key": "signs the ID token with another key of the same key id",
    "wrong_nonce": "puts another nonce in the ID token",
    "wrong_audience": "issues the ID token to another client",
    "wrong_issuer": "names another issuer in the ID token",
    "expired": "issues an ID token that expired an hour ago",
    "broken_token": "answers the token request with a server error",
}


def _signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"})


@dataclass
class _Grant:
    redirect_uri: str
    challenge: str
    nonce: str


@dataclass
class Provider:
    """The provider's configuration and state; change `claims` or `mode` between requests."""

    redirect_uri: str
    client_id: str = "sdgplan-test"
    client_secret: str = "s3cret-for-tests"
    claims: dict[str, Any] = field(default_factory=lambda: {"sub": "u-1"})
    mode: str = "approve"
    url: str = ""  # the issuer: the base URL it is served at
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    key: RSAKey = field(default_factory=_signing_key)
    _grants: dict[str, _Grant] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.metadata),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def metadata(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "scopes_supported": ["openid", "profile", "email"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.authorize_requests.append(query)
        # a wrong client or redirect URI must never be redirected to (RFC 6749, 4.1.2.1)
        if query.get("client_id") != self.client_id:
            return PlainTextResponse("unknown client_id", 400)
        if query.get("redirect_uri") != self.redirect_uri:
            return PlainTextResponse("redirect_uri is not registered", 400)
        state = query.get("state", "")
        problem = _authorize_problem(query)
        if problem:
            return _back(
                self.redirect_uri, error="invalid_request", description=problem, state=state
            )
        if self.mode == "deny":
            return _back(
                self.redirect_uri, error="access_denied", description="cancelled", state=state
            )
        code = secrets.token_urlsafe(24)
        self._grants[code] = _Grant(self.redirect_uri, query["code_challenge"], query["nonce"])
        return RedirectResponse(f"{self.redirect_uri}?{urlencode({'code': code, 'state': state})}")

    async def token(self, request: Request) -> Response:
        if self.mode == "broken_token":
            return PlainTextResponse("upstream failure", 500)
        form = dict(await request.form())
        client_id, secret = _client_credentials(request, form)
        if client_id != self.client_id or not secrets.compare_digest(
            secret.encode(), self.client_secret.encode()
        ):
            return JSONResponse({"error": "invalid_client"}, 401)
        grant = self._grants.pop(str(form.get("code", "")), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return JSONResponse({"error": "invalid_grant"}, 400)
        if form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant", "error_description": "redirect"}, 400)
        if _s256(str(form.get("code_verifier", ""))) != grant.challenge:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(grant.nonce),
            },
            headers={"Cache-Control": "no-store"},
        )

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": "http://elsewhere.example" if self.mode == "wrong_issuer" else self.url,
            "aud": "another-client" if self.mode == "wrong_audience" else self.client_id,
            "iat": now - 7200 if self.mode == "expired" else now,
            "exp": now - 3600 if self.mode == "expired" else now + 300,
            "nonce": "not-the-nonce" if self.mode == "wrong_nonce" else nonce,
            **self.claims,
        }
        key = _signing_key() if self.mode == "wrong_key" else self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)


def _authorize_problem(query: dict[str, str]) -> str | None:
    if query.get("response_type") != "code":
        return "response_type must be code"
    if "openid" not in query.get("scope", "").split():
        return "scope must hold openid"
    if not query.get("state") or not query.get("nonce"):
        return "state and nonce are required"
    if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
        return "PKCE with S256 is required"
    return None


def _back(redirect_uri: str, *, error: str, description: str, state: str) -> Response:
    query = urlencode({"error": error, "error_description": description, "state": state})
    return RedirectResponse(f"{redirect_uri}?{query}")


def _client_credentials(request: Request, form: dict[str, Any]) -> tuple[str, str]:
    """client_secret_basic (form-encoded parts, RFC 6749 2.3.1) or client_secret_post."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        decoded = base64.b64decode(header[6:]).decode()
        client_id, _, secret = decoded.partition(":")
        return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))
    return str(form.get("client_id", "")), str(form.get("client_secret", ""))


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@contextmanager
def serving_provider(redirect_uri: str, **options: Any) -> Iterator[Provider]:
    """A provider served on 127.0.0.1 on a free port, approving redirects to `redirect_uri`."""
    provider = Provider(redirect_uri=redirect_uri, **options)
    with serving(provider.app()) as url:
        provider.url = url
        yield provider
