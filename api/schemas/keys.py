"""API key shapes. The secret appears in exactly one response: the one that creates the key."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import NonBlankText, UTCDateTime


class KeySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(["reader", "curator", "admin"]))
    prefix = fields.String(required=True, metadata={"description": "The key's first characters, to tell keys "
                                                                   "apart without revealing them."})
    created_at = UTCDateTime(required=True)
    revoked_at = UTCDateTime(allow_none=True, required=True)


class NewKeySchema(KeySchema):
    key = fields.String(required=True, metadata={"description": "The secret. Shown once: store it now."})


class KeyCreateSchema(Schema):
    name = NonBlankText(required=True, validate=validate.Length(max=200),
                        metadata={"description": "Who or what uses the key; histories show this name."})
    role = fields.String(required=True, validate=validate.OneOf(["reader", "curator", "admin"]))


class KeyListSchema(Schema):
    items = fields.List(fields.Nested(KeySchema), required=True)
