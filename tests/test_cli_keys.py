import itertools
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from api.app import create_app
from api.config import Settings
from api.models import ApiKey
from api.services.keys import hash_key

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))
_names = itertools.count(1)


def run(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.run([CLAIMS, *args], check=False, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


def unique(name):
    return f"{name}-{next(_names)}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request, empty_database):
    url = empty_database(request.param)
    upgraded = run(url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    return url


@pytest.fixture(scope="module")
def app(url):
    app = create_app(Settings(database_url=url))
    yield app
    app.extensions["claims.engine"].dispose()


def bearer(app, secret):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def create(url, name, role):
    result = run(url, "keys", "create", "--name", name, "--role", role)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def stored_roles(app, name):
    with app.extensions["claims.engine"].connect() as conn:
        return list(conn.scalars(select(ApiKey.role).where(ApiKey.name == name)))


def key_id(app, name):
    with app.extensions["claims.engine"].connect() as conn:
        return str(conn.scalar(select(ApiKey.id).where(ApiKey.name == name)))


def test_keys_create_prints_the_key_alone_on_the_last_line_and_it_works_with_its_role(url, app):
    result = run(url, "keys", "create", "--name", unique("ingest"), "--role", "curator")
    assert result.returncode == 0, result.stderr
    curator_secret = result.stdout.splitlines()[-1]
    assert curator_secret == curator_secret.strip() and len(curator_secret.split()) == 1
    assert len(curator_secret) >= 26
    curator = bearer(app, curator_secret)
    assert curator.post("/v1/claims", json={"statement": "From the CLI key.", "speaker": "Ann Lee"}).status_code == 201
    assert curator.get("/v1/keys").status_code == 403
    reader = bearer(app, create(url, unique("dashboard"), "reader"))
    assert reader.get("/v1/claims").status_code == 200
    assert reader.post("/v1/claims", json={"statement": "No.", "speaker": "Ann Lee"}).status_code == 403
    assert bearer(app, curator_secret + "x").get("/v1/claims").status_code == 401


def test_keys_create_with_an_unknown_role_or_a_taken_name_fails_with_a_message_and_creates_nothing(url, app):
    name = unique("wrong-role")
    bad_role = run(url, "keys", "create", "--name", name, "--role", "owner")
    assert bad_role.returncode != 0
    assert "role" in bad_role.stderr and "Traceback" not in bad_role.stderr
    assert stored_roles(app, name) == []
    taken = unique("taken")
    create(url, taken, "reader")
    again = run(url, "keys", "create", "--name", taken, "--role", "admin")
    assert again.returncode != 0
    assert taken in again.stderr and "Traceback" not in again.stderr
    assert stored_roles(app, taken) == ["reader"]


def test_keys_list_shows_name_and_role_but_never_the_secret(url):
    name = unique("listed")
    secret = create(url, name, "curator")
    result = run(url, "keys", "list")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if f"\t{name}\t" in line)
    assert "\tcurator\t" in line and "active" in line
    assert secret not in result.stdout and hash_key(secret) not in result.stdout


def test_keys_revoke_makes_the_key_stop_working(url, app):
    name = unique("leaked")
    client = bearer(app, create(url, name, "curator"))
    assert client.get("/v1/claims").status_code == 200
    result = run(url, "keys", "revoke", key_id(app, name))
    assert result.returncode == 0, result.stderr
    response = client.post("/v1/claims", json={"statement": "After revoke.", "speaker": "Ann Lee"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="claims"'
    assert client.get("/v1/claims").status_code == 401
    line = next(line for line in run(url, "keys", "list").stdout.splitlines() if f"\t{name}\t" in line)
    assert "revoked" in line


def test_keys_revoke_of_an_unknown_id_fails_with_a_message(url):
    result = run(url, "keys", "revoke", "999999")
    assert result.returncode != 0
    assert "999999" in result.stderr and "Traceback" not in result.stderr


def test_keys_local_creates_a_curator_key_file_once_and_prints_the_same_key_again(url, app, tmp_path):
    key_file = tmp_path / "instance" / "curator.key"
    first = run(url, "keys", "local", "--file", str(key_file))
    assert first.returncode == 0, first.stderr
    secret = first.stdout.splitlines()[-1]
    assert key_file.read_text().strip() == secret
    assert stat.S_IMODE(key_file.stat().st_mode) & 0o077 == 0
    second = run(url, "keys", "local", "--file", str(key_file))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == secret
    assert key_file.read_text().strip() == secret
    local_keys = [line for line in run(url, "keys", "list").stdout.splitlines() if "\tlocal-curator" in line]
    assert len(local_keys) == 1 and "\tcurator\t" in local_keys[0]
    curator = bearer(app, secret)
    assert curator.post("/v1/claims", json={"statement": "Local key.", "speaker": "Ann Lee"}).status_code == 201
    assert curator.get("/v1/keys").status_code == 403


def test_keys_local_keeps_a_key_per_database_so_switching_back_and_forth_loses_none(empty_database, tmp_path):
    sqlite_url, postgres_url = empty_database("sqlite"), empty_database("postgresql")
    for database in (sqlite_url, postgres_url):
        assert run(database, "db", "upgrade").returncode == 0
    key_file = tmp_path / "instance" / "curator.key"

    def local(database):
        result = run(database, "keys", "local", "--file", str(key_file))
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1]

    sqlite_key, postgres_key = local(sqlite_url), local(postgres_url)
    assert sqlite_key != postgres_key
    assert local(sqlite_url) == sqlite_key and key_file.read_text().strip() == sqlite_key
    assert local(postgres_url) == postgres_key and key_file.read_text().strip() == postgres_key
    own_files = sorted(key_file.parent.glob("curator-*.key"))
    assert len(own_files) == 2 and {f.read_text().strip() for f in own_files} == {sqlite_key, postgres_key}
    assert all(stat.S_IMODE(f.stat().st_mode) & 0o077 == 0 for f in own_files)
    for database in (sqlite_url, postgres_url):
        listed = [line for line in run(database, "keys", "list").stdout.splitlines() if "\tlocal-curator" in line]
        assert len(listed) == 1
