import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from alembic import command as alembic_command

from api.db import make_engine, make_sessionmaker
from api.services.keys import create_key
from tests.conftest import alembic_config
from tests.factories import make_claim

ROOT = Path(__file__).resolve().parent.parent
RACES = 10
TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(method: str, url: str, *, key: str | None = None, body: dict | None = None,
         headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={**(headers or {}), "Content-Type": "application/json"})
    if key is not None:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def database(postgres_server):
    url = postgres_server()
    alembic_command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    session = make_sessionmaker(engine, writer=True)()
    key = create_key(session, name="race-curator", role="curator").secret
    session.commit()
    claim_ids = [make_claim(session, speaker="Jane Roe", statement=f"Original {n}.").id for n in range(RACES)]
    session.close()
    engine.dispose()
    return url, key, claim_ids


@pytest.fixture
def server(database, tmp_path):
    url, _, _ = database
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}", "api.app:create_app()"],
        cwd=ROOT, env={**os.environ, "CLAIMS_DATABASE_URL": url}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited with {process.returncode}: {(tmp_path / 'gunicorn.log').read_text()}")
            try:
                if call("GET", f"{base}/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer in 30 s: {(tmp_path / 'gunicorn.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def race(base: str, key: str, claim_id: int) -> list[tuple[int, str, dict]]:
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    results: list[tuple[int, str, dict]] = []
    errors: list[BaseException] = []

    def patch(statement: str) -> None:
        try:
            barrier.wait()
            status, headers, body = call("PATCH", f"{base}/v1/claims/{claim_id}", key=key,
                                         body={"statement": statement}, headers={"If-Match": '"1"'})
            results.append((status, statement, {"headers": headers, "body": body}))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=patch, args=(f"Version {side} of claim {claim_id}.",)) for side in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * TIMEOUT)
    assert not errors, errors
    assert all(not thread.is_alive() for thread in threads)
    return results


def test_two_concurrent_patches_with_the_same_if_match_one_wins_and_the_other_gets_412(server, database):
    _, key, claim_ids = database
    for claim_id in claim_ids:
        results = race(server, key, claim_id)

        assert sorted(status for status, _, _ in results) == [200, 412], results
        winner = next(statement for status, statement, _ in results if status == 200)
        loser = next(response for status, _, response in results if status == 412)
        assert loser["headers"]["Content-Type"] == "application/problem+json"
        assert json.loads(loser["body"])["status"] == 412
        status, headers, body = call("GET", f"{server}/v1/claims/{claim_id}")
        assert status == 200
        stored = json.loads(body)
        assert (stored["statement"], stored["version"], headers["ETag"]) == (winner, 2, '"2"')
        status, _, body = call("GET", f"{server}/v1/claims/{claim_id}/history")
        events = json.loads(body)["items"]
        assert [(e["action"], e["actor"]) for e in events] == [("create", "cli"), ("edit", "race-curator")]
        assert events[1]["after"]["statement"] == winner
