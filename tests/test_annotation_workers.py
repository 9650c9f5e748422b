import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command as alembic_command
from sqlalchemy import func, select

from api.db import make_engine, make_sessionmaker
from api.models import AuditEvent, Claim, Document
from api.services.documents import create_document
from tests.conftest import alembic_config

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


@pytest.fixture
def postgres_url(postgres_server):
    url = postgres_server()
    alembic_command.upgrade(alembic_config(url), "head")
    return url


def paragraphs(i: int, count: int) -> str:
    # Ten speakers shared across documents: concurrent workers race to create the same speakers.
    return "\n\n".join(f'"Plan {i}.{j} will work," Minister Ann Lee{i % 10} said. Lee{i % 10} added that it '
                       f"was funded. According to Office {j}, costs rise." for j in range(count))


def start_worker(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.Popen([CLAIMS, "worker", *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_workers_annotate_each_document_exactly_once_and_share_the_work(postgres_url):
    engine = make_engine(postgres_url)
    make_session = make_sessionmaker(engine)
    with make_session.begin() as session:
        for i in range(200):
            create_document(session, title=f"d{i}", text=paragraphs(i, 12))
    workers = [start_worker(postgres_url, "--once") for _ in range(2)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    done = [int(out.split("annotated ")[1].split()[0]) for out, _ in outputs]
    assert sum(done) == 200 and min(done) > 0, outputs
    with make_session() as session:
        statuses = dict(session.execute(select(Document.annotation_status, func.count())
                                        .group_by(Document.annotation_status)).all())
        assert statuses == {"done": 200}
        # Each document was claimed once, and its claims were written once: one annotator "create" event
        # per claim, and no document holds the same span twice.
        assert set(session.scalars(select(Document.annotation_attempts))) == {1}
        claims = session.scalar(select(func.count()).select_from(Claim))
        assert claims >= 200 * 12
        creates = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.entity == "claim", AuditEvent.action == "create", AuditEvent.actor == "annotator"))
        assert creates == claims
        distinct_spans = session.scalar(select(func.count()).select_from(
            select(Claim.document_id, Claim.span_start, Claim.span_end).distinct().subquery()))
        assert distinct_spans == claims
        # Ten ministers and twelve offices, each one speaker although both workers met them at once.
        assert session.scalar(select(func.count(func.distinct(Claim.speaker_id)))) == 22
    engine.dispose()


def test_a_killed_workers_document_is_completed_by_another_worker(postgres_url):
    # The slow-down is data, not a hook: a document of 2,000 paragraphs takes the pipeline about two
    # seconds here, long enough to kill the worker while the document is running.
    engine = make_engine(postgres_url)
    make_session = make_sessionmaker(engine)
    with make_session.begin() as session:
        big = create_document(session, title="big", text=paragraphs(0, 2000)).id
        small = create_document(session, title="small", text=paragraphs(1, 3)).id
    first = start_worker(postgres_url, "--batch", "1", "--poll", "0.1")
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline and status != "running":
        time.sleep(0.05)
        with make_session() as session:
            status = session.scalar(select(Document.annotation_status).where(Document.id == big))
    assert status == "running"
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    with make_session() as session:
        row = session.get(Document, big)
        assert (row.annotation_status, row.annotation_attempts) == ("running", 1)
        assert session.scalar(select(func.count()).select_from(Claim).where(Claim.document_id == big)) == 0
    time.sleep(1.2)  # past the second worker's lease
    second = start_worker(postgres_url, "--once", "--lease", "1")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "annotated 2 documents, 0 failed" in out
    with make_session() as session:
        row = session.get(Document, big)
        assert (row.annotation_status, row.annotation_attempts) == ("done", 2)
        claims = session.scalar(select(func.count()).select_from(Claim).where(Claim.document_id == big))
        assert claims >= 2000
        creates = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "create", AuditEvent.actor == "annotator"))
        assert creates == session.scalar(select(func.count()).select_from(Claim))
        assert session.get(Document, small).annotation_status == "done"
    engine.dispose()


def test_a_worker_stops_after_its_document_on_sigterm(postgres_url):
    engine = make_engine(postgres_url)
    with make_sessionmaker(engine).begin() as session:
        create_document(session, title="d", text=paragraphs(3, 3))
    process = start_worker(postgres_url, "--poll", "0.1")
    deadline = time.monotonic() + 60
    done = None
    while time.monotonic() < deadline and done != "done":
        time.sleep(0.1)
        with make_sessionmaker(engine)() as session:
            done = session.scalar(select(Document.annotation_status))
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "annotated 1 documents" in out
    engine.dispose()
