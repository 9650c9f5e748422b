"""Fixtures: every app test runs on SQLite and on PostgreSQL, each against a schema built by the migrations.

PostgreSQL comes from ``CLAIMS_TEST_POSTGRES_URL`` (default: the local server, user postgres); the tests
create a database of their own and drop it at the end. With ``CI=true`` a missing server fails the run:
CI must never pass by skipping the production backend.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.app import create_app
from api.config import Settings
from api.db import make_engine, make_sessionmaker
from api.services.keys import create_key

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")
TABLES = ("claims", "speaker_redirects", "speaker_aliases", "speakers", "documents", "audit_events",
          "idempotency_records", "api_keys")
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def _server_url() -> str:
    url = make_url(os.environ.get("CLAIMS_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server():
    """A function that makes a fresh, empty PostgreSQL database and returns its URL."""
    server = _server_url()
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        message = f"PostgreSQL is not reachable at {make_url(server).render_as_string()}: {exc}"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    created: list[str] = []

    def new_database() -> str:
        name = f"claims_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(server).set(database=name).render_as_string(hide_password=False)

    yield new_database
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def empty_database(request, tmp_path_factory):
    """A function that makes an empty database of the given backend and returns its URL."""

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('db') / 'claims.db'}"
        return request.getfixturevalue("postgres_server")()

    return make


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, empty_database) -> str:
    url = empty_database(request.param)
    alembic_command.upgrade(alembic_config(url), "head")
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def wipe(engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text("DELETE FROM sqlite_sequence"))  # ids start at 1 again, as on PostgreSQL


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def app(settings, engine):
    """The app on the current backend, with one key per role; every table is emptied after the test."""
    app = create_app(settings, bind=engine)
    app.config["TESTING"] = True
    with make_sessionmaker(engine, writer=True).begin() as session:
        app.config["TEST_KEYS"] = {role: create_key(session, name=f"test-{role}", role=role).secret
                                   for role in ("reader", "curator", "admin")}
    yield app
    wipe(engine)


def client_with(app, role: str | None):
    client = app.test_client()
    if role is not None:
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {app.config['TEST_KEYS'][role]}"
    return client


@pytest.fixture
def client(app):
    """A curator's client: what most callers that write are."""
    return client_with(app, "curator")


@pytest.fixture
def admin_client(app):
    return client_with(app, "admin")


@pytest.fixture
def reader_client(app):
    return client_with(app, "reader")


@pytest.fixture
def anonymous_client(app):
    return client_with(app, None)


@pytest.fixture
def session(app, engine):
    """A session for arranging data and checking what the API stored (commit to make it visible)."""
    session = make_sessionmaker(engine)()
    yield session
    session.close()


@pytest.fixture
def backend(engine) -> str:
    return engine.dialect.name
