"""Who is calling, and may they? API keys with roles, checked before any view runs.

The rule lives here and nowhere else: reads are open (unless ``CLAIMS_PUBLIC_READ=false``), writes need a
curator or admin key, and key management needs an admin key. Views only ask ``current_actor()`` for the
name that goes into histories.
"""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, current_app, g, request
from webargs.flaskparser import abort

from ..services.keys import authenticate
from ..web import READ_METHODS, db_session, engine

RANKS = {"reader": 1, "curator": 2, "admin": 3}
OPEN_ENDPOINTS = frozenset({"health.Health", "api-docs.openapi_json", "api-docs.openapi_swagger_ui",
                            "swagger_assets", "static"})
ADMIN_BLUEPRINTS = frozenset({"keys"})
CHALLENGE = 'Bearer realm="claims"'


def required_role(endpoint: str, method: str) -> str | None:
    """The least role that may call ``endpoint`` with ``method``; None when anyone may."""
    if endpoint.split(".", 1)[0] in ADMIN_BLUEPRINTS:
        return "admin"
    if method not in READ_METHODS:
        return "curator"
    return None if current_app.extensions["claims.settings"].public_read else "reader"


def current_actor() -> str:
    """The name that histories record for this request's changes."""
    key = g.get("api_key")
    return key.name if key is not None else "anonymous"


def current_role() -> str | None:
    key = g.get("api_key")
    return key.role if key is not None else None


def _unauthorized(detail: str) -> NoReturn:
    abort(401, message=detail, headers={"WWW-Authenticate": CHALLENGE})


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        _unauthorized("Send the key as `Authorization: Bearer <key>`.")
    return token.strip()


def init_auth(app: Flask) -> None:
    @app.before_request
    def _authenticate() -> None:
        g.api_key = None
        endpoint = request.endpoint
        if endpoint is None or endpoint in OPEN_ENDPOINTS:
            return  # unknown paths and wrong methods get their own 404/405; docs and health are public
        token = _bearer_token()
        if token is not None:
            if request.method in READ_METHODS:
                g.api_key = authenticate(db_session().connection(), token)
            else:
                # A short connection of its own: the request's (writer) session must not hold a transaction
                # before the view runs, or other writers (idempotency records) would wait on it.
                with engine().connect() as connection:
                    g.api_key = authenticate(connection, token)
            if g.api_key is None:
                _unauthorized("This key is unknown or has been revoked.")
        needed = required_role(endpoint, request.method)
        if needed is None:
            return
        if g.api_key is None:
            _unauthorized(f"This operation needs a {needed} key: `Authorization: Bearer <key>`.")
        if RANKS[g.api_key.role] < RANKS[needed]:
            abort(403, message=f"This operation needs a {needed} key; this key is a {g.api_key.role} key.",
                  headers={"WWW-Authenticate": f'{CHALLENGE}, error="insufficient_scope"'})
