import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command as alembic_command
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from api.db import make_engine, make_sessionmaker
from api.models import Claim, Document
from api.services.documents import create_document
from tests.conftest import BACKENDS, alembic_config

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))
DOCUMENTS = 4


def text(i: int) -> str:
    return "\n\n".join(f'"Plan {i}.{j} will work," Minister Ann Lee{i} said. Lee{i} added that it was funded.'
                       for j in range(30))


@pytest.mark.parametrize("backend", BACKENDS)
def test_worker_says_where_it_works_a_line_per_document_and_its_rate_over_busy_time(empty_database, backend):
    url = empty_database(backend)
    if backend == "postgresql":  # the test server trusts local connections: the password is only shown, or not
        url = make_url(url).set(password="s3cret").render_as_string(hide_password=False)
    alembic_command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    make_session = make_sessionmaker(engine)
    with make_session.begin() as session:
        for i in range(DOCUMENTS):
            create_document(session, title=f"d{i}", text=text(i))
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    process = subprocess.Popen([CLAIMS, "worker", "--poll", "0.1"], env=env, cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            with make_session() as session:
                done = session.scalar(select(func.count()).where(Document.annotation_status == "done"))
            if done == DOCUMENTS:
                break
            assert process.poll() is None and time.monotonic() < deadline, "the worker did not annotate"
            time.sleep(0.1)
        time.sleep(1.5)  # idle: waiting for work is not busy time
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    lines = out.splitlines()
    shown = make_url(url).render_as_string(hide_password=True)
    assert lines[0] == (f"worker on the {backend} database {shown}, 1 document(s) per claim, looks again every "
                        "0.1 s when the queue is empty; Ctrl-C or SIGTERM stops it after the current document")
    assert "s3cret" not in out + err
    with make_session() as session:
        stored = dict(session.execute(select(Claim.document_id, func.count()).group_by(Claim.document_id)).all())
    engine.dispose()
    documents = [re.fullmatch(r"document (\d+): (\d+) claims in (\d+\.\d\d) s", line) for line in lines[1:-1]]
    assert all(documents), lines
    assert {int(m[1]): int(m[2]) for m in documents} == stored and len(stored) == DOCUMENTS
    summary = re.fullmatch(rf"annotated {DOCUMENTS} documents, 0 failed, 0 skipped in (\d+\.\d) s busy of "
                           r"(\d+\.\d) s \((\d+\.\d) documents/s busy\); queue: 0 queued, 0 running, "
                           rf"{DOCUMENTS} done, 0 failed", lines[-1])
    assert summary, lines[-1]
    busy, total, rate = (float(summary[n]) for n in (1, 2, 3))
    assert busy <= total - 1.4
    assert rate >= DOCUMENTS / (busy + 0.05) - 0.05
    if busy > 0.05:
        assert rate <= DOCUMENTS / (busy - 0.05) + 0.05
