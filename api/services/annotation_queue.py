"""The annotation queue: documents wait as ``queued`` and workers on any number of machines annotate them.

A worker claims a batch in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two
workers never take the same row and never wait for each other; on SQLite the claim is a write
transaction, BEGIN IMMEDIATE, so claims are serialised), marking each document ``running`` with the claim
time, and commits. It then runs the pure pipeline with no transaction open, and writes each document's
claims in a transaction of its own that first locks the row and checks that the claim is still its own:
a document whose text was edited, that was deleted, or whose lease ran out and was claimed by another
worker, is skipped and the work discarded. So no document is written by two workers, and a worker killed
mid-document leaves it ``running`` until its lease (``lease_seconds``) runs out, when any worker claims it
again, at most ``max_attempts`` times in all. A pipeline error marks the document ``failed`` with the
error, and the worker goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..annotate.types import Candidate
from ..models import Document, utcnow
from .annotation import annotate_document, document_input, storable_candidates

log = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 600
DEFAULT_MAX_ATTEMPTS = 3
WRITE_RETRIES = 3  # concurrent workers creating the same new speaker: the loser retries the document


@dataclass(frozen=True)
class Claimed:
    id: int
    claimed_at: dt.datetime


@dataclass
class WorkSummary:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    busy_seconds: float = 0.0  # claiming and annotating documents: the wall time less the waits for work
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Documents done per second of busy time, so a worker that waited for work is not made slower."""
        return self.done / self.busy_seconds if self.busy_seconds > 0 else 0.0


@dataclass(frozen=True)
class DocumentOutcome:
    """What became of one claimed document: ``done`` with its annotator claims, ``failed`` with the
    error, or ``skipped`` (edited, deleted or taken over meanwhile)."""

    id: int
    status: str
    claims: int = 0
    error: str | None = None
    seconds: float = 0.0


def _claimable(stale_before: dt.datetime):
    return or_(Document.annotation_status == "queued",
               and_(Document.annotation_status == "running", Document.annotation_claimed_at < stale_before))


def claim_documents(session: Session, *, batch: int, lease_seconds: float = DEFAULT_LEASE_SECONDS,
                    max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> list[Claimed]:
    """Claim up to ``batch`` documents (queued, or running past their lease) for this worker; flushes.

    The caller commits at once, so the claim is visible and the row locks are released. Documents whose
    lease ran out ``max_attempts`` times are marked failed instead: something about them kills workers.
    """
    now = utcnow()
    stale_before = now - dt.timedelta(seconds=lease_seconds)
    abandoned = list(session.scalars(
        select(Document.id).where(Document.annotation_status == "running",
                                  Document.annotation_claimed_at < stale_before,
                                  Document.annotation_attempts >= max_attempts)
        .with_for_update(skip_locked=True)))
    if abandoned:
        session.execute(update(Document).where(Document.id.in_(abandoned)).values(
            annotation_status="failed", annotation_claimed_at=None, version=Document.version + 1,
            annotation_error=f"Abandoned after {max_attempts} attempts: the workers that claimed it stopped."
        ).execution_options(synchronize_session=False))
    ids = list(session.scalars(
        select(Document.id).where(_claimable(stale_before)).order_by(Document.id).limit(batch)
        .with_for_update(skip_locked=True)))
    if not ids:
        return []
    session.execute(update(Document).where(Document.id.in_(ids)).values(
        annotation_status="running", annotation_claimed_at=now,
        annotation_attempts=Document.annotation_attempts + 1, version=Document.version + 1,
    ).execution_options(synchronize_session=False))
    session.flush()
    return [Claimed(document_id, now) for document_id in ids]


def _still_ours(session: Session, claimed: Claimed) -> bool:
    """Lock the row and check the claim: nobody edited, deleted or re-claimed the document since."""
    row = session.execute(
        select(Document.annotation_status, Document.annotation_claimed_at)
        .where(Document.id == claimed.id).with_for_update()).first()
    return row is not None and row.annotation_status == "running" and _same_instant(
        row.annotation_claimed_at, claimed.claimed_at)


def _same_instant(stored: dt.datetime | None, ours: dt.datetime) -> bool:
    if stored is None:
        return False
    if stored.tzinfo is None:  # SQLite hands back naive UTC
        stored = stored.replace(tzinfo=dt.UTC)
    return abs((stored - ours).total_seconds()) < 1e-6


def _mark_failed(make_session: sessionmaker[Session], claimed: Claimed, error: str) -> bool:
    with make_session() as session:
        if not _still_ours(session, claimed):
            return False
        session.execute(update(Document).where(Document.id == claimed.id).values(
            annotation_status="failed", annotation_claimed_at=None, annotation_error=error[:4000],
            version=Document.version + 1).execution_options(synchronize_session=False))
        session.commit()
    return True


def _candidates(make_session: sessionmaker[Session], document_id: int) -> list[Candidate] | None:
    with make_session() as session:  # a read, closed before the pipeline runs: no transaction is held
        document = session.get(Document, document_id)
        doc = document_input(document) if document is not None else None
    return None if doc is None else storable_candidates(doc)


def _fail(make_session: sessionmaker[Session], claimed: Claimed, exc: BaseException,
          summary: WorkSummary) -> DocumentOutcome:
    error = f"{type(exc).__name__}: {getattr(exc, 'orig', None) or exc}"
    log.warning("document %s failed: %s\n%s", claimed.id, error, traceback.format_exc())
    if _mark_failed(make_session, claimed, error):
        summary.failed += 1
        summary.failures.append((claimed.id, error))
        return DocumentOutcome(claimed.id, "failed", error=error)
    summary.skipped += 1
    return DocumentOutcome(claimed.id, "skipped")


def annotate_claimed(make_session: sessionmaker[Session], claimed: Claimed, summary: WorkSummary) -> DocumentOutcome:
    """Annotate one claimed document, record the outcome (done, failed or skipped) in ``summary`` and
    return it."""
    try:
        candidates = _candidates(make_session, claimed.id)
    except Exception as exc:  # noqa: BLE001 - a pipeline error fails this document, not the worker
        return _fail(make_session, claimed, exc, summary)
    if candidates is None:
        summary.skipped += 1  # deleted since it was claimed
        return DocumentOutcome(claimed.id, "skipped")
    for attempt in range(1, WRITE_RETRIES + 1):
        try:
            with make_session() as session:
                if not _still_ours(session, claimed):
                    summary.skipped += 1
                    return DocumentOutcome(claimed.id, "skipped")
                result = annotate_document(session, claimed.id, candidates)
                session.commit()
            summary.done += 1
            return DocumentOutcome(claimed.id, "done", claims=result.added + result.kept)
        except (IntegrityError, OperationalError) as exc:
            # Another worker created the same speaker or alias first, or two of them deadlocked: the
            # transaction was rolled back whole, and the document is written again against what won.
            if attempt == WRITE_RETRIES:
                return _fail(make_session, claimed, exc, summary)
            time.sleep(0.05 * attempt)
        except Exception as exc:  # noqa: BLE001 - e.g. a speaker name that cannot be stored
            return _fail(make_session, claimed, exc, summary)
    raise AssertionError("unreachable: the last attempt returns")


def work(make_session: sessionmaker[Session], *, once: bool = False, batch: int = 1, poll_seconds: float = 2.0,
         lease_seconds: float = DEFAULT_LEASE_SECONDS, max_attempts: int = DEFAULT_MAX_ATTEMPTS,
         should_stop=lambda: False,
         on_document: Callable[[DocumentOutcome], None] | None = None) -> WorkSummary:
    """Claim and annotate documents until the queue is empty (``once``) or ``should_stop()`` says so.

    ``make_session`` must make writer sessions (on SQLite they begin with BEGIN IMMEDIATE).
    ``on_document`` hears of each document as soon as it is done, failed or skipped, with its seconds.
    """
    summary = WorkSummary()
    started = time.perf_counter()
    while not should_stop():
        claiming = time.perf_counter()
        with make_session() as session:
            claimed = claim_documents(session, batch=batch, lease_seconds=lease_seconds,
                                      max_attempts=max_attempts)
            session.commit()
        if not claimed:
            if once:
                break
            _sleep(poll_seconds, should_stop)
            continue
        summary.busy_seconds += time.perf_counter() - claiming
        for item in claimed:
            begun = time.perf_counter()
            outcome = annotate_claimed(make_session, item, summary)
            seconds = time.perf_counter() - begun
            summary.busy_seconds += seconds
            if on_document is not None:
                on_document(replace(outcome, seconds=seconds))
    summary.seconds = time.perf_counter() - started
    return summary


def _sleep(seconds: float, should_stop) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not should_stop():
        time.sleep(min(0.2, seconds))


def queue_counts(session: Session) -> dict[str, int]:
    """How many documents are in each annotation state."""
    from sqlalchemy import func

    rows = session.execute(select(Document.annotation_status, func.count()).group_by(Document.annotation_status))
    counts = {"queued": 0, "running": 0, "done": 0, "failed": 0}
    counts.update({status: n for status, n in rows})
    return counts
