"""Claims-by-speaker latency as the table grows: the service's own work, no HTTP, one request at a time.

    .venv/bin/python bench/scale_bench.py [--sizes 10000,100000,1000000] [--backends sqlite,postgresql] [--runs 300]

Uses the databases ``http_bench.py`` loaded (``bench/out/bench-<size>.db`` and ``claims_bench_<size>``).
For each size: the heaviest speaker's first page and page 20 (reached by cursor) through
``services.claims.list_claims`` plus ``claim_json``, the way the route runs them; the median and p99 of
``--runs`` timed calls, after a warm-up. Keyset pagination on ``(speaker_id, claim_date, id)`` should make
these flat: the figure at 1,000,000 claims must be within 1.5 times the one at 10,000. The query plan of
the page query is printed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text

from api.db import make_engine, make_sessionmaker
from api.schemas.claims import claim_json
from api.services.claims import list_claims
from bench.http_bench import database_url, speakers


def timed(session, filters: dict, cursor: str | None, runs: int) -> tuple[float, float]:
    samples = []
    for i in range(runs + 20):
        started = time.perf_counter()
        page = list_claims(session, filters=filters, sort=None, limit=50, cursor=cursor)
        [claim_json(row) for row in page.items]
        session.rollback()
        if i >= 20:
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def plan(engine, backend: str, heavy: int) -> str:
    query = ("SELECT id FROM claims WHERE speaker_id = :s AND claim_date IS NOT NULL "
             "AND (claim_date, id) < ('2020-01-01', 1000000000) ORDER BY claim_date DESC, id DESC LIMIT 51")
    with engine.connect() as conn:
        if backend == "sqlite":
            rows = conn.execute(text("EXPLAIN QUERY PLAN " + query), {"s": heavy}).all()
            return "; ".join(str(row[-1]) for row in rows)
        rows = conn.execute(text("EXPLAIN " + query.replace("'2020-01-01'", "DATE '2020-01-01'")),
                            {"s": heavy}).all()
        return "; ".join(row[0].strip() for row in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args(argv)
    for backend in args.backends.split(","):
        for n in (int(size) for size in args.sizes.split(",")):
            url = database_url(backend, n)
            heavy, _ = speakers(url)
            engine = make_engine(url)
            with make_sessionmaker(engine)() as session:
                filters = {"speaker_id": heavy}
                first = timed(session, filters, None, args.runs)
                cursor = None
                for _ in range(19):
                    cursor = list_claims(session, filters=filters, sort=None, limit=50, cursor=cursor).next_cursor
                deep = timed(session, {}, cursor, args.runs)
            print(f"{backend:<10} {n:>9,} claims  page 1: p50 {first[0]:.2f} ms p99 {first[1]:.2f} ms   "
                  f"page 20: p50 {deep[0]:.2f} ms p99 {deep[1]:.2f} ms", flush=True)
            print(f"{'':10} plan: {plan(engine, backend, heavy)}")
            engine.dispose()


if __name__ == "__main__":
    main()
