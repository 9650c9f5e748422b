import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command as alembic_command
from sqlalchemy.engine import make_url

from tests.conftest import BACKENDS, alembic_config

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.run([CLAIMS, *args], check=False, env=env, capture_output=True, text=True, timeout=120,
                          cwd=ROOT, stdin=subprocess.DEVNULL)


def run_all(url, commands):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(commands, pool.map(lambda command: run(url, *command), commands), strict=True))


def database_commands(tmp_path):
    """Every command that works on the database, with arguments that would let it succeed, but db upgrade."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"statement": "Taxes will rise.", "speaker": {"name": "Ann Lee"}}\n')
    return [
        ("db", "downgrade", "base"), ("db", "current"), ("seed",), ("annotate", "--all"), ("worker", "--once"),
        ("serve",), ("run", "--port", str(free_port())), ("keys", "create", "--name", "k", "--role", "reader"),
        ("keys", "list"), ("keys", "revoke", "1"), ("keys", "local", "--file", str(tmp_path / "curator.key")),
        ("import", str(rows)), ("export",),
    ]


def assert_one_line_error(result, *words):
    command = result.args[1:]
    assert result.returncode == 1, (command, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), (command, result.stderr)
    assert result.stdout == "", command
    for word in words:
        assert word in lines[0], (command, word)


def test_every_database_command_with_an_unreachable_server_says_one_line_and_exits_1(tmp_path):
    url = f"postgresql+psycopg://claims:s3cret@127.0.0.1:{free_port()}/claims"
    commands = [("db", "upgrade"), *database_commands(tmp_path)]
    for command, result in run_all(url, commands).items():
        assert_one_line_error(result, "cannot connect to the database", "Connection refused")
        assert "postgresql+psycopg://claims:***@127.0.0.1:" in result.stderr, command
        assert "s3cret" not in result.stderr, command
    assert not (tmp_path / "curator.key").exists()


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_database_command_on_a_database_with_no_schema_says_to_upgrade_it(tmp_path, empty_database, backend):
    url = empty_database(backend)
    if backend == "sqlite":
        sqlite3.connect(make_url(url).database).close()  # an empty file: a database with no tables
    commands = [command for command in database_commands(tmp_path) if command[0] != "db"]
    if backend == "postgresql":  # the same check as on SQLite: a few commands show it reads PostgreSQL's schema
        commands = [command for command in commands if command[0] in {"seed", "worker", "serve", "export"}]
    for result in run_all(url, commands).values():
        assert_one_line_error(result, "has no schema", "claims db upgrade")
    assert run(url, "db", "current").stdout == "empty\n"
    upgraded = run(url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.startswith(f"{backend} database ") and upgraded.stdout.endswith(" (head)\n")
    assert run(url, "db", "current").stdout.endswith(" (head)\n")
    assert run(url, "keys", "list").returncode == 0


def test_no_command_but_db_upgrade_creates_a_sqlite_database(tmp_path):
    folder = tmp_path / "absent" / "instance"
    url = f"sqlite:///{folder / 'claims.db'}"
    for command, result in run_all(url, database_commands(tmp_path)).items():
        assert_one_line_error(result, "no database at sqlite:///", "claims db upgrade")
        assert not (tmp_path / "absent").exists(), command
    created = run(url, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    assert (folder / "claims.db").is_file()
    assert created.stdout == f"sqlite database {url} at {run(url, 'db', 'current').stdout.strip()}\n"


@pytest.mark.parametrize(("url", "words"), [
    ("localhost:5432/claims", ["not a database URL: 'localhost:5432/claims'"]),
    ("mysql://claims:s3cret@127.0.0.1/claims", ["unsupported database 'mysql'", "mysql://claims:***@127.0.0.1"]),
    ("postgresql+psycopg2://claims@127.0.0.1/claims", ["unsupported database 'postgresql+psycopg2'"]),
    ("postgres://claims@127.0.0.1/claims", ["unsupported database 'postgres'", "postgresql+psycopg://"]),
])
def test_a_bad_database_url_is_one_line_for_every_kind_of_command(tmp_path, url, words):
    commands = [("db", "upgrade"), ("keys", "list"), ("serve",)]
    for result in run_all(url, commands).values():
        assert_one_line_error(result, *words)
        assert "s3cret" not in result.stderr


def test_a_missing_postgresql_database_is_one_line_that_says_to_create_it(postgres_server):
    url = make_url(postgres_server()).set(database="claims_never_created").render_as_string(hide_password=False)
    for result in run_all(url, [("db", "upgrade"), ("db", "current"), ("seed",)]).values():
        assert_one_line_error(result, 'database "claims_never_created" does not exist', "createdb")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_behind_the_code_says_to_upgrade_it(empty_database, backend):
    url = empty_database(backend)
    alembic_command.upgrade(alembic_config(url), "0005")
    assert_one_line_error(run(url, "keys", "list"), "is at revision 0005", "claims db upgrade")
    assert run(url, "db", "current").stdout == "0005\n"


def test_claims_help_lists_the_services_commands_and_no_flask_options():
    result = subprocess.run([CLAIMS, "--help"], check=False, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    commands = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert commands == {"annotate", "db", "eval", "export", "extract", "import", "keys", "openapi", "run", "seed",
                        "serve", "worker"}
    for flask_only in ("--env-file", "--app", "--debug", "shell", "routes"):
        assert flask_only not in result.stdout
    routes = subprocess.run([CLAIMS, "routes"], check=False, capture_output=True, text=True, cwd=ROOT)
    assert routes.returncode == 2 and "No such command 'routes'" in routes.stderr


def test_claims_run_names_its_database_and_serves_the_api(tmp_path):
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    assert run(url, "db", "upgrade").returncode == 0
    port = free_port()
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    process = subprocess.Popen([CLAIMS, "run", "--port", str(port)], env=env, cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "claims run did not start"
                time.sleep(0.2)
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=20)
    assert f'"url":"{url}"' in body.replace(" ", "")
    assert out.splitlines()[0] == f"Using the sqlite database {url}"
