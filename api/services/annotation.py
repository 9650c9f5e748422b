"""Saving the annotator's output, and the rule that keeps human work safe from it.

Re-annotation may replace only a document's *untouched* claims: made by the annotator, still pending, never
edited (version 1). Every other claim of the document is protected: never changed or deleted here, and no
candidate that overlaps one is stored again, so a claim a curator corrected does not get a pending twin. A
candidate whose statement is that of a claim a curator rejected in the same document is not stored either,
wherever it now stands (the text was edited, the passage repeated, the rejected claim's span cleared).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import not_, select
from sqlalchemy.orm import Session

from ..annotate.names import normalise_name
from ..annotate.pipeline import annotate
from ..annotate.types import Candidate, DocumentInput
from ..models import Claim, Document, Speaker, SpeakerAlias, utcnow
from .documents import create_document, get_document, untouched_annotator_claims, update_document
from .history import claim_snapshot, record
from .preconditions import Expected
from .speakers import SPEAKER_KINDS

ANNOTATOR = "annotator"  # the actor of the annotator's own changes in claim histories


@dataclass(frozen=True)
class AnnotationResult:
    added: int
    kept: int
    removed: int


def document_input(document: Document) -> DocumentInput:
    return DocumentInput(text=document.text, title=document.title, source=document.source,
                         published_on=document.published_on)


def storable_candidates(doc: DocumentInput) -> list[Candidate]:
    """The pipeline's candidates that can become claims: those with a speaker. Pure: runs in workers."""
    return [c for c in annotate(doc) if c.speaker]


def _overlaps_half(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    for other_start, other_end in spans:
        overlap = min(end, other_end) - max(start, other_start)
        if overlap > 0 and overlap * 2 >= min(end - start, other_end - other_start):
            return True
    return False


_EDGE_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb.,;:!?-\u2013\u2014()[] "


def statement_key(statement: str) -> str:
    """What makes two statements the same words: NFC, case, runs of whitespace and the quotation marks and
    punctuation at either end do not count."""
    return " ".join(unicodedata.normalize("NFC", statement).casefold().split()).strip(_EDGE_PUNCTUATION)


class _SpeakerResolver:
    """Resolves a document's candidate speakers through names and aliases in a few set-wise queries.

    A document names a handful of speakers many times; looking each mention up one by one made saving a
    document cost dozens of round trips, more than running the pipeline itself.
    """

    def __init__(self, session: Session, candidates: list[Candidate]) -> None:
        self.session = session
        keys = {normalise_name(text) for c in candidates for text in (c.speaker, c.speaker_mention) if text}
        keys.discard("")
        self.by_key: dict[str, Speaker] = {}
        if keys:
            for speaker in session.scalars(select(Speaker).where(Speaker.normalised_name.in_(keys))):
                self.by_key[speaker.normalised_name] = speaker
            aliased = session.execute(
                select(SpeakerAlias.normalised_alias, Speaker).join(Speaker, SpeakerAlias.speaker_id == Speaker.id)
                .where(SpeakerAlias.normalised_alias.in_(keys)))
            for key, speaker in aliased:
                self.by_key.setdefault(key, speaker)

    def speaker_for(self, candidate: Candidate) -> Speaker:
        key = normalise_name(candidate.speaker or "")
        speaker = self.by_key.get(key)
        if speaker is None and len(key.split()) == 1:
            speaker = self._only_speaker_with_surname(key)
        if speaker is None:
            kind = candidate.speaker_kind if candidate.speaker_kind in SPEAKER_KINDS else "unknown"
            description = (candidate.speaker_description or "")[:500] or None
            speaker = Speaker(name=(candidate.speaker or "").strip()[:300], normalised_name=key, kind=kind,
                              description=description, version=1)
            self.session.add(speaker)
        self.by_key[key] = speaker
        return speaker

    def _only_speaker_with_surname(self, word: str) -> Speaker | None:
        """A bare surname names a known speaker only when exactly one has it: two Clintons, no guess."""
        matches = list(self.session.scalars(
            select(Speaker).where(Speaker.normalised_name.like(f"% {word}")).limit(2)))
        return matches[0] if len(matches) == 1 else None

    def learn_aliases(self, pairs: list[tuple[Speaker, str | None]]) -> None:
        """Remember fuller ways of writing names ("Kremlin spokesman Dmitry Peskov") as aliases.

        Single words ("Peskov", "he") are never aliases: they are ambiguous across documents. A form that
        already names someone stays theirs.
        """
        for speaker, mention in pairs:
            key = normalise_name(mention or "")
            if len(key.split()) < 2 or key in self.by_key:
                continue
            self.session.add(SpeakerAlias(speaker_id=speaker.id, alias=mention.strip()[:300], normalised_alias=key))
            self.by_key[key] = speaker


def _stored_cue(cue: str | None) -> str | None:
    return cue[:200] if cue else None


def _claim_key(speaker_id: int, start: int | None, end: int | None, statement: str, kind: str | None,
               cue: str | None, date: Any, confidence: float | None) -> tuple:
    return (speaker_id, start, end, statement, kind, cue, date,
            None if confidence is None else round(confidence, 4))


def lock_document(session: Session, document_id: int) -> None:
    """Take the document's row lock (PostgreSQL) for the rest of the transaction.

    Every path that annotates a document takes it first, so two annotations of one document (a queue
    worker, ``claims annotate``, a re-annotation or a text edit over HTTP) run one after the other, and
    the second sees the first's claims. On SQLite writers are serialised by BEGIN IMMEDIATE already.
    """
    session.execute(select(Document.id).where(Document.id == document_id).with_for_update())


def _mark_done(session: Session, document_id: int, *, bump_version: bool, changed: bool = True) -> None:
    """Record that the document's claims are current. Annotating a done document again and finding
    nothing to change leaves the document untouched, so running the annotator twice changes nothing."""
    document = get_document(session, document_id)
    if document.annotation_status == "done" and not changed:
        return
    document.annotation_status, document.annotated_at = "done", utcnow()
    document.annotation_claimed_at = document.annotation_error = None
    if bump_version:
        document.version += 1
    session.flush()


def annotate_document(session: Session, document_id: int,
                      candidates: list[Candidate] | None = None) -> AnnotationResult:
    """Bring a document's untouched claims in line with the annotator's current output, and mark it done.

    Idempotent: a second run finds every wanted claim already stored and changes nothing. ``candidates`` lets a caller run the pure
    pipeline elsewhere (worker processes) and only write here.
    """
    lock_document(session, document_id)
    result = _save_claims(session, document_id, candidates)
    _mark_done(session, document_id, bump_version=True, changed=bool(result.added or result.removed))
    return result


def _save_claims(session: Session, document_id: int, candidates: list[Candidate] | None) -> AnnotationResult:
    document = get_document(session, document_id)
    if candidates is None:
        candidates = storable_candidates(document_input(document))
    untouched = list(session.scalars(select(Claim).where(untouched_annotator_claims(document_id))))
    protected_spans, rejected = [], set()
    for start, end, status, statement in session.execute(
            select(Claim.span_start, Claim.span_end, Claim.status, Claim.statement).where(
                not_(untouched_annotator_claims(document_id)), Claim.document_id == document_id)):
        if start is not None:
            protected_spans.append((start, end))
        if status == "rejected":
            rejected.add(statement_key(statement))
    storable = [c for c in candidates
                if c.speaker and not _overlaps_half(c.start, c.end, protected_spans)
                and statement_key(c.statement) not in rejected]
    speakers = _SpeakerResolver(session, storable)
    resolved = [(candidate, speakers.speaker_for(candidate)) for candidate in storable]
    session.flush()  # new speakers get their ids, all in one batch
    speakers.learn_aliases([(speaker, candidate.speaker_mention) for candidate, speaker in resolved])
    wanted: dict[tuple, Candidate] = {}
    for candidate, speaker in resolved:
        key = _claim_key(speaker.id, candidate.start, candidate.end, candidate.statement, candidate.kind,
                         _stored_cue(candidate.cue), candidate.date, candidate.confidence)
        wanted.setdefault(key, candidate)

    kept = removed = 0
    for claim in untouched:
        key = _claim_key(claim.speaker_id, claim.span_start, claim.span_end, claim.statement, claim.kind,
                         claim.cue, claim.claim_date, claim.confidence)
        if key in wanted:
            del wanted[key]
            kept += 1
        else:
            record(session, entity="claim", entity_id=claim.id, action="delete", actor=ANNOTATOR,
                   before=claim_snapshot(claim))
            session.delete(claim)
            removed += 1
    source = document.source or document.url
    added = []
    for (speaker_id, *_rest), candidate in wanted.items():
        claim = Claim(
            speaker_id=speaker_id, statement=candidate.statement, claim_date=candidate.date, source=source,
            document_id=document.id, span_start=candidate.start, span_end=candidate.end, kind=candidate.kind,
            cue=_stored_cue(candidate.cue), confidence=candidate.confidence,
            origin="annotator", status="pending", span_stale=False, version=1,
        )
        session.add(claim)
        added.append(claim)
    session.flush()  # one batched INSERT for the new claims; their events follow in another
    for claim in added:
        record(session, entity="claim", entity_id=claim.id, action="create", actor=ANNOTATOR,
               after=claim_snapshot(claim))
    session.flush()
    return AnnotationResult(added=len(added), kept=kept, removed=removed)


def revise_document(session: Session, document_id: int, changes: dict[str, Any], *, actor: str = "cli",
                    expected_version: Expected = None) -> Document:
    """Apply a document PATCH; a new text is annotated again at once, so its claims match what it says.

    The edit itself bumps the version; the annotation in the same transaction does not bump it again. A
    queue worker that was annotating the old text finds its claim gone and discards its work.
    """
    lock_document(session, document_id)
    document, text_changed = update_document(session, document_id, changes, actor=actor,
                                             expected_version=expected_version)
    if text_changed:
        _save_claims(session, document_id, None)
        _mark_done(session, document_id, bump_version=False)
    return document


def store_document(session: Session, fields: dict[str, Any], *, annotate: bool = False) -> Document:
    """Store a new document: queued for the annotation workers, or annotated at once when the caller asks."""
    document = create_document(session, **fields)
    if annotate:
        _save_claims(session, document.id, None)
        _mark_done(session, document.id, bump_version=False)
    return document
