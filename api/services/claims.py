"""Claims: creating, correcting and finding who said what.

Every write that changes a claim bumps its ``version`` (the ETag and, later, the review rules depend on it);
a write that changes nothing leaves it alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, Row, Select, bindparam, insert, select, tuple_
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from ..annotate.names import normalise_name
from ..errors import Conflict, Invalid, NotFound
from ..models import Claim, Document, Speaker, utcnow
from . import search
from .documents import nearest_occurrence
from .history import claim_snapshot, record, record_now
from .paging import Page, encode_cursor, resume
from .preconditions import Expected, check_version
from .speakers import get_speaker, resolve_speaker, speakers_matching_words

CLAIM_SORTS = ("-date", "date", "-created", "created", "relevance")
DEFAULT_SORT = "-date"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _claim_query() -> Select:
    return select(Claim).options(
        joinedload(Claim.speaker).load_only(Speaker.id, Speaker.name),
        joinedload(Claim.document).load_only(Document.id, Document.title, Document.url),
    )


# The read path builds no ORM objects. Profiled under gunicorn (bench/RESULTS.md), a page of 50 claims
# loaded as entities (identity map, joined eager loads) and dumped by marshmallow cost several times the
# SQL itself. Lists and GET by id select these flat columns (the same SQL as the joined load) and the
# routes write the JSON by hand (``schemas.claims.claim_json``). Writes keep the models.
_claims = Claim.__table__
CLAIM_ROW = (
    select(_claims.c.id, _claims.c.speaker_id, _claims.c.statement, _claims.c.claim_date, _claims.c.source,
           _claims.c.document_id, _claims.c.span_start, _claims.c.span_end, _claims.c.span_stale,
           _claims.c.kind, _claims.c.cue, _claims.c.confidence, _claims.c.origin, _claims.c.status,
           _claims.c.edited_by, _claims.c.reviewed_at, _claims.c.external_id, _claims.c.created_at,
           _claims.c.updated_at, _claims.c.version, Speaker.__table__.c.name.label("speaker_name"),
           Document.__table__.c.title.label("document_title"), Document.__table__.c.url.label("document_url"))
    .select_from(_claims)
    .outerjoin(Speaker.__table__, Speaker.__table__.c.id == _claims.c.speaker_id)
    .outerjoin(Document.__table__, Document.__table__.c.id == _claims.c.document_id)
)
ROW_FIELDS = tuple(column.name for column in CLAIM_ROW.selected_columns)
# Built once: SQLAlchemy memoises a statement's cache key, so executing this costs no compilation at all.
_CLAIM_BY_ID = CLAIM_ROW.where(_claims.c.id == bindparam("claim_id"))


def _rows(session: Session, stmt: Select, params: dict | None = None) -> list[Row]:
    """Rows of a plain SELECT on the session's connection: the ORM's execute path has nothing to add here
    and cost as much as the query (profiled)."""
    return session.connection().execute(stmt, params).all()


def read_claim(session: Session, claim_id: int) -> Row:
    """A claim to show, as one flat row of ``CLAIM_ROW``'s columns (``get_claim`` is for changing it)."""
    found = _rows(session, _CLAIM_BY_ID, {"claim_id": claim_id})
    row = found[0] if found else None
    if row is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return row


ClaimRow = namedtuple("ClaimRow", ROW_FIELDS)


def claim_row(claim: Claim) -> ClaimRow:
    """A loaded claim in ``CLAIM_ROW``'s shape, for ``claim_json`` (the relevance plan and create still
    have models)."""
    document = claim.document
    return ClaimRow(*(getattr(claim, name) for name in ROW_FIELDS[:-3]), claim.speaker.name,
                    document.title if document else None, document.url if document else None)


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.scalar(_claim_query().where(Claim.id == claim_id))
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return claim


def _document_for(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise Invalid(f"Document {document_id} does not exist.", field="document_id")
    return document


def _check_span(document: Document | None, span: Span | None) -> None:
    if span is None:
        return
    if document is None:
        raise Invalid("A span needs a document to point into.", field="span")
    if not 0 <= span.start < span.end <= len(document.text):
        raise Invalid(
            f"The span must satisfy 0 <= start < end <= {len(document.text)} (the document's length).",
            field="span",
        )


def _check_span_reads(document: Document, span: Span, statement: str, *, clearing: str) -> None:
    """A span is where the statement stands in the document: ``text[start:end]`` must be the statement.

    The message quotes what the text there reads (shortened), and where the statement stands, if it does.
    """
    text = document.text
    words = text[span.start:span.end]
    if words == statement:
        return
    shown = words if len(words) <= 80 else words[:79] + "\u2026"
    quoted = json.dumps(shown, ensure_ascii=False)
    detail = (f"The span {span.start}-{span.end} of document {document.id} reads {quoted}, "
              "not the statement: a span must be where the document's text reads the statement exactly "
              "(text[start:end] == statement).")
    at = nearest_occurrence(text, statement, span.start)
    if at is not None:
        detail += f" The statement stands at start {at}, end {at + len(statement)}: send that span"
    else:
        detail += " The statement is not in the document's text: send the statement as the text reads it"
    raise Invalid(f"{detail}, or {clearing}.", field="span")


def _speaker_for(session: Session, speaker: str | None, speaker_id: int | None) -> Speaker:
    if (speaker is None) == (speaker_id is None):
        raise Invalid("Give exactly one of `speaker` (a name) and `speaker_id`.", field="speaker")
    if speaker_id is not None:
        found = _speaker_by_id(session, speaker_id)
        if found is None:
            raise Invalid(f"Speaker {speaker_id} does not exist.", field="speaker_id")
        return found
    return resolve_speaker(session, speaker)


_speakers = Speaker.__table__
_SPEAKER_BY_ID = select(*_speakers.c).where(_speakers.c.id == bindparam("speaker_id"))


def _speaker_by_id(session: Session, speaker_id: int) -> Speaker | None:
    """``session.get(Speaker, id)`` for the create path: one prepared Core select and the row made into a
    persistent Speaker as if loaded (profiled: the ORM's load machinery was a fifth of a POST)."""
    known = session.identity_map.get(identity_key(Speaker, speaker_id))
    if known is not None:
        return known
    row = session.connection().execute(_SPEAKER_BY_ID, {"speaker_id": speaker_id}).first()
    if row is None:
        return None
    speaker = Speaker(**row._mapping)
    make_transient_to_detached(speaker)
    session.add(speaker)
    return speaker


def check_external_id(session: Session, external_id: str | None, own_id: int | None = None) -> None:
    """An external id names one claim: a second claim with it is a conflict."""
    if external_id is None:
        return
    existing = session.scalar(select(Claim.id).where(Claim.external_id == external_id))
    if existing is not None and existing != own_id:
        raise Conflict(f"Claim {existing} already has the external id {external_id!r}.", existing_id=existing)


def create_claim(session: Session, *, statement: str, speaker: str | None = None, speaker_id: int | None = None,
                 date: dt.date | None = None, source: str | None = None, document_id: int | None = None,
                 span: Span | None = None, kind: str | None = None, cue: str | None = None,
                 confidence: float | None = None, origin: str = "curator", actor: str = "cli",
                 external_id: str | None = None) -> Claim:
    """A new claim. Curator and import claims start accepted, annotator claims pending review.

    Without an explicit ``source``, a claim from a document appeared where the document did. A span must read
    the statement (``text[start:end] == statement``): re-anchoring after an edit of the text follows those words.
    """
    document = _document_for(session, document_id) if document_id is not None else None
    _check_span(document, span)
    if span is not None:
        _check_span_reads(document, span, statement, clearing="leave the span out")
    who = _speaker_for(session, speaker, speaker_id)
    check_external_id(session, external_id)
    if source is None and document is not None:
        source = document.source or document.url
    now = utcnow()
    values = {
        "speaker_id": who.id, "statement": statement, "claim_date": date, "source": source,
        "document_id": document.id if document else None,
        "span_start": span.start if span else None, "span_end": span.end if span else None, "span_stale": False,
        "kind": kind, "cue": cue, "confidence": confidence, "origin": origin,
        "status": "pending" if origin == "annotator" else "accepted", "edited_by": None, "reviewed_at": None,
        "external_id": external_id, "created_at": now, "updated_at": now, "version": 1,
    }
    # One INSERT on the connection instead of the unit of work (profiled: the ORM flush was two fifths of
    # a POST), then the model made persistent as if loaded, with the speaker and document already at hand:
    # callers get a full Claim and nothing reads it back.
    session.flush()  # a speaker resolved just now must exist before the claim refers to it
    claim_id = session.connection().execute(insert(_claims).returning(_claims.c.id), values).scalar_one()
    claim = Claim(id=claim_id, **values, speaker=who, document=document)
    make_transient_to_detached(claim)
    session.add(claim)
    record_now(session, entity="claim", entity_id=claim.id, action="create", actor=actor,
               after=claim_snapshot(claim))
    return claim



SIMPLE_FIELDS = {"statement": "statement", "date": "claim_date", "source": "source", "kind": "kind",
                 "cue": "cue", "confidence": "confidence", "status": "status", "external_id": "external_id"}


REVIEW_STATUSES = ("accepted", "rejected")


def update_claim(session: Session, claim_id: int, changes: dict[str, Any], *, actor: str = "cli",
                 expected_version: Expected = None) -> Claim:
    """Apply a PATCH. Moving a claim off its document drops its span unless a new one is given with it.

    A span sent, or kept under a new statement or document, must read the statement; it is then current
    (``span_stale`` false). A PATCH that touches neither (a review) leaves a stale span as it is.

    Any real change records the actor as ``edited_by``; setting the status to accepted or rejected is a
    review and stamps ``reviewed_at``. Either makes an annotator claim protected from re-annotation.
    """
    claim = get_claim(session, claim_id)
    check_version(claim.version, expected_version, f"Claim {claim_id}")
    values: dict[str, Any] = {}
    for field, column in SIMPLE_FIELDS.items():
        if field in changes:
            values[column] = changes[field]
    if changes.get("external_id") is not None:
        check_external_id(session, changes["external_id"], own_id=claim.id)
    if "speaker" in changes or "speaker_id" in changes:
        values["speaker_id"] = _speaker_for(session, changes.get("speaker"), changes.get("speaker_id")).id
    document_id = changes.get("document_id", claim.document_id)
    document = _document_for(session, document_id) if document_id is not None else None
    if "span" in changes:
        span = changes["span"]
    elif claim.span_start is not None and document_id == claim.document_id:
        span = Span(claim.span_start, claim.span_end)
    else:
        span = None
    _check_span(document, span)
    statement = values.get("statement", claim.statement)
    placed = "span" in changes or document_id != claim.document_id
    if span is not None and (placed or statement != claim.statement):
        # A span placed or a statement changed must agree; a review of a stale claim need not.
        _check_span_reads(document, span, statement,
                          clearing='clear the span with "span": null (or the document with "document_id": null)')
        values["span_stale"] = False
    values["document_id"] = document_id
    values["span_start"], values["span_end"] = (span.start, span.end) if span else (None, None)
    if placed:
        values["span_stale"] = False  # a curator placed the span (or removed it): it is current again
    changed = {column: value for column, value in values.items() if getattr(claim, column) != value}
    if changed:
        before = claim_snapshot(claim)
        action = "status" if set(changed) == {"status"} else "edit"
        if "status" in changed and changed["status"] in REVIEW_STATUSES:
            changed["reviewed_at"] = utcnow()
        changed["edited_by"] = actor
        for column, value in changed.items():
            setattr(claim, column, value)
        claim.version += 1
        session.flush()
        record(session, entity="claim", entity_id=claim.id, action=action, actor=actor, before=before,
               after=claim_snapshot(claim))
        session.expire(claim, ["speaker", "document"])
        claim = get_claim(session, claim_id)
    return claim


def delete_claim(session: Session, claim_id: int, *, actor: str = "cli",
                 expected_version: Expected = None) -> None:
    claim = get_claim(session, claim_id)
    check_version(claim.version, expected_version, f"Claim {claim_id}")
    record(session, entity="claim", entity_id=claim.id, action="delete", actor=actor,
           before=claim_snapshot(claim))
    session.delete(claim)
    session.flush()


FILTER_TYPES = {"speaker": str, "speaker_id": int, "document_id": int, "source": str, "date_from": dt.date,
                "date_to": dt.date, "status": str, "origin": str, "q": str}
KEY_TYPES = {"-date": ((dt.date, type(None)), int), "date": ((dt.date, type(None)), int),
             "-created": (dt.datetime, int), "created": (dt.datetime, int), "relevance": ((float, int), int)}

CLAIM_FILTERS = ("speaker", "speaker_id", "document_id", "source", "date_from", "date_to", "status", "origin")


# The filters whose statement shape does not depend on their values, as conditions on a value or a bind
# parameter. Pages filtered only by these use statements built once per shape (``_bound_date_page``):
# building and cache-keying a fresh statement per request was a seventh of a list request (profiled), and a
# kept statement memoises its key.
_BOUND_FILTERS = {"speaker_id": lambda value: Claim.speaker_id == value,
                  "document_id": lambda value: Claim.document_id == value,
                  "source": lambda value: Claim.source == value,
                  "status": lambda value: Claim.status == value,
                  "origin": lambda value: Claim.origin == value,
                  "date_from": lambda value: Claim.claim_date >= value,
                  "date_to": lambda value: Claim.claim_date <= value}


def _filtered(stmt: Select, filters: dict[str, Any]) -> Select:
    if filters.get("speaker") is not None:
        words = normalise_name(filters["speaker"]).split()
        if not words:
            return stmt.where(False)
        stmt = stmt.where(Claim.speaker_id.in_(speakers_matching_words(words)))
    for name, condition in _BOUND_FILTERS.items():
        if filters.get(name) is not None:
            stmt = stmt.where(condition(filters[name]))
    return stmt


def _page_by_created(session: Session, base: Select, after: tuple | None, descending: bool, n: int) -> list[Row]:
    key = tuple_(Claim.created_at, Claim.id)
    if after is not None:
        base = base.where(key < tuple_(*after) if descending else key > tuple_(*after))
    order = (Claim.created_at.desc(), Claim.id.desc()) if descending else (Claim.created_at, Claim.id)
    return _rows(session, base.order_by(*order).limit(n))


class _DatePage(NamedTuple):
    """The four statements of a page in date order; the keyset and the limit are bind parameters
    (``last_date``, ``last_id``, ``n``)."""

    dated: Select
    dated_after: Select
    undated: Select
    undated_after: Select


def _date_page(base: Select, descending: bool) -> _DatePage:
    dated = base.where(Claim.claim_date.is_not(None))
    key = tuple_(Claim.claim_date, Claim.id)
    last = tuple_(bindparam("last_date", type_=Claim.claim_date.type), bindparam("last_id", type_=Integer))
    order = (Claim.claim_date.desc(), Claim.id.desc()) if descending else (Claim.claim_date, Claim.id)
    undated = base.where(Claim.claim_date.is_(None))
    undated_order = Claim.id.desc() if descending else Claim.id
    last_id = bindparam("last_id", type_=Integer)
    n = bindparam("n", type_=Integer)
    return _DatePage(
        dated=dated.order_by(*order).limit(n),
        dated_after=dated.where(key < last if descending else key > last).order_by(*order).limit(n),
        undated=undated.order_by(undated_order).limit(n),
        undated_after=undated.where(Claim.id < last_id if descending else Claim.id > last_id)
        .order_by(undated_order).limit(n))


@lru_cache(maxsize=512)
def _bound_date_page(names: tuple[str, ...], descending: bool) -> _DatePage:
    base = CLAIM_ROW.where(*(_BOUND_FILTERS[name](bindparam(f"f_{name}")) for name in names))
    return _date_page(base, descending)


def _page_by_date(session: Session, statements: _DatePage, params: dict[str, Any], after: tuple | None,
                  n: int) -> list[Row]:
    """Dated claims in date order, then undated ones, each part a plain range scan on an index.

    Two simple queries instead of one ``NULLS LAST`` order with an OR in the keyset condition: both
    backends then walk ``(…, claim_date, id)`` indexes directly, so page 1000 costs what page 1 does.
    """
    rows: list[Row] = []
    last_date, last_id = after if after is not None else (None, None)
    if after is None or last_date is not None:
        if after is None:
            rows = _rows(session, statements.dated, {**params, "n": n})
        else:
            rows = _rows(session, statements.dated_after,
                         {**params, "n": n, "last_date": last_date, "last_id": last_id})
        last_id = None
    if len(rows) < n:
        if last_id is None:
            rows += _rows(session, statements.undated, {**params, "n": n - len(rows)})
        else:
            rows += _rows(session, statements.undated_after, {**params, "n": n - len(rows), "last_id": last_id})
    return rows


def list_claims(session: Session, *, filters: dict[str, Any], sort: str | None, limit: int,
                cursor: str | None) -> Page:
    """Claims matching ``filters`` in ``sort`` order (undated last, ties by id), one keyset page.

    The items are rows with ``CLAIM_ROW``'s columns as attributes, ready for ``schemas.claims.claim_json``.
    """
    sort, filters, after = resume(cursor, "claims", sort, DEFAULT_SORT, filters, key_length=2,
                                  filter_types=FILTER_TYPES, key_types=KEY_TYPES)
    if sort not in CLAIM_SORTS:
        raise Invalid(f"Unknown sort {sort!r}.", field="sort", location="query")
    if sort == "relevance":
        return _page_by_relevance(session, filters, after, limit)
    descending = sort.startswith("-")
    given = tuple(sorted(name for name, value in filters.items() if value is not None))
    if sort.endswith("date") and all(name in _BOUND_FILTERS for name in given):
        rows = _page_by_date(session, _bound_date_page(given, descending),
                             {f"f_{name}": filters[name] for name in given}, after, limit + 1)
    else:
        base = _filtered(CLAIM_ROW, filters)
        if filters.get("q") is not None:
            base = base.where(search.claims_matching(session, filters["q"]))
        if sort.endswith("date"):
            rows = _page_by_date(session, _date_page(base, descending), {}, after, limit + 1)
        else:
            rows = _page_by_created(session, base, after, descending, limit + 1)
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        key = (last.claim_date, last.id) if sort.endswith("date") else (_utc(last.created_at), last.id)
        next_cursor = encode_cursor("claims", sort, filters, key)
    return Page(rows[:limit], next_cursor)


def _page_by_relevance(session: Session, filters: dict[str, Any], after: tuple | None, limit: int) -> Page:
    """Best matches first, ties by id (higher first); the cursor carries the last row's (score, id)."""
    if filters.get("q") is None:
        raise Invalid("`sort=relevance` ranks search results: give `q` too.", field="sort", location="query")
    if after is not None and not (isinstance(after[0], (int, float)) and isinstance(after[1], int)):
        raise Invalid("Malformed or foreign cursor: start again from the first page.", field="cursor",
                      location="query")
    base = _filtered(_claim_query(), filters)
    scored = search.claims_by_relevance(session, base, filters["q"], after, limit + 1)
    next_cursor = None
    if len(scored) > limit:
        claim, score = scored[limit - 1]
        next_cursor = encode_cursor("claims", "relevance", filters, (score, claim.id))
    return Page([claim_row(claim) for claim, _ in scored[:limit]], next_cursor)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def require_speaker(session: Session, speaker_id: int) -> None:
    get_speaker(session, speaker_id)
