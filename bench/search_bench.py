"""Full-text search at scale: p50/p99 of the two queries the bars name, on SQLite and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--claims 1000000] [--runs 50] [--backends sqlite,postgresql]

A deterministic corpus (seeded): short statements over a Zipf-like vocabulary of 5,000 made-up words,
dated over ten years; the word ``inflation`` is in exactly one claim in ten and ``quagmire`` in one claim in
50,000. It is loaded with executemany (SQLite) or COPY (PostgreSQL) in one transaction into a database built
by the migrations, so the search triggers and the generated column do their work during the load.

Measured through the service (``list_claims``, ORM and all, no HTTP): the common word newest first at page
50 (reached by cursor), and the rare word's first page. PostgreSQL: a database of its own,
``claims_search_bench``, on ``CLAIMS_BENCH_POSTGRES_URL`` (default: the local server, user postgres).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.db import make_engine, make_sessionmaker
from api.services.claims import list_claims

COMMON, RARE = "inflation", "quagmire"
START = dt.date(2015, 1, 1)
DAYS = 3653
SPEAKERS = 2000


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "ne", "dor", "pa", "li", "gu", "ther", "os", "an"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words -= {COMMON, RARE}
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    return sorted(words), cumulative


def statements(n: int, seed: int = 6):
    rng = random.Random(seed)
    words, cumulative = vocabulary(rng)
    total = cumulative[-1]
    for i in range(n):
        picked = [words[bisect.bisect(cumulative, rng.random() * total)] for _ in range(rng.randint(6, 14))]
        if i % 10 == 3:
            picked.insert(rng.randrange(len(picked) + 1), COMMON)
        if i % 50_000 == 7:
            picked.insert(rng.randrange(len(picked) + 1), RARE)
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        yield " ".join(picked).capitalize() + ".", day, rng.randrange(SPEAKERS) + 1


def migrate(url: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    command.upgrade(config, "head")


CLAIM_COLUMNS = ("speaker_id", "statement", "claim_date", "origin", "status", "created_at", "updated_at",
                 "version", "span_stale")


def rows(n: int):
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for statement, day, speaker in statements(n):
        yield speaker, statement, day, "import", "accepted", now, now, 1, False


def load_sqlite(url: str, n: int) -> None:
    engine = make_engine(url)
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN")
    cur.executemany("INSERT INTO speakers (id, name, normalised_name, kind, version) VALUES (?, ?, ?, 'person', 1)",
                    [(i, f"Speaker {i}", f"speaker {i}") for i in range(1, SPEAKERS + 1)])
    placeholders = ", ".join("?" * len(CLAIM_COLUMNS))
    cur.executemany(f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) VALUES ({placeholders})",
                    ((s, st, d.isoformat(), o, stt, c.isoformat(), u.isoformat(), v, int(f))
                     for s, st, d, o, stt, c, u, v, f in rows(n)))
    cur.execute("COMMIT")
    cur.execute("ANALYZE")
    raw.close()
    engine.dispose()


def load_postgresql(url: str, n: int) -> None:
    engine = make_engine(url)
    raw = engine.raw_connection()
    with raw.cursor() as cur:
        cur.executemany("INSERT INTO speakers (id, name, normalised_name, kind, version) "
                        "VALUES (%s, %s, %s, 'person', 1)",
                        [(i, f"Speaker {i}", f"speaker {i}") for i in range(1, SPEAKERS + 1)])
        with cur.copy(f"COPY claims ({', '.join(CLAIM_COLUMNS)}) FROM STDIN") as copy:
            for row in rows(n):
                copy.write_row(row)
    raw.commit()
    raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE claims")
    engine.dispose()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure(url: str, runs: int) -> dict[str, tuple[float, float, int]]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    results = {}
    with sessions() as session:
        cursor = None
        for _ in range(49):  # walk to page 50 once; each run then fetches page 50 from its cursor
            cursor = list_claims(session, filters={"q": COMMON}, sort=None, limit=50, cursor=cursor).next_cursor
        cases = {"common word, newest first, page 50": ({"q": COMMON}, cursor),
                 "rare word, newest first, page 1": ({"q": RARE}, None)}
        for name, (filters, start) in cases.items():
            samples, found = [], 0
            for _ in range(runs + 3):
                began = time.perf_counter()
                page = list_claims(session, filters=dict(filters), sort=None, limit=50, cursor=start)
                samples.append((time.perf_counter() - began) * 1000)
                found = len(page.items)
                session.rollback()
            p50, p99 = percentiles(samples[3:])
            results[name] = (p50, p99, found)
    engine.dispose()
    return results


def postgres_database(n: int) -> str:
    server = make_url(os.environ.get("CLAIMS_BENCH_POSTGRES_URL",
                                     "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"claims_search_bench_{n}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            url = f"sqlite:///{tmp}/search.db" if backend == "sqlite" else postgres_database(args.claims)
            migrate(url)
            began = time.perf_counter()
            (load_sqlite if backend == "sqlite" else load_postgresql)(url, args.claims)
            load = time.perf_counter() - began
            print(f"{backend}: {args.claims:,} claims loaded and indexed in {load:.0f} s "
                  f"({args.claims / load:,.0f}/s)")
            for name, (p50, p99, found) in measure(url, args.runs).items():
                print(f"  {name:40s} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   ({found} claims on the page)")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
