"""The README's tour, run in order against a fresh database as `make run` leaves it, prints what it says.

The tour's commands are read from the README itself, so an edit to either that breaks the other fails here.
The tour is written for the embedded SQLite database `make run` uses.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))
BASE = "http://127.0.0.1:5000"


def tour_commands() -> list[tuple[str, str | None]]:
    """Each curl command of the tour (continuation lines joined) with the comment line printed under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A short tour with curl", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = block.replace("\\\n", " ").split("\n")
    commands = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("curl "):
            continue
        while line.count("'") % 2 and index < len(lines):  # a body quoted over several lines
            line += "\n" + lines[index]
            index += 1
        following = lines[index] if index < len(lines) else ""
        commands.append((line, following[2:] if following.startswith("# {") else None))
    return commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args, env):
    result = subprocess.run([CLAIMS, *args], check=False, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def tour_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("tour") / "claims.db"
    env = {**os.environ, "CLAIMS_DATABASE_URL": f"sqlite:///{database}"}
    run("db", "upgrade", env=env)
    run("seed", env=env)
    run("annotate", "--all", env=env)
    key = run("keys", "create", "--name", "tour", "--role", "curator", env=env).strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen([CLAIMS, "run", "--port", str(port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/v1/health", timeout=2).close()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    yield base, key
    process.terminate()
    process.wait(timeout=10)


def test_every_tour_command_prints_what_the_readme_says(tour_server):
    base, key = tour_server
    outputs = {}
    for command, printed in tour_commands():
        if "PASTE_" in command:
            continue
        shell = command.replace(BASE, base)
        result = subprocess.run(["bash", "-c", shell], check=False, env={**os.environ, "KEY": key}, capture_output=True,
                                text=True, timeout=30)
        assert result.returncode == 0, (command, result.stderr)
        output = result.stdout
        outputs[command] = output
        if output.startswith("{") and '"status"' in output and "/problem" in output:
            pytest.fail(f"{command} answered a problem: {output}")
        if printed is not None:
            expected = json.loads(printed)
            got = json.loads(output)
            if "database" in expected:
                assert got["status"] == expected["status"] and got["database"]["backend"] == "sqlite"
            else:
                assert got == expected, command
        ids = re.search(r"# (?:claims|documents) (\d+) and (\d+)$", command)
        if ids:
            found = [item["id"] for item in json.loads(output)["items"]]
            assert found == [int(ids.group(1)), int(ids.group(2))], command

    merged = next(json.loads(out) for cmd, out in outputs.items() if "/merge" in cmd)
    assert merged["name"] == "Joe Biden" and "Biden" in merged["aliases"] and merged["claim_count"] >= 1
    stored = next(json.loads(out) for cmd, out in outputs.items() if cmd.startswith("curl -s 'http") and
                  "/documents/6/claims" in cmd)
    assert [(c["speaker"]["name"], c["statement"]) for c in stored["items"]] == [("Jane Roe", "We will cut taxes")]
