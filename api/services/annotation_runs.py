"""Annotating many documents: the pipeline in worker processes, each document saved in its own transaction.

A crash or a kill therefore leaves every document either fully annotated or as it was. Workers only run
the pure pipeline; this process alone writes, so speakers are resolved without races. Each document
saved is marked ``done`` in the annotation queue; one the pipeline fails on is marked ``failed`` with the
error and the run goes on. Runs beside queue workers are safe: both lock a document's row to write it.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from ..annotate.types import Candidate, DocumentInput
from ..models import Document
from .annotation import annotate_document, document_input, storable_candidates
from .documents import get_document


@dataclass(frozen=True)
class RunSummary:
    documents: int
    added: int
    kept: int
    removed: int
    seconds: float
    failures: tuple[tuple[int, str], ...] = ()

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0


def _work(item: tuple[int, DocumentInput]) -> tuple[int, list[Candidate] | str]:
    """The candidates of one document, or the error the pipeline raised on it."""
    document_id, doc = item
    try:
        return document_id, storable_candidates(doc)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return document_id, f"{type(exc).__name__}: {exc}"


def _mark_failed(session: Session, document_id: int, error: str) -> None:
    session.execute(update(Document).where(Document.id == document_id).values(
        annotation_status="failed", annotation_claimed_at=None, annotation_error=error[:4000],
        version=Document.version + 1))


def _inputs(make_session: sessionmaker[Session], ids: list[int]) -> Iterator[tuple[int, DocumentInput]]:
    for document_id in ids:
        with make_session() as session:  # closed before the yield: no transaction is held while writing
            doc = document_input(get_document(session, document_id))
        yield document_id, doc


def run_annotation(make_session: sessionmaker[Session], document_ids: list[int] | None, *, workers: int = 1,
                   dry_run: bool = False) -> RunSummary:
    """Annotate ``document_ids`` (all documents when None) and save each in one transaction."""
    with make_session() as session:
        if document_ids is None:
            ids = list(session.scalars(select(Document.id).order_by(Document.id)))
        else:
            ids = list(dict.fromkeys(document_ids))
            for document_id in ids:
                get_document(session, document_id)  # unknown ids fail before any work
    started = time.perf_counter()
    totals = [0, 0, 0]
    failures: list[tuple[int, str]] = []
    pool = multiprocessing.get_context("spawn").Pool(workers) if workers > 1 else None
    try:
        results = pool.imap(_work, _inputs(make_session, ids), chunksize=4) if pool else map(
            _work, _inputs(make_session, ids))
        for document_id, candidates in tqdm(results, total=len(ids), unit="doc", file=sys.stderr,
                                            disable=None):
            with make_session() as session:  # closing without commit rolls back, on error too
                if isinstance(candidates, str):
                    failures.append((document_id, candidates))
                    _mark_failed(session, document_id, candidates)
                    if not dry_run:
                        session.commit()
                    continue
                result = annotate_document(session, document_id, candidates)
                if not dry_run:
                    session.commit()
            totals[0] += result.added
            totals[1] += result.kept
            totals[2] += result.removed
    finally:
        if pool:
            pool.close()
            pool.join()
    return RunSummary(len(ids), *totals, seconds=time.perf_counter() - started, failures=tuple(failures))
