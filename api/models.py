"""The tables: documents, speakers with their aliases, and the claims that tie them together."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
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
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Timestamped:
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

    __table_args__ = (
        Index("ix_documents_published_on_id", "published_on", "id"),
        Index("ix_documents_source", "source"),
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

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.id"
    )

    __table_args__ = (
        CheckConstraint("kind IN ('person', 'organisation', 'unknown')", name="kind"),
        Index("ix_speakers_name_id", "name", "id"),
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
    # The document's text changed under this (protected) claim's span: the span is kept for a curator to
    # fix, never silently re-anchored.
    span_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    kind: Mapped[str | None] = mapped_column(String(20))
    cue: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))

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
    )
