"""Runs the pipeline on text files with no database: the rows behind ``claims extract``.

Other tools score these rows, so their fields and offsets are a contract: ``start``/``end`` are Python
``str`` offsets into the file's text as read in UTF-8 with no newline translation (a ``\\r\\n`` counts as two
characters, as it does in the stored document and in the scorers).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

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


STDIN = "-"
STDIN_DOC_NAME = "stdin"


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The texts to read, in order: a file as given, a folder's ``.txt`` files in name order (not its
    subfolders), and ``-`` for standard input.

    Raises ``FileNotFoundError`` (an ``OSError``) for a missing path and ``ValueError`` for a folder with
    no ``.txt`` file.
    """
    expanded: list[str] = []
    for path in paths:
        path = os.fspath(path)
        if path == STDIN or os.path.isfile(path):
            expanded.append(path)
        elif os.path.isdir(path):
            texts = sorted(entry.path for entry in os.scandir(path) if entry.name.endswith(".txt") and entry.is_file())
            if not texts:
                raise ValueError(f"{path}: no .txt file in this folder")
            expanded.extend(texts)
        else:
            raise FileNotFoundError(2, "no such file or folder", path)
    return expanded


def extract_paths(
    paths: Iterable[str | os.PathLike],
    published_on: date | None = None,
    include_all: bool = False,
    stdin: BinaryIO | None = None,
) -> Iterator[dict]:
    """Rows for every file, in the order given (see ``expand_paths``); standard input's rows have the
    doc name ``stdin``.

    Every path is checked before the first row is produced, so a typo in the last name fails at once
    instead of after a long run with half the output printed. Raises ``FileNotFoundError`` (an ``OSError``)
    for a missing file and ``ValueError`` for a file that is not UTF-8 or a folder with no text.
    """
    return _rows(expand_paths(paths), published_on, include_all, stdin)


def _read_stdin(stdin: BinaryIO | None) -> str:
    data = (stdin or sys.stdin.buffer).read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"standard input: not UTF-8 text (bad byte at {exc.start})") from None


def _rows(paths: list[str], published_on: date | None, include_all: bool, stdin: BinaryIO | None) -> Iterator[dict]:
    for path in paths:
        if path == STDIN:
            yield from extract_text(STDIN_DOC_NAME, _read_stdin(stdin), published_on, include_all)
        else:
            yield from extract_text(doc_name_of(path), read_document_text(path), published_on, include_all)
