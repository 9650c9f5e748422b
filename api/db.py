"""Database plumbing with no Flask in it: the declarative base, engines and sessions.

The CLI, the web app, workers and tests all build their engine here, so SQLite gets the same pragmas
everywhere and PostgreSQL the same pool settings.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; the naming convention keeps constraint names stable across backends."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# The drivers the service is built and tested with; ``postgresql://`` means psycopg 3 (see make_engine).
SUPPORTED_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"}
URL_EXAMPLES = "sqlite:///PATH or postgresql+psycopg://USER@HOST:5432/NAME"


class DatabaseUrlError(ValueError):
    """A database URL the service cannot use; the message is one line, with no password in it."""


def parse_database_url(url: str) -> URL:
    """The parsed URL of a database the service supports, or DatabaseUrlError saying what is wrong."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseUrlError(f"not a database URL: {_mask_password(url)!r} (use {URL_EXAMPLES})") from None
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseUrlError(f"unsupported database {parsed.drivername!r} in {display_url(parsed)} "
                               f"(use {URL_EXAMPLES})")
    return parsed


def _mask_password(text: str) -> str:
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", text)


def display_url(url: str | URL) -> str:
    """The URL to show people and logs: no password, and a SQLite file under the working directory as a
    relative path (``sqlite:///instance/claims.db``)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if "password" in parsed.query:
        parsed = parsed.difference_update_query(["password"])
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
        path = Path(database)
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            parsed = parsed.set(database=str(path.relative_to(Path.cwd())))
    return parsed.render_as_string(hide_password=True)


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite database URL; None for an in-memory database or another backend."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or parsed.query.get("uri") == "true":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def database_fingerprint(url: str | URL) -> str:
    """A short name for a database that does not depend on how its URL was written or on its password:
    a SQLite file's absolute path, or PostgreSQL's host, port, database and user."""
    parsed = make_url(url) if isinstance(url, str) else url
    path = sqlite_file(parsed)
    if parsed.get_backend_name() == "sqlite":
        identity = f"sqlite:{path.resolve() if path else ':memory:'}"
    else:
        identity = (f"{parsed.get_backend_name()}:{parsed.host or ''}:{parsed.port or 5432}/"
                    f"{parsed.database or ''}?user={parsed.username or ''}")
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


def database_error_line(exc: SQLAlchemyError, url: str | URL) -> str:
    """One line for a database error: what failed and where, from the driver's own message."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = " ".join(str(cause).split("\n")[0].split()) or type(cause).__name__
    if _is_connect_error(message):
        message = message.removeprefix("connection failed: ")
        hint = ""
        if re.search(r'database ".*" does not exist', message):
            hint = " (create it first: createdb NAME, or CREATE DATABASE NAME in psql)"
        return f"cannot connect to the database {display_url(url)}: {message}{hint}"
    return f"database error ({display_url(url)}): {message}"


def _is_connect_error(message: str) -> bool:
    return message.startswith(("connection failed", "failed to resolve host", "unable to open database file",
                               "connection to server"))


def make_engine(url: str, *, echo: bool = False, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a transaction model that savepoints trust.

    PostgreSQL gets a pool of ``pool_size`` connections (plus ``max_overflow`` under bursts) per process,
    checked with a ping before use so a restarted database or a dropped connection costs no request.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy's documented
    # workaround: turn it off and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that read an
        # older snapshot would fail at its first write once another writer committed, instead of waiting.
        writer = conn.get_execution_options().get("claims_writer")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def make_sessionmaker(engine: Engine, *, writer: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``writer`` sessions are for units of work that change data."""
    bind = engine.execution_options(claims_writer=True) if writer else engine
    return sessionmaker(bind=bind, expire_on_commit=False)
