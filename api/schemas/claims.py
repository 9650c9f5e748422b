"""Claim shapes. JSON says ``date`` where the database says ``claim_date``."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .common import SEARCH_SYNTAX, Id, NonBlankText, PageArgs, SearchText, Text, UTCDateTime

KINDS = validate.OneOf(["direct", "indirect", "mixed", "turn"])
STATUSES = validate.OneOf(["pending", "accepted", "rejected"])
ORIGINS = validate.OneOf(["annotator", "curator", "import"])
STATEMENT = validate.Length(max=100_000)
EXTERNAL_ID = validate.Length(max=200)


class SpeakerRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class DocumentRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(allow_none=True, required=True)


class SpanSchema(Schema):
    """Character offsets into the document's text (Python string offsets: code points), end exclusive.

    The text there must be the claim's statement exactly: ``text[start:end] == statement``.
    """

    start = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=2**31 - 1))
    end = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))

    @validates_schema
    def _ordered(self, data, **_kwargs):
        if data["start"] >= data["end"]:
            raise ValidationError("start must be less than end.", "end")


class ClaimSchema(Schema):
    id = fields.Integer(required=True)
    speaker = fields.Nested(SpeakerRefSchema, required=True)
    statement = fields.String(required=True)
    date = fields.Date(attribute="claim_date", allow_none=True, required=True,
                       metadata={"description": "The day the statement was made."})
    source = fields.String(allow_none=True, required=True,
                           metadata={"description": "Where it appeared: an outlet or a URL."})
    document = fields.Nested(DocumentRefSchema, allow_none=True, required=True)
    span = fields.Method("_span", allow_none=True, required=True,
                         metadata={"type": "object", "properties": {
                             "start": {"type": "integer"}, "end": {"type": "integer"}}})
    span_stale = fields.Boolean(required=True, metadata={
        "description": "True when the document's text was edited and no longer reads the statement: the "
                       "statement stands, the span needs a curator. A statement still in the new text is "
                       "not stale: its span follows it."})
    kind = fields.String(allow_none=True, required=True)
    cue = fields.String(allow_none=True, required=True)
    confidence = fields.Float(allow_none=True, required=True)
    origin = fields.String(required=True, validate=ORIGINS)
    status = fields.String(required=True, validate=STATUSES)
    edited_by = fields.String(allow_none=True, required=True,
                              metadata={"description": "Who last changed the claim (an API key's name)."})
    reviewed_at = UTCDateTime(allow_none=True, required=True,
                              metadata={"description": "When a curator last accepted or rejected it."})
    created_at = UTCDateTime(required=True)
    updated_at = UTCDateTime(required=True)
    version = fields.Integer(required=True)
    external_id = fields.String(allow_none=True, required=True,
                                metadata={"description": "The claim's id in the system it came from, if any."})

    def _span(self, claim):
        if claim.span_start is None:
            return None
        return {"start": claim.span_start, "end": claim.span_end}


_ZERO = dt.timedelta(0)


def _utc(value: dt.datetime | None) -> str | None:
    """``UTCDateTime``'s format, with a fast path for the usual case (SQLite's naive UTC, PostgreSQL's UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat() + "Z"
    if value.utcoffset() == _ZERO:
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def claim_json(row) -> dict:
    """``ClaimSchema().dump`` written out by hand, for a row of ``services.claims.CLAIM_ROW`` (in its order).

    The list and GET-by-id hot paths use this: marshmallow spent most of a 50-claim page's time walking
    fields (profiled, bench/RESULTS.md). ``ClaimSchema`` stays the documented shape; a test holds the two
    to the same output. The row is unpacked as a tuple: faster than 23 attribute lookups.
    """
    (claim_id, speaker_id, statement, claim_date, source, document_id, span_start, span_end, span_stale, kind,
     cue, confidence, origin, status, edited_by, reviewed_at, external_id, created_at, updated_at, version,
     speaker_name, document_title, document_url) = row
    return {
        "id": claim_id,
        "speaker": {"id": speaker_id, "name": speaker_name},
        "statement": statement,
        "date": None if claim_date is None else claim_date.isoformat(),
        "source": source,
        "document": None if document_id is None else {"id": document_id, "title": document_title,
                                                      "url": document_url},
        "span": None if span_start is None else {"start": span_start, "end": span_end},
        "span_stale": bool(span_stale),
        "kind": kind,
        "cue": cue,
        "confidence": None if confidence is None else float(confidence),
        "origin": origin,
        "status": status,
        "edited_by": edited_by,
        "reviewed_at": _utc(reviewed_at),
        "created_at": _utc(created_at),
        "updated_at": _utc(updated_at),
        "version": version,
        "external_id": external_id,
    }


class _ClaimFields(Schema):
    speaker = NonBlankText(validate=validate.Length(max=300),
                           metadata={"description": "A name; resolved to the speaker with this name or alias, "
                                                    "or a new speaker. Give this or `speaker_id`."})
    speaker_id = Id()
    date = fields.Date(allow_none=True)
    source = Text(allow_none=True, validate=validate.Length(max=2000))
    document_id = Id(allow_none=True)
    span = fields.Nested(SpanSchema, allow_none=True, metadata={
        "description": "Where the document's text reads the statement: `text[start:end]` must equal "
                       "`statement` (else 422). Needs a `document_id`; `null` clears it."})
    kind = Text(allow_none=True, validate=KINDS)
    cue = Text(allow_none=True, validate=validate.Length(max=200))
    confidence = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(min=0, max=1))
    external_id = NonBlankText(allow_none=True, validate=EXTERNAL_ID,
                               metadata={"description": "The claim's id in your system; unique (a second claim "
                                                        "with the same one is a 409). Bulk imports use it to "
                                                        "stay idempotent."})


class ClaimCreateSchema(_ClaimFields):
    statement = NonBlankText(required=True, validate=STATEMENT)


class ClaimPatchSchema(_ClaimFields):
    """Every field optional; ``{}`` changes nothing."""

    statement = NonBlankText(validate=STATEMENT)
    status = Text(validate=STATUSES)


class ClaimFilterArgs(PageArgs):
    speaker = Text(validate=validate.Length(max=300),
                   metadata={"description": "Words that must all appear, as whole words, in the speaker's "
                                            "name or in one alias (case, accents and punctuation ignored)."})
    speaker_id = Id()
    document_id = Id()
    source = Text(validate=validate.Length(max=2000))
    date_from = fields.Date(metadata={"description": "Said on or after this day."})
    date_to = fields.Date(metadata={"description": "Said on or before this day."})
    status = Text(validate=STATUSES)
    origin = Text(validate=ORIGINS)
    q = SearchText(metadata={"description": "Full-text search in the statement. " + SEARCH_SYNTAX})
    sort = Text(validate=validate.OneOf(["-date", "date", "-created", "created", "relevance"]),
                metadata={"description": "`-date` (default), `date`, `-created` or `created`; ties by id, "
                                         "undated claims last. `relevance` (with `q` only): best matches "
                                         "first, ties by id, higher first."})


class SpeakerClaimFilterArgs(ClaimFilterArgs):
    """The speaker comes from the path: it is not a filter here too."""

    class Meta:
        exclude = ("speaker_id",)


class DocumentClaimFilterArgs(ClaimFilterArgs):
    """The document comes from the path: it is not a filter here too."""

    class Meta:
        exclude = ("document_id",)


class ClaimPageSchema(Schema):
    items = fields.List(fields.Nested(ClaimSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class HistoryEventSchema(Schema):
    at = UTCDateTime(required=True)
    actor = fields.String(required=True, metadata={"description": "An API key's name, `cli` or `annotator`."})
    action = fields.String(required=True, metadata={
        "description": "`create`, `edit`, `status`, `merge`, `delete`, `import`, or `reanchor`: the document's "
                       "text was edited and the span moved (`before.span` to `after.span`) to where the "
                       "statement now stands."})
    before = fields.Dict(allow_none=True, required=True)
    after = fields.Dict(allow_none=True, required=True)


class ClaimHistorySchema(Schema):
    items = fields.List(fields.Nested(HistoryEventSchema), required=True)
