"""Speed, memory and quality of the annotation pipeline (``make bench-annotate``): a benchmark, not a test.

Speed is measured on one core over a folder of news texts (by default PolNeAR train, which the project
does not ship: it lives beside the repository in ``../shared``). Memory is reported twice because each
measure misses something: the resident set size includes the interpreter and the texts, tracemalloc only
what Python allocates while annotating. Quality is printed for each gold set found beside the repository,
with the commands that reproduce the figures, with the project's scorer and with the shared one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path("../shared")  # as the commands are printed: relative to the repository root
DEFAULT_DIR = SHARED / "polnear/train/text"

SPEED_BAR_DOCS_PER_SECOND = 50
MEMORY_BAR_MB = 300

# name, gold, texts folder (None: a BRAT folder), the bars, shared scorer arguments
GOLD_SETS = [
    (
        "repository gold",
        Path("gold/gold.jsonl"),
        Path("gold"),
        {"mean_jaccard": 0.90},
    ),
    (
        "seeds",
        SHARED / "gold/seeds.jsonl",
        SHARED / "seeds",
        {"recall": 0.93, "precision": 0.93, "speaker_accuracy": 0.98, "mean_jaccard": 0.90},
    ),
    (
        "transcripts-dev",
        SHARED / "gold/transcripts-dev/gold.jsonl",
        SHARED / "gold/transcripts-dev",
        {"recall": 0.95, "mean_jaccard": 0.90},
    ),
    (
        "transcripts-dev2",
        SHARED / "gold/transcripts-dev2/gold.jsonl",
        SHARED / "gold/transcripts-dev2",
        {"recall": 0.85, "precision": 0.85, "speaker_accuracy": 0.90, "mean_jaccard": 0.90},
    ),
    ("polnear-dev", SHARED / "polnear/dev", None, {"f1": 0.90, "speaker_accuracy": 0.97, "mean_jaccard": 0.90}),
]


def _on_one_core() -> str:
    """Pins the process to one CPU so that the figure means 'per core' even if a library spawns threads."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def _read_texts(folder: Path) -> list[tuple[str, str]]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts.append((path.name, handle.read()))
    return texts


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def bench_speed(texts: list[tuple[str, str]]) -> None:
    started = time.perf_counter()
    from api.annotate.pipeline import annotate
    from api.annotate.types import DocumentInput

    import_seconds = time.perf_counter() - started

    annotate(
        DocumentInput(text=texts[0][1])
    )  # warm-up: lazy compilation and caches are not per-document costs
    timings: list[tuple[float, str]] = []
    candidates = 0
    for name, text in texts:
        t0 = time.perf_counter()
        candidates += len(annotate(DocumentInput(text=text)))
        timings.append((time.perf_counter() - t0, name))
    total = sum(seconds for seconds, _ in timings)
    characters = sum(len(text) for _, text in texts)
    per_doc_ms = sorted(seconds * 1000 for seconds, _ in timings)
    slowest_seconds, slowest_name = max(timings)

    rss_mb = _peak_rss_mb()
    tracemalloc.start()
    for _, text in texts:
        annotate(DocumentInput(text=text))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    docs_per_second = len(texts) / total if total else float("inf")
    print(f"documents: {len(texts)} ({characters} characters, {candidates} candidates)")
    print(f"pipeline import: {import_seconds:.2f} s")
    print(
        f"documents per second (one core): {docs_per_second:.1f}  {_verdict(docs_per_second >= SPEED_BAR_DOCS_PER_SECOND)}"
        f" (aim >= {SPEED_BAR_DOCS_PER_SECOND})"
    )
    print(f"characters per second: {characters / total:,.0f}" if total else "characters per second: n/a")
    print(
        f"per document: median {statistics.median(per_doc_ms):.1f} ms, "
        f"95th percentile {per_doc_ms[int(0.95 * (len(per_doc_ms) - 1))]:.1f} ms, "
        f"slowest {slowest_seconds * 1000:.1f} ms ({slowest_name})"
    )
    print(
        f"peak resident set size: {rss_mb:.1f} MB  {_verdict(rss_mb < MEMORY_BAR_MB)} (aim < {MEMORY_BAR_MB})"
    )
    print(f"peak Python allocations while annotating (tracemalloc): {traced_peak / 1024 / 1024:.1f} MB")


def _verdict(ok: bool) -> str:
    return "[meets the bar]" if ok else "[BELOW THE BAR]"


def _commands(gold: Path, texts: Path | None) -> tuple[str, str]:
    if texts is None:
        project = f".venv/bin/python -m api.annotate eval {gold}"
        shared_args = f"--gold-polnear {gold}"
        text_glob = gold / "text/*.txt"
    else:
        project = f".venv/bin/python -m api.annotate eval {gold} --texts {texts}"
        shared_args = f"--gold-jsonl {gold} --texts {texts} --optional-as-non-claim"
        text_glob = texts / "*.txt"
    shared = (
        f".venv/bin/python -m api.annotate extract {text_glob} > /tmp/pred.jsonl && "
        f"python3 {SHARED / 'tools/quote_eval.py'} {shared_args} --pred /tmp/pred.jsonl"
    )
    return project, shared


def bench_quality() -> None:
    from api.annotate.scoring import evaluate, load_gold

    for name, gold_path, texts, bars in GOLD_SETS:
        if not (REPO / gold_path).exists():
            print(f"\n{name}: {gold_path} not found, skipped")
            continue
        gold = load_gold(REPO / gold_path, REPO / texts if texts is not None else None)
        t0 = time.perf_counter()
        report = evaluate(gold)
        seconds = time.perf_counter() - t0
        figures = {
            "precision": report.precision,
            "recall": report.recall,
            "f1": report.f1,
            "speaker_accuracy": report.speaker_accuracy,
            "mean_jaccard": report.mean_jaccard,
            "exact_f1": report.exact_f1,
            "token_f1": report.token_f1,
        }
        print(
            f"\n{name} ({len(gold.texts)} documents, {report.counts.gold_claims} gold claims, {seconds:.1f} s)"
        )
        for figure, value in figures.items():
            bar = bars.get(figure)
            verdict = "" if bar is None else f"  {_verdict(value >= bar)} (bar {bar:.2f})"
            print(f"  {figure.replace('_', ' ')}: {value:.3f}{verdict}")
        project, shared = _commands(gold_path, texts)
        print(f"  reproduce: {project}")
        print(f"  shared scorer: {shared}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help=f"folder of .txt documents to time (default: {DEFAULT_DIR}, relative to the repository)",
    )
    parser.add_argument("--skip-quality", action="store_true", help="only time the pipeline")
    args = parser.parse_args(argv)
    folder = args.dir.resolve() if args.dir is not None else REPO / DEFAULT_DIR
    os.chdir(REPO)  # the printed commands and the default gold folders are relative to the repository root
    sys.path.insert(0, str(REPO))

    if not folder.is_dir():
        print(
            f"error: {folder} is not a folder: give --dir with .txt documents "
            "(the default, PolNeAR train, lives beside the repository in ../shared)",
            file=sys.stderr,
        )
        return 2
    texts = _read_texts(folder)
    if not texts:
        print(f"error: no .txt documents in {folder}", file=sys.stderr)
        return 2
    print(f"speed on {folder}: {_on_one_core()}")
    bench_speed(texts)
    if not args.skip_quality:
        bench_quality()
    return 0


if __name__ == "__main__":
    sys.exit(main())
