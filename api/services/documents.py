"""Documents: stored whole, one row per distinct text, and what happens to claims when one goes away."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Any

from sqlalchemy import and_, not_, select, tuple_
from sqlalchemy.orm import Session

from ..errors import Conflict, Invalid, NotFound
from ..models import Claim, Document
from . import search
from .history import claim_snapshot, record
from .paging import Page, encode_cursor, resume
from .preconditions import Expected, check_version

_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Identity of a text: NFC and collapsed whitespace, so re-encoded or re-wrapped copies are one document."""
    canonical = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def get_document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"Document {document_id} does not exist.")
    return document


def _check_unique(session: Session, *, url: str | None, digest: str, own_id: int | None = None) -> None:
    if url:
        existing = session.scalar(select(Document.id).where(Document.url == url, Document.id != (own_id or 0)))
        if existing is not None:
            raise Conflict(f"Document {existing} already has this URL.", existing_id=existing)
    existing = session.scalar(select(Document.id).where(Document.content_hash == digest,
                                                        Document.id != (own_id or 0)))
    if existing is not None:
        raise Conflict(f"Document {existing} already has this text.", existing_id=existing)


def find_duplicate(session: Session, *, url: str | None, text: str) -> int | None:
    """The id of a stored document with this URL or this text, if any (seeding uses it to stay idempotent)."""
    try:
        _check_unique(session, url=url, digest=content_hash(text))
    except Conflict as conflict:
        return conflict.existing_id
    return None


def create_document(session: Session, *, title: str, text: str, source: str | None = None,
                    url: str | None = None, author: str | None = None, published_on: dt.date | None = None,
                    language: str | None = None) -> Document:
    digest = content_hash(text)
    _check_unique(session, url=url, digest=digest)
    document = Document(title=title, text=text, source=source, url=url or None, author=author,
                        published_on=published_on, language=language, content_hash=digest)
    session.add(document)
    session.flush()
    return document


EDITABLE_FIELDS = ("title", "text", "source", "url", "author", "published_on", "language")


def update_document(session: Session, document_id: int, changes: dict[str, Any], *, actor: str = "cli",
                    expected_version: Expected = None) -> tuple[Document, bool]:
    """Apply a PATCH; returns the document and whether its text changed (the caller may re-annotate)."""
    document = get_document(session, document_id)
    check_version(document.version, expected_version, f"Document {document_id}")
    changes = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS and getattr(document, k) != v}
    if "url" in changes and changes["url"] == "":
        changes["url"] = None
    if not changes:
        return document, False
    digest = content_hash(changes["text"]) if "text" in changes else document.content_hash
    _check_unique(session, url=changes.get("url", document.url), digest=digest, own_id=document.id)
    text_changed = "text" in changes
    if text_changed:
        document.content_hash = digest
        _follow_spans(session, document, changes["text"], actor)
    for field, value in changes.items():
        setattr(document, field, value)
    document.version += 1
    session.flush()
    return document, text_changed


def _follow_spans(session: Session, document: Document, new_text: str, actor: str) -> None:
    """Move protected claims' spans to where their words stand in the new text; flag those whose words are gone.

    A protected claim's statement is human work and never changes here. Its span follows the statement's
    exact text: of the places the new text reads it, the one nearest the old span's relative position (the
    old start scaled by the new length over the old), so a line prepended, a paragraph inserted or a passage
    duplicated moves the span and nothing else. The move is recorded as a ``reanchor`` event. A claim whose
    words are no longer in the text is flagged ``span_stale`` with its old span, for a curator: guessing
    further could point it at words its speaker never said. A claim stored before spans had to read their
    statement follows the words its span covered. Untouched annotator claims are left alone: re-annotation
    replaces them.
    """
    old_text = document.text
    claims = session.scalars(
        select(Claim).where(Claim.document_id == document.id, Claim.span_start.is_not(None),
                            not_(untouched_annotator_claims(document.id)))
        .order_by(Claim.id)
    )
    for claim in claims:
        start, end = claim.span_start, claim.span_end
        target = round(start * len(new_text) / len(old_text)) if old_text else 0
        anchors = [claim.statement]
        covered = old_text[start:end] if end <= len(old_text) else ""
        if not claim.span_stale and covered and covered != claim.statement:
            anchors.append(covered)
        moved_to = None
        for words in anchors:
            at = nearest_occurrence(new_text, words, target)
            if at is not None:
                moved_to = (at, at + len(words))
                break
        if moved_to is not None:
            new_start, new_end = moved_to
            if (new_start, new_end) == (start, end) and not claim.span_stale:
                continue
            before = claim_snapshot(claim)
            claim.span_start, claim.span_end, claim.span_stale = new_start, new_end, False
            action = "reanchor"
        elif claim.span_stale:
            continue
        else:
            before = claim_snapshot(claim)
            claim.span_stale = True
            action = "edit"
        claim.version += 1
        record(session, entity="claim", entity_id=claim.id, action=action, actor=actor, before=before,
               after=claim_snapshot(claim))


def nearest_occurrence(text: str, words: str, target: int) -> int | None:
    """The start of the occurrence of ``words`` in ``text`` nearest ``target`` (the earlier one on a tie)."""
    if not words:
        return None
    best = None
    at = text.find(words)
    while at != -1:
        if best is None or abs(at - target) < abs(best - target):
            best = at
        elif at > target:
            break  # every later occurrence is further away
        at = text.find(words, at + 1)
    return best


def untouched_annotator_claims(document_id: int):
    """Claims the annotator made and nobody touched: the only claims that may be replaced or dropped."""
    return and_(Claim.document_id == document_id, Claim.origin == "annotator", Claim.status == "pending",
                Claim.version == 1)


def is_untouched(claim: Claim) -> bool:
    """The Python twin of ``untouched_annotator_claims``."""
    return claim.origin == "annotator" and claim.status == "pending" and claim.version == 1


def delete_document(session: Session, document_id: int, *, actor: str = "cli",
                    expected_version: Expected = None) -> None:
    """Delete a document and its untouched annotator claims; every other claim survives, unlinked.

    Curated or reviewed claims are human work: losing the document must not lose them. Their span pointed
    into the deleted text, so it goes with the link. Each claim's change is in its history.
    """
    document = get_document(session, document_id)
    check_version(document.version, expected_version, f"Document {document_id}")
    for claim in session.scalars(select(Claim).where(Claim.document_id == document_id)):
        before = claim_snapshot(claim)
        if is_untouched(claim):
            record(session, entity="claim", entity_id=claim.id, action="delete", actor=actor, before=before)
            session.delete(claim)
            continue
        claim.document_id, claim.span_start, claim.span_end, claim.span_stale = None, None, None, False
        claim.version += 1
        session.flush()
        record(session, entity="claim", entity_id=claim.id, action="edit", actor=actor, before=before,
               after=claim_snapshot(claim))
    record(session, entity="document", entity_id=document.id, action="delete", actor=actor,
           before={"title": document.title, "source": document.source, "url": document.url,
                   "content_hash": document.content_hash, "version": document.version})
    session.delete(document)
    session.flush()


def list_documents(session: Session, *, source: str | None, published_from: dt.date | None,
                   published_to: dt.date | None, limit: int, cursor: str | None, q: str | None = None,
                   sort: str | None = None) -> Page:
    """Documents in the order they were stored (by id), or by relevance to ``q``; keyset-paginated."""
    filters = {"source": source, "published_from": published_from, "published_to": published_to, "q": q}
    sort, filters, after = resume(
        cursor, "documents", sort, "id", filters, key_length={"id": 1, "relevance": 2},
        filter_types={"source": str, "published_from": dt.date, "published_to": dt.date, "q": str},
        key_types={"id": (int,), "relevance": ((float, int), int)})
    if sort == "relevance" and filters.get("q") is None:
        raise Invalid("`sort=relevance` ranks search results: give `q` too.", field="sort", location="query")
    stmt = select(Document)
    if filters.get("source") is not None:
        stmt = stmt.where(Document.source == filters["source"])
    if filters.get("published_from") is not None:
        stmt = stmt.where(Document.published_on >= filters["published_from"])
    if filters.get("published_to") is not None:
        stmt = stmt.where(Document.published_on <= filters["published_to"])
    found = search.document_search(session, filters["q"]) if filters.get("q") is not None else None
    if found is not None:
        stmt = stmt.join(found.ranked, found.condition) if found.ranked is not None else stmt.where(found.condition)
    if sort == "relevance":
        if after is not None:
            if not (isinstance(after[0], (int, float)) and isinstance(after[1], int)):
                raise Invalid("Malformed or foreign cursor: start again from the first page.", field="cursor",
                              location="query")
            stmt = stmt.where(tuple_(found.score, Document.id) < tuple_(after[0], after[1]))
        scored = list(session.execute(stmt.add_columns(found.score)
                                      .order_by(found.score.desc(), Document.id.desc()).limit(limit + 1)))
        next_cursor = None
        if len(scored) > limit:
            document, score = scored[limit - 1]
            next_cursor = encode_cursor("documents", "relevance", filters, (float(score), document.id))
        return Page([document for document, _ in scored[:limit]], next_cursor)
    if after is not None:
        stmt = stmt.where(Document.id > after[0])
    rows = list(session.scalars(stmt.order_by(Document.id).limit(limit + 1)))
    next_cursor = encode_cursor("documents", "id", filters, (rows[limit - 1].id,)) if len(rows) > limit else None
    return Page(rows[:limit], next_cursor)
