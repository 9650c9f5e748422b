"""Annotation queue throughput: documents per second with 1 and 2 `claims worker` processes on PostgreSQL.

For each worker count: a fresh database (migrated), N generated documents (deterministic: 12-20 paragraphs
of quotes, reported speech and "according to" from a pool of 400 speakers, so workers meet the same
speakers at once), then W `claims worker --once` processes started together; the rate is N over the wall
time from the start until the last worker exits (process start-up included), and the queue is checked
to be all `done` with every document claimed once.

    .venv/bin/python bench/queue_bench.py [--documents 2000] [--workers 1 2]

The server is CLAIMS_BENCH_POSTGRES_URL (default: CLAIMS_TEST_POSTGRES_URL, else the local postgres user).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.db import make_engine, make_sessionmaker
from api.models import Claim, Document
from api.services.documents import create_document

CLAIMS = str(Path(sys.executable).with_name("claims"))
FIRST = ["Ann", "Boris", "Chen", "Dara", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kofi", "Lena",
         "Marek", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq"]
LAST = ["Lee", "Petrov", "Wang", "Okafor", "Rossi", "Haddad", "Kim", "Moreau", "Silva", "Novak", "Mensah",
        "Berg", "Kowalski", "Aziz", "Dubois", "Patel", "Laurent", "Garcia", "Lund", "Rahman"]
ROLES = ["Finance Minister", "Senator", "Mayor", "spokeswoman", "Governor", "economist", "Interior Minister"]
TOPICS = ["the budget", "the new tax", "the bridge", "the ceasefire", "the election", "the hospital plan",
          "the trade deal", "the pension reform", "interest rates", "the strike"]


def paragraph(rng: random.Random, speakers: list[str]) -> str:
    name, topic = rng.choice(speakers), rng.choice(TOPICS)
    role, surname = rng.choice(ROLES), name.split()[-1]
    return rng.choice([
        f'"We will not back down on {topic}," {role} {name} said on Tuesday.',
        f"{role} {name} said that {topic} would be settled before the summer.",
        f'According to {name}, {topic} has cost more than expected. "It is a mess," {surname} added.',
        f"{name}, the {role.lower()}, told reporters that {topic} was not on the agenda.",
        f"Markets were calm on Monday as traders waited for news on {topic}.",
    ])


def documents(count: int, seed: int = 6) -> list[str]:
    rng = random.Random(seed)
    speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(400)]
    return [f"Report {i}.\n\n" + "\n\n".join(paragraph(rng, speakers) for _ in range(rng.randint(12, 20)))
            for i in range(count)]


def server_url() -> str:
    url = make_url(os.environ.get("CLAIMS_BENCH_POSTGRES_URL") or os.environ.get("CLAIMS_TEST_POSTGRES_URL")
                   or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def run(texts: list[str], workers: int) -> tuple[float, int]:
    server = server_url()
    name = f"claims_queue_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        config = Config(str(ROOT / "alembic.ini"))
        config.set_main_option("script_location", str(ROOT / "migrations"))
        config.attributes["url"] = url
        command.upgrade(config, "head")
        engine = make_engine(url)
        with make_sessionmaker(engine).begin() as session:
            for i, body in enumerate(texts):
                create_document(session, title=f"Report {i}", text=body)
        env = {**os.environ, "CLAIMS_DATABASE_URL": url}
        started = time.perf_counter()
        processes = [subprocess.Popen([CLAIMS, "worker", "--once", "--batch", "4"], env=env, cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(workers)]
        for process in processes:
            _, err = process.communicate()
            if process.returncode != 0:
                raise SystemExit(err)
        seconds = time.perf_counter() - started
        with make_sessionmaker(engine)() as session:
            statuses = dict(session.execute(select(Document.annotation_status, func.count())
                                            .group_by(Document.annotation_status)).all())
            attempts = set(session.scalars(select(Document.annotation_attempts).distinct()))
            claims = session.scalar(select(func.count()).select_from(Claim))
        assert statuses == {"done": len(texts)} and attempts == {1}, (statuses, attempts)
        engine.dispose()
        return seconds, claims
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    texts = documents(args.documents)
    print(f"{args.documents} documents, {sum(len(t) for t in texts) / len(texts):.0f} characters each on "
          f"average; {os.cpu_count()} cores")
    base = None
    for workers in args.workers:
        seconds, claims = run(texts, workers)
        rate = args.documents / seconds
        base = base or rate
        print(f"{workers} worker(s): {seconds:.1f} s, {rate:.0f} documents/s ({claims} claims), "
              f"{rate / base:.2f}x one worker")


if __name__ == "__main__":
    main()
