"""The tables: documents, speakers with their aliases, and the claims that tie them together."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .db import Base

# Ids outlive rows: a deleted claim's history and a merged speaker's redirect are found by id, so SQLite must
# never hand a freed id to a new row (PostgreSQL sequences never do).
SQLITE_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Timestamped:
    """Creation and change times, and the version that ETags and optimistic concurrency rest on.

    ``version`` is the mapper's version column with the application choosing the numbers: every ORM
    UPDATE carries ``WHERE version = <the version loaded>``, so a change that lost a race with another
    request fails (StaleDataError) instead of silently overwriting it.
    """

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}

    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))


class Document(Timestamped, Base):
    """A news article or transcript, stored whole; claims point into ``text`` by character offsets."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    author: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    # sha256 of the text after NFC and whitespace collapsing: the same text is one document.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)

    # The annotation queue (services/annotation_queue.py): queued -> running (claimed by a worker at
    # ``annotation_claimed_at``) -> done or failed. A running document whose claim is older than the lease
    # belongs to a worker that died and is claimed again, at most ``max attempts`` times.
    annotation_status: Mapped[str] = mapped_column(String(10), default="queued", server_default="queued")
    annotated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    annotation_claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    annotation_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    annotation_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_documents_published_on_id", "published_on", "id"),
        Index("ix_documents_source", "source"),
        Index("ix_documents_annotation_status_id", "annotation_status", "id"),
        CheckConstraint("annotation_status IN ('queued', 'running', 'done', 'failed')",
                        name="annotation_status"),
    )


class Speaker(Base):
    """A person or organisation that makes claims; ``normalised_name`` is its identity key."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    normalised_name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="unknown", server_default="unknown")
    description: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.id"
    )

    __table_args__ = (
        CheckConstraint("kind IN ('person', 'organisation', 'unknown')", name="kind"),
        Index("ix_speakers_name_id", "name", "id"),
        SQLITE_NEVER_REUSE_IDS,
    )


class SpeakerAlias(Base):
    """Another way of writing a speaker's name; ``normalised_alias`` resolves to exactly one speaker."""

    __tablename__ = "speaker_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    normalised_alias: Mapped[str] = mapped_column(String(300), unique=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Claim(Timestamped, Base):
    """Who said what, when, and where it appeared, with the provenance a curator needs to trust it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="RESTRICT"))
    statement: Mapped[str] = mapped_column(Text)
    claim_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(2000))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    # The document's text changed and no longer reads this (protected) claim's statement: the span is kept
    # for a curator to fix. A statement still in the new text is re-anchored instead (its span follows it).
    span_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    kind: Mapped[str | None] = mapped_column(String(20))
    cue: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))

    # Who last changed the claim through the API or CLI (an API key's name), and when a curator last set
    # its review status. Either makes an annotator claim protected from re-annotation.
    edited_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The claim's id in the system it came from (bulk import, batch, or any client): re-importing a row
    # with a known external id adds nothing.
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)

    speaker: Mapped[Speaker] = relationship(lazy="raise")
    document: Mapped[Document | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint("length(trim(statement)) > 0", name="statement_not_blank"),
        CheckConstraint("(span_start IS NULL) = (span_end IS NULL)", name="span_both_or_neither"),
        CheckConstraint("span_start IS NULL OR (span_start >= 0 AND span_end > span_start)", name="span_order"),
        CheckConstraint("span_start IS NULL OR document_id IS NOT NULL", name="span_needs_document"),
        CheckConstraint("kind IS NULL OR kind IN ('direct', 'indirect', 'mixed', 'turn')", name="kind"),
        CheckConstraint("confidence IS NULL OR (confidence >= 0 AND confidence <= 1)", name="confidence"),
        CheckConstraint("origin IN ('annotator', 'curator', 'import')", name="origin"),
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
        # The main query: a speaker's claims newest first, keyset-paginated on (claim_date, id).
        Index("ix_claims_speaker_id_claim_date_id", "speaker_id", "claim_date", "id"),
        Index("ix_claims_claim_date_id", "claim_date", "id"),
        Index("ix_claims_created_at_id", "created_at", "id"),
        Index("ix_claims_document_id_claim_date_id", "document_id", "claim_date", "id"),
        Index("ix_claims_source", "source"),
        Index("ix_claims_status_claim_date_id", "status", "claim_date", "id"),
        SQLITE_NEVER_REUSE_IDS,
    )


class ApiKey(Base):
    """A caller's credential. Only a hash of the key is stored: a leaked database leaks no usable key."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("role IN ('reader', 'curator', 'admin')", name="role"),)


class AuditEvent(Base):
    """One change of a claim, a speaker or a document: who, when, what it was before and after.

    No foreign key on ``entity_id``: the history of a deleted claim must outlive it.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_events_entity_entity_id_id", "entity", "entity_id", "id"),)


class SpeakerRedirect(Base):
    """Where a merged-away speaker's id now points, so old links and stored ids keep working."""

    __tablename__ = "speaker_redirects"

    from_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    to_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)


class IdempotencyRecord(Base):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed to retries for 24 hours."""

    __tablename__ = "idempotency_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))  # running | done
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("api_key_id", "key", name="uq_idempotency_records_api_key_id_key"),
        Index("ix_idempotency_records_created_at", "created_at"),
    )
