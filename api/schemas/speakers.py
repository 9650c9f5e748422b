"""Speaker shapes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import NonBlankText, PageArgs, Text

KINDS = validate.OneOf(["person", "organisation", "unknown"])
NAME = validate.Length(min=1, max=300)


class SpeakerSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=KINDS)
    description = fields.String(allow_none=True)
    aliases = fields.List(fields.String(), required=True)
    claim_count = fields.Integer(required=True)
    version = fields.Integer(required=True)


class SpeakerCreateSchema(Schema):
    name = NonBlankText(required=True, validate=NAME)
    kind = Text(load_default="unknown", validate=KINDS)
    description = Text(allow_none=True, validate=validate.Length(max=500))
    aliases = fields.List(NonBlankText(validate=NAME), load_default=list, validate=validate.Length(max=100))


class SpeakerPatchSchema(Schema):
    """Every field optional; ``aliases`` replaces the whole list."""

    name = NonBlankText(validate=NAME)
    kind = Text(validate=KINDS)
    description = Text(allow_none=True, validate=validate.Length(max=500))
    aliases = fields.List(NonBlankText(validate=NAME), validate=validate.Length(max=100))


class SpeakerQueryArgs(PageArgs):
    q = Text(validate=validate.Length(max=300),
             metadata={"description": "Each word is the start of a word of the name or of one alias."})
    sort = Text(validate=validate.OneOf(["name", "-claims"]),
                metadata={"description": "`name` (default) or `-claims`, the most quoted first."})


class SpeakerPageSchema(Schema):
    items = fields.List(fields.Nested(SpeakerSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class SpeakerMergeSchema(Schema):
    from_ = fields.Integer(data_key="from", required=True, validate=validate.Range(min=1, max=2**31 - 1),
                           metadata={"description": "The id of the speaker to fold into this one."})
