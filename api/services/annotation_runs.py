"""Annotating many documents: the pipeline in worker processes, each document saved in its own transaction.

A crash or a kill therefore leaves every document either fully annotated or as it was. Workers only run
the pure pipeline; this process alone writes, so speakers are resolved without races.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
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

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0


def _work(item: tuple[int, DocumentInput]) -> tuple[int, list[Candidate]]:
    document_id, doc = item
    return document_id, storable_candidates(doc)


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
    pool = multiprocessing.get_context("spawn").Pool(workers) if workers > 1 else None
    try:
        results = pool.imap(_work, _inputs(make_session, ids), chunksize=4) if pool else map(
            _work, _inputs(make_session, ids))
        for document_id, candidates in tqdm(results, total=len(ids), unit="doc", file=sys.stderr,
                                            disable=None):
            with make_session() as session:  # closing without commit rolls back, on error too
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
    return RunSummary(len(ids), *totals, seconds=time.perf_counter() - started)
