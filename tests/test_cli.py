import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from api.db import make_engine, make_sessionmaker
from api.models import Document

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


def run(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.run([CLAIMS, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


def count_documents(url):
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        n = session.scalar(select(func.count()).select_from(Document))
    engine.dispose()
    return n


def test_db_upgrade_then_seed_twice_loads_the_five_seed_documents_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run(url, "db", "upgrade").returncode == 0
    first = run(url, "seed")
    assert first.returncode == 0, first.stderr
    assert "seeded 5 documents" in first.stdout
    second = run(url, "seed")
    assert "seeded 0 documents (5 already stored)" in second.stdout
    assert count_documents(url) == 5
    assert "0001" in run(url, "db", "current").stdout


def test_seed_stores_the_manifest_metadata(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    run(url, "seed")
    manifest = json.loads((ROOT / "seeds" / "manifest.json").read_text())["documents"]
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        stored = {d.title: d for d in session.scalars(select(Document))}
    engine.dispose()
    for entry in manifest:
        document = stored[entry["title"]]
        assert document.source == entry["source"]
        assert (str(document.published_on) if document.published_on else None) == entry["published_on"]
        assert document.text == (ROOT / "seeds" / entry["file"]).read_text(encoding="utf-8")


def test_seed_of_a_folder_without_manifest_fails_with_a_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    result = run(url, "seed", str(tmp_path))
    assert result.returncode != 0
    assert "manifest.json" in result.stderr
    assert "Traceback" not in result.stderr
