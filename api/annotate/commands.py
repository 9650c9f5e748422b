"""The annotator's two tools, shared by ``claims extract``/``claims eval`` and ``python -m api.annotate``.

Each writes to a text stream and raises ``OSError`` or ``ValueError`` (``GoldError``, a text that is not
UTF-8) for bad input; a command line reports those in one line, ``error_line``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from typing import BinaryIO, TextIO

from .scoring import evaluate, format_per_doc, format_report, load_gold, load_predictions, score


def write_extract(files: Iterable[str | os.PathLike], out: TextIO, *, published_on: date | None = None,
                  include_all: bool = False, stdin: BinaryIO | None = None) -> None:
    """JSON lines of the claims in ``files`` (files, folders of ``.txt`` files, ``-`` for standard input)."""
    from .extract import extract_paths  # loads the pipeline, which scoring a prediction file does not need

    rows = extract_paths(files, published_on=published_on, include_all=include_all, stdin=stdin)
    out.writelines(json.dumps(row) + "\n" for row in rows)


def write_eval(gold_path: str | os.PathLike, out: TextIO, *, texts: str | os.PathLike | None = None,
               pred: str | os.PathLike | None = None, count_optional: bool = False,
               per_doc: bool = False) -> None:
    """The figures of the annotator (or of the predictions in ``pred``) against the gold, then the counts
    behind them, then with ``per_doc`` one line per document."""
    gold = load_gold(gold_path, texts)
    optional_as_non_claim = not count_optional
    if pred:
        report = score(gold, load_predictions(pred), optional_as_non_claim)
    else:
        report = evaluate(gold, optional_as_non_claim)
    out.write(format_report(report) + "\n")
    if per_doc and report.per_doc:
        out.write(format_per_doc(report) + "\n")


def error_line(exc: OSError | ValueError) -> str:
    """The one line that tells what was wrong with the input."""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    return str(exc)
