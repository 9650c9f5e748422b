"""Idempotent retries of POSTs: the first answer for a caller's ``Idempotency-Key`` is kept for 24 hours.

A client that lost the answer to a create can send the same request again with the same key and gets the
first answer back instead of a duplicate. The unique ``(api_key_id, key)`` row is claimed *before* the
work starts and committed on its own, so two concurrent retries cannot both do the work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import IdempotencyRecord, utcnow

KEEP_FOR = dt.timedelta(hours=24)
# A record still "running" after this long belongs to a request that died: let a retry take over.
ABANDONED_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Claimed:
    record_id: int


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: str
    headers: dict


class Mismatch(Exception):
    """The key was first used with another request."""


class InProgress(Exception):
    """The first request with this key has not finished yet."""


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def claim_key(session: Session, *, api_key_id: int, key: str, request_hash: str) -> Claimed | Replay:
    """Start a keyed request, or say how the earlier one with this key ended. Commits its own work."""
    for _attempt in range(2):
        record = IdempotencyRecord(api_key_id=api_key_id, key=key, request_hash=request_hash, state="running")
        session.add(record)
        try:
            session.commit()
            return Claimed(record.id)
        except IntegrityError:
            session.rollback()
        existing = session.scalar(select(IdempotencyRecord).where(
            IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key))
        if existing is None:
            continue  # it expired and was removed between our insert and our read
        age = utcnow() - _aware(existing.created_at)
        if age > KEEP_FOR or (existing.state == "running" and age > ABANDONED_AFTER):
            session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == existing.id))
            session.commit()
            continue
        if existing.request_hash != request_hash:
            raise Mismatch
        if existing.state == "running":
            raise InProgress
        return Replay(existing.status_code or 200, existing.response_body or "", existing.response_headers or {})
    raise InProgress


def finish(session: Session, record_id: int, *, status_code: int, body: str, headers: dict) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is not None:
        record.state, record.status_code, record.response_body, record.response_headers = (
            "done", status_code, body, headers)
        session.commit()


def release(session: Session, record_id: int) -> None:
    """Forget a keyed request that failed on our side, so that a retry does the work again."""
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
    session.commit()


def purge_expired(session: Session) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEEP_FOR))
    session.commit()
    return result.rowcount or 0
