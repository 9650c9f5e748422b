"""Flask wiring of the database: one session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .db import make_sessionmaker

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_db(app: Flask, engine: Engine) -> None:
    app.extensions["claims.engine"] = engine
    app.extensions["claims.sessionmaker"] = make_sessionmaker(engine, writer=True)
    app.extensions["claims.reader_sessionmaker"] = make_sessionmaker(engine)

    @app.after_request
    def _release_session(response: Response) -> Response:
        # The body is serialised by now: close the session here rather than when the server closes the
        # response, so no transaction (on SQLite: no write lock) outlives the request's own work.
        close_request_session()
        return response

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        close_request_session()


def db_session() -> Session:
    """The request's session; routes commit it once their one service call has succeeded."""
    if "db_session" not in g:
        kind = "claims.reader_sessionmaker" if request.method in READ_METHODS else "claims.sessionmaker"
        g.db_session = current_app.extensions[kind]()
    return g.db_session


def new_read_session() -> Session:
    """A read-only session of its own, for work that outlives the request (a streamed response body); the
    caller closes it."""
    return current_app.extensions["claims.reader_sessionmaker"]()


def engine() -> Engine:
    return current_app.extensions["claims.engine"]


def close_request_session() -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
