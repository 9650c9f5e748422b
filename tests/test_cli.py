import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from api.db import make_engine, make_sessionmaker
from api.models import Claim, Document

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


def run(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.run([CLAIMS, *args], check=False, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


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
    assert "(head)" in run(url, "db", "current").stdout


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


def test_make_run_path_seeds_and_annotates_so_claims_by_speaker_work_at_once(tmp_path):
    from api.app import create_app
    from api.config import Settings

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    run(url, "seed")
    first = run(url, "annotate", "--all")
    assert first.returncode == 0, first.stderr
    assert "annotated 5 documents" in first.stdout and "documents/s" in first.stdout
    second = run(url, "annotate", "--all", "--workers", "2")
    assert " 0 claims added" in second.stdout and " 0 removed" in second.stdout
    client = create_app(Settings(database_url=url)).test_client()
    items = client.get("/v1/claims?speaker=peskov").json["items"]
    assert items and {c["speaker"]["name"] for c in items} == {"Dmitry Peskov"}


def test_annotate_needs_all_or_documents_and_reports_unknown_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, "db", "upgrade")
    assert run(url, "annotate").returncode == 2
    unknown = run(url, "annotate", "--document", "77")
    assert unknown.returncode == 1
    assert "Document 77 does not exist" in unknown.stderr


def test_a_killed_annotate_leaves_each_document_fully_annotated_or_untouched(tmp_path):
    import signal
    import time

    from api.services.annotation import annotate_document

    url = f"sqlite:///{tmp_path / 'kill.db'}"
    run(url, "db", "upgrade")
    engine = make_engine(url)
    make_session = make_sessionmaker(engine)
    with make_session.begin() as session:
        from api.services.documents import create_document

        for i in range(400):
            paragraphs = [f'"Plan {i}.{j} will work," Minister Ann Lee{i} said. Lee{i} added that it '
                          f"was funded. According to Office {j}, costs rise." for j in range(8)]
            create_document(session, title=f"d{i}", text="\n\n".join(paragraphs))
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    process = subprocess.Popen([CLAIMS, "annotate", "--all"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        with make_session() as session:
            done = session.scalar(select(func.count(func.distinct(Claim.document_id))))
        if done >= 20:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with make_session() as session:
        annotated = set(session.scalars(select(Claim.document_id).distinct()))
    assert 20 <= len(annotated) < 400
    for document_id in range(1, 401):
        with make_session() as session:  # never committed: only asks what annotating again would change
            result = annotate_document(session, document_id)
        if document_id in annotated:
            assert (result.added, result.removed) == (0, 0), document_id
        else:
            assert result.kept == 0, document_id
    engine.dispose()


def test_eval_passes_its_options_to_the_scorer_and_needs_no_database(tmp_path):
    text = 'Ann Lee said: "Taxes will rise." Bob Ray said no.'
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    start = text.index("Taxes")
    gold = {"doc": "d", "speaker": "Ann Lee", "statement": "Taxes will rise.", "start": start, "end": start + 16}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps(dict(gold, end=start + 15, statement="Taxes will rise")) + "\n")
    url = f"sqlite:///{tmp_path / 'absent' / 'cli.db'}"
    result = run(url, "eval", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"), "--per-doc")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "exact f1: 1.000" in lines and "token f1: 1.000" in lines
    assert lines[-1] == "doc d: predictions 1, gold claims 1, lenient matches 1 (claims 1), exact matches 1 (claims 1)"
