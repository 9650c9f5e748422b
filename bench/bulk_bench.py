"""Bulk import and export speed and memory, through the real `claims import` and `claims export` commands.

    .venv/bin/python bench/bulk_bench.py DATABASE_URL [--claims 200000] [--fresh] [--keep FILE]

Generates a deterministic JSON lines file (claims over speakers with a Zipf-like spread, documents,
10 years of dates), imports it, imports it again (idempotent: adds nothing), and exports it in each
format, printing claims per second and the peak resident memory of each command. The database must be
migrated and hold no claims, or pass --fresh to empty it first (downgrade base, upgrade head).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))
FIRST = ["Anna", "Boris", "Chen", "Dmitry", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kofi", "Lena",
         "Maria", "Noor", "Olaf", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf"]
LAST = ["Abara", "Brandt", "Costa", "Dvorak", "Eriksen", "Fontaine", "Gupta", "Horvat", "Ivanov", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Silva", "Tanaka"]
OUTLETS = ["Reuters", "AFP", "TASS", "BBC", "Le Monde", "El País", "Al Jazeera", "NHK", "Der Spiegel", "AP"]
WORDS = ["budget", "growth", "inflation", "border", "talks", "ceasefire", "election", "reform", "tax", "energy", "climate", "vaccine", "trade", "sanctions", "pension", "strike", "court", "minister", "parliament", "alliance", "harvest", "export", "deficit"]


def generate(path: Path, n_claims: int, seed: int = 6) -> None:
    """``n_claims`` rows over n/10 speakers (Zipf-like: speaker k is drawn with weight 1/k) and n/40 documents."""
    rng = random.Random(seed)
    n_speakers = max(1, n_claims // 10)
    n_documents = max(1, n_claims // 40)
    speakers = []
    for k in range(n_speakers):
        name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {k}"
        organisation = k % 7 == 0
        speakers.append({"name": f"Ministry {k}" if organisation else name,
                         "kind": "organisation" if organisation else "person",
                         "description": f"spokesperson #{k}" if k % 3 == 0 else None,
                         "aliases": [f"Spokesman {k}"] if k % 5 == 0 else []})
    weights = [1 / (k + 1) for k in range(n_speakers)]
    start = dt.date(2015, 1, 1)
    documents = []
    for d in range(n_documents):
        published = start + dt.timedelta(days=rng.randrange(3650))
        documents.append({"title": f"Coverage {d}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                          "url": f"https://news.example/{d}" if d % 10 else None,
                          "source": OUTLETS[d % len(OUTLETS)], "published_on": published.isoformat()})
    chosen = rng.choices(range(n_speakers), weights=weights, k=n_claims)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_claims):
            document = documents[rng.randrange(n_documents)] if i % 8 else None
            date = None if i % 50 == 0 else (start + dt.timedelta(days=rng.randrange(3650))).isoformat()
            row = {"external_id": f"bench-{i}",
                   "statement": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 30))).capitalize() + ".",
                   "date": date, "source": document["source"] if document else rng.choice(OUTLETS),
                   "kind": rng.choice(("direct", "indirect", None)), "cue": rng.choice(("said", "told", None)),
                   "confidence": round(rng.random(), 3) if i % 3 else None, "origin": "import",
                   "status": "accepted", "speaker": speakers[chosen[i]], "document": document}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(url: str, *args: str, stdout=subprocess.DEVNULL) -> tuple[float, float, str]:
    """Run a `claims` command; (seconds, peak RSS in MB, stderr+stdout tail)."""
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    started = time.perf_counter()
    process = subprocess.Popen([CLAIMS, *args], env=env, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE,
                               text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"claims {' '.join(args)} failed ({process.returncode}):\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stderr


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--fresh", action="store_true", help="Empty the database first (downgrade base).")
    parser.add_argument("--keep", type=Path, help="Keep the generated file here.")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        source = args.keep or Path(tmp) / "claims.jsonl"
        started = time.perf_counter()
        generate(source, args.claims)
        print(f"generated {args.claims:,} claims ({source.stat().st_size / 2**20:.0f} MB) "
              f"in {time.perf_counter() - started:.1f} s")
        if args.fresh:
            run(args.url, "db", "downgrade", "base")
        run(args.url, "db", "upgrade")

        seconds, rss, _ = run(args.url, "import", str(source))
        print(f"import:            {args.claims / seconds:>9,.0f} claims/s  ({seconds:.2f} s, peak RSS {rss:.0f} MB)")
        seconds, rss, _ = run(args.url, "import", str(source))
        print(f"re-import (no-op): {args.claims / seconds:>9,.0f} rows/s    ({seconds:.2f} s, peak RSS {rss:.0f} MB)")
        for fmt in ("jsonl", "csv", "jsonld"):
            target = Path(tmp) / f"export.{fmt}"
            seconds, rss, _ = run(args.url, "export", "--format", fmt, "--output", str(target))
            print(f"export {fmt:<7}     {args.claims / seconds:>9,.0f} claims/s  ({seconds:.2f} s, "
                  f"peak RSS {rss:.0f} MB, {target.stat().st_size / 2**20:.0f} MB)")


if __name__ == "__main__":
    main()
