"""Fields and schemas shared by every resource."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate

MAX_DB_INT = 2**31 - 1  # ids are 32-bit on PostgreSQL; larger numbers can name nothing


class Text(fields.String):
    """A string the databases can store: PostgreSQL refuses NUL characters, so they are a 422 here.

    The rule is also written into the spec as a ``pattern``, so clients and fuzzers know it up front.
    """

    PATTERN = "^[^\\u0000]*$"

    def __init__(self, *args, **kwargs) -> None:
        kwargs["metadata"] = {"pattern": self.PATTERN, **kwargs.get("metadata", {})}
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in result:
            raise ValidationError("NUL characters are not allowed.")
        return result


class NonBlankText(Text):
    """Text that must hold something besides whitespace."""

    PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if not result.strip():
            raise ValidationError("Must not be blank.")
        return result


class UTCDateTime(fields.DateTime):
    """RFC 3339 timestamps in UTC; SQLite hands back naive values that are UTC by construction."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def Id(**kwargs) -> fields.Integer:
    """An integer id as it can appear in a request: positive and within the database's range.

    Not strict: JSON Schema counts ``7.0`` as an integer, so the service does too.
    """
    return fields.Integer(validate=validate.Range(min=1, max=MAX_DB_INT), **kwargs)


SEARCH_SYNTAX = (
    "Every word must appear (case ignored, accents kept, no stemming); `\"a phrase\"` must appear as "
    "written; `-word` or `-\"a phrase\"` must not. Nothing else is an operator: `AND`, `OR`, `*` and "
    "punctuation are text. A query with no word to look for (only exclusions, or only punctuation) is a 422."
)


class SearchText(Text):
    """A full-text query: at most 500 characters; its syntax is checked by the search service."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("validate", validate.Length(min=1, max=500))
        kwargs["metadata"] = {"examples": ['inflation "interest rates" -forecast'], **kwargs.get("metadata", {})}
        super().__init__(**kwargs)


class PageArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
                           metadata={"description": "Items per page, 1 to 500."})
    cursor = Text(validate=validate.Length(max=4000),
                  metadata={"description": "`next_cursor` of the previous page; it carries that page's sort "
                                           "and filters."})


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(metadata={"description": "A URI naming the kind of problem."})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "On 422: each location (`json`, `query`) mapped to its "
                                                  "fields and their messages."})
    existing_id = fields.Integer(metadata={"description": "On 409: the id of the resource in the way."})
