"""A deterministic corpus for the benchmarks, in the format ``claims import`` reads (JSON lines).

    .venv/bin/python bench/generate.py [--claims 1000000] [--speakers 20000] [--documents 50000] [--seed 6]
                                       [--output bench/out/claims-1000000.jsonl]

The same arguments always write the same bytes (one seeded RNG, no clock). The shape follows real
coverage: speakers drawn with a Zipf-like spread (speaker k with weight 1/k: the heaviest says about one
claim in ten, most say a handful), claims spread over 10 years of dates (one in 50 undated), seven in
eight tied to one of the documents, statements of 8 to 30 words from a 5,000-word vocabulary that is
itself Zipf-distributed. Two words are planted for full-text search: ``inflation`` in exactly one claim
in ten and ``quagmire`` in one claim in 50,000.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
START = dt.date(2015, 1, 1)
DAYS = 3652  # ten years
COMMON, RARE = "inflation", "quagmire"
FIRST = ["Anna", "Boris", "Chen", "Dmitry", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kofi", "Lena",
         "Maria", "Noor", "Olaf", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf"]
LAST = ["Abara", "Brandt", "Costa", "Dvorak", "Eriksen", "Fontaine", "Gupta", "Horvat", "Ivanov", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Silva", "Tanaka"]
OUTLETS = ["Reuters", "AFP", "TASS", "BBC", "Le Monde", "El País", "Al Jazeera", "NHK", "Der Spiegel", "AP"]
CUES = ("said", "told", "stated", "claimed", "argued", None)
SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "ne", "dor", "pa", "li", "gu", "ther", "os", "an"]


def default_output(n_claims: int) -> Path:
    return OUT / f"claims-{n_claims}.jsonl"


def _vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words - {COMMON, RARE})
    rng.shuffle(ordered)  # rank is independent of spelling
    return ordered, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ordered))))


def _speakers(n: int) -> list[dict]:
    speakers = []
    for k in range(n):
        organisation = k % 7 == 6
        name = f"Ministry of {LAST[k % len(LAST)]} {k}" if organisation else \
            f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {k}"
        speakers.append({"name": name, "kind": "organisation" if organisation else "person",
                         "description": f"spokesperson #{k}" if k % 3 == 0 else None,
                         "aliases": [f"Spokesperson {k}"] if k % 5 == 0 else []})
    return speakers


def _documents(rng: random.Random, n: int, words: list[str]) -> list[dict]:
    documents = []
    for d in range(n):
        published = START + dt.timedelta(days=rng.randrange(DAYS))
        documents.append({"title": f"Coverage {d}: {rng.choice(words)} and {rng.choice(words)}",
                          "url": f"https://news.example/{published:%Y/%m}/{d}",
                          "source": OUTLETS[d % len(OUTLETS)], "published_on": published.isoformat()})
    return documents


def generate(path: Path, n_claims: int = 1_000_000, n_speakers: int = 20_000, n_documents: int = 50_000,
             seed: int = 6) -> Path:
    """Write ``n_claims`` import rows to ``path`` and return it."""
    rng = random.Random(seed)
    words, cumulative = _vocabulary(rng)
    total_weight = cumulative[-1]
    speakers = _speakers(n_speakers)
    documents = _documents(rng, n_documents, words)
    speaker_weights = list(itertools.accumulate(1 / (k + 1) for k in range(n_speakers)))
    speaker_total = speaker_weights[-1]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(n_claims):
            picked = [words[bisect.bisect(cumulative, rng.random() * total_weight)]
                      for _ in range(rng.randint(8, 30))]
            if i % 10 == 3:
                picked.insert(rng.randrange(len(picked) + 1), COMMON)
            if i % 50_000 == 7:
                picked.insert(rng.randrange(len(picked) + 1), RARE)
            speaker = speakers[min(bisect.bisect(speaker_weights, rng.random() * speaker_total), n_speakers - 1)]
            document = documents[rng.randrange(n_documents)] if i % 8 else None
            if i % 50 == 0:
                date = None
            elif document is not None:
                date = document["published_on"]
            else:
                date = (START + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
            row = {"external_id": f"bench-{i}", "statement": " ".join(picked).capitalize() + ".",
                   "date": date, "source": document["source"] if document else rng.choice(OUTLETS),
                   "kind": rng.choice(("direct", "indirect", "mixed", None)), "cue": rng.choice(CUES),
                   "confidence": round(rng.random(), 3) if i % 3 else None, "origin": "import",
                   "status": "accepted", "speaker": speaker, "document": document}
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    tmp.replace(path)
    return path


def ensure(n_claims: int) -> Path:
    """The corpus file for ``n_claims`` in the default proportions, generated once and reused."""
    path = default_output(n_claims)
    if not path.exists():
        generate(path, n_claims, **scaled(n_claims))
    return path


def scaled(n_claims: int) -> dict[str, int]:
    """Speakers and documents in the default proportions (20,000 and 50,000 per million), at least 50 each."""
    return {"n_speakers": max(50, n_claims // 50), "n_documents": max(50, n_claims // 20)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--speakers", type=int, default=None, help="Default: claims / 50.")
    parser.add_argument("--documents", type=int, default=None, help="Default: claims / 20.")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = scaled(args.claims)
    started = time.perf_counter()
    path = generate(args.output or default_output(args.claims), args.claims,
                    n_speakers=args.speakers or sizes["n_speakers"],
                    n_documents=args.documents or sizes["n_documents"], seed=args.seed)
    print(f"wrote {args.claims:,} claims to {path} ({path.stat().st_size / 2**20:.0f} MB) "
          f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
