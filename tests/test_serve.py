import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from alembic import command as alembic_command

from tests.conftest import BACKENDS, alembic_config

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.parametrize("backend", BACKENDS)
def test_claims_serve_runs_gunicorn_answers_health_and_stops_on_sigterm(empty_database, backend):
    url = empty_database(backend)
    alembic_command.upgrade(alembic_config(url), "head")
    port = free_port()
    env = {**os.environ, "CLAIMS_DATABASE_URL": url, "CLAIMS_BIND": f"127.0.0.1:{port}",
           "CLAIMS_WEB_WORKERS": "2", "CLAIMS_GRACEFUL_TIMEOUT": "5"}
    process = subprocess.Popen([CLAIMS, "serve"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = get(f"http://127.0.0.1:{port}/v1/health", {"X-Request-ID": "probe-1"})
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["database"]["status"] == "ok"
        assert headers["X-Request-ID"] == "probe-1"
        assert headers["Server"].startswith("gunicorn")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert time.monotonic() - started < 10
    assert "Booting worker" in err and err.count("Booting worker") == 2
    assert "request_id=probe-1" in err and "GET /v1/health 200" in err
    assert "Shutting down: Master" in err
