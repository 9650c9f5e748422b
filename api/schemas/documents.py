"""Document shapes. ``text`` only travels on the single-document read: lists stay small."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import SEARCH_SYNTAX, NonBlankText, PageArgs, SearchText, Text, UTCDateTime

URL = validate.URL(relative=False, schemes={"http", "https"}, require_tld=False)
URL_DOC = {"format": "uri", "pattern": "^https?://[^\\u0000]+$", "description": "An http or https URL."}


class DocumentSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    source = fields.String(allow_none=True, metadata={"description": "The outlet that published it."})
    url = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    published_on = fields.Date(allow_none=True)
    language = fields.String(allow_none=True)
    created_at = UTCDateTime(required=True)
    updated_at = UTCDateTime(required=True)
    version = fields.Integer(required=True)
    annotation_status = fields.String(
        required=True, validate=validate.OneOf(["queued", "running", "done", "failed"]),
        metadata={"description": "Where the document is in the annotation queue: `queued` (waiting for a "
                                 "worker), `running`, `done` (its claims are extracted) or `failed` "
                                 "(see `annotation_error`)."})
    annotated_at = UTCDateTime(allow_none=True, required=True,
                               metadata={"description": "When its claims were last extracted."})
    annotation_error = fields.String(allow_none=True, required=True,
                                     metadata={"description": "Why the last annotation failed."})


class DocumentDetailSchema(DocumentSchema):
    text = fields.String(required=True)


class _DocumentMetadataFields(Schema):
    """What a document may say about itself besides its title and text, the same on create and patch."""

    source = Text(allow_none=True, validate=validate.Length(max=300))
    url = Text(allow_none=True, validate=[validate.Length(max=2000), URL], metadata=URL_DOC)
    author = Text(allow_none=True, validate=validate.Length(max=300))
    published_on = fields.Date(allow_none=True)
    language = Text(allow_none=True, validate=validate.Length(max=35))


class DocumentCreateSchema(_DocumentMetadataFields):
    title = NonBlankText(required=True, validate=validate.Length(max=1000))
    text = NonBlankText(required=True)


class DocumentPatchSchema(_DocumentMetadataFields):
    """Every field optional; ``{}`` changes nothing. ``title`` and ``text`` cannot be removed."""

    title = NonBlankText(validate=validate.Length(max=1000))
    text = NonBlankText()


class DocumentQueryArgs(PageArgs):
    source = Text(validate=validate.Length(max=300))
    published_from = fields.Date(metadata={"description": "Published on or after this day."})
    published_to = fields.Date(metadata={"description": "Published on or before this day."})
    q = SearchText(metadata={"description": "Full-text search in the title and the text. " + SEARCH_SYNTAX})
    sort = Text(validate=validate.OneOf(["id", "relevance"]),
                metadata={"description": "`id` (default: the order they were stored) or, with `q` only, "
                                         "`relevance` (best matches first, a title match weighing more; "
                                         "ties by id, higher first)."})


class DocumentPageSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class AnnotateArgs(Schema):
    annotate = fields.Boolean(load_default=False,
                              metadata={"description": "Extract the document's claims before answering "
                                                       "(`annotation_status: done`) instead of queueing it "
                                                       "for the annotation workers (`queued`)."})


class AnnotationResultSchema(Schema):
    added = fields.Integer(required=True, metadata={"description": "Annotator claims stored anew."})
    kept = fields.Integer(required=True, metadata={"description": "Annotator claims already right."})
    removed = fields.Integer(required=True, metadata={"description": "Untouched annotator claims the "
                                                                     "annotator no longer finds."})
