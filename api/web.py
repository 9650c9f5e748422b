"""Flask wiring of the database: one session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .db import make_sessionmaker


def init_db(app: Flask, engine: Engine) -> None:
    app.extensions["claims.engine"] = engine
    app.extensions["claims.sessionmaker"] = make_sessionmaker(engine)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session() -> Session:
    """The request's session; routes commit it once their one service call has succeeded."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["claims.sessionmaker"]()
    return g.db_session


def engine() -> Engine:
    return current_app.extensions["claims.engine"]
