"""Runs the pipeline on text files with no database: the rows behind ``claims extract``.

Other tools score these rows, so their fields and offsets are a contract: ``start``/``end`` are Python
``str`` offsets into the file's text as read in UTF-8 with no newline translation (a ``\\r\\n`` counts as two
characters, as it does in the stored document and in the scorers).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .pipeline import annotate
from .types import Candidate, DocumentInput


def candidate_row(doc_name: str, c: Candidate) -> dict:
    """One candidate as a JSON-ready row, in the field order of the exchange format."""
    return {
        "doc": doc_name,
        "speaker": c.speaker,
        "statement": c.statement,
        "start": c.start,
        "end": c.end,
        "cue": c.cue,
        "kind": c.kind,
        "date": c.date.isoformat() if c.date is not None else None,
        "confidence": c.confidence,
    }


def doc_name_of(path: str | os.PathLike) -> str:
    """The name scorers know a document by: its file name without ``.txt``."""
    name = Path(path).name
    return name.removesuffix(".txt")


def read_document_text(path: str | os.PathLike) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{os.fspath(path)}: not UTF-8 text (bad byte at {exc.start})") from None


def extract_text(
    doc_name: str, text: str, published_on: date | None = None, include_all: bool = False
) -> Iterator[dict]:
    """Rows for one document's text. Without ``include_all``, only what would be stored: candidates with a
    speaker (a statement nobody in the text is named for is never a claim)."""
    for candidate in annotate(DocumentInput(text=text, published_on=published_on)):
        if include_all or candidate.speaker is not None:
            yield candidate_row(doc_name, candidate)


def extract_paths(
    paths: Iterable[str | os.PathLike], published_on: date | None = None, include_all: bool = False
) -> Iterator[dict]:
    """Rows for every file, in the order given.

    Every path is checked before the first row is produced, so a typo in the last name fails at once
    instead of after a long run with half the output printed. Raises ``FileNotFoundError`` (an ``OSError``)
    for a missing file and ``ValueError`` for a file that is not UTF-8.
    """
    paths = list(paths)
    for path in paths:
        if not os.path.isfile(path):
            raise FileNotFoundError(2, "no such file", os.fspath(path))
    return _rows(paths, published_on, include_all)


def _rows(paths: list, published_on: date | None, include_all: bool) -> Iterator[dict]:
    for path in paths:
        yield from extract_text(doc_name_of(path), read_document_text(path), published_on, include_all)
