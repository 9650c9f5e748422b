"""Keyset pagination: opaque cursors that remember where a walk stopped, and for which query.

A cursor encodes the sort, the filters and the sort key of the last row served (``(claim_date, id)`` for
claims by date). The next page is "rows after that key" on an index, so it costs the same on page 1 and
page 1000 (no OFFSET) and rows inserted during a walk never shift it: every row that existed when the walk
began is served exactly once.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from ..errors import Invalid

CURSOR_VERSION = 1


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        if tag == "t" and isinstance(raw, str):
            parsed = dt.datetime.fromisoformat(raw)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        if tag == "d" and isinstance(raw, str):
            return dt.date.fromisoformat(raw)
    if value is None or isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value  # a relevance score: JSON keeps a float's exact value
    raise ValueError("bad key value")


def encode_cursor(kind: str, sort: str, filters: dict[str, Any], key: tuple[Any, ...]) -> str:
    payload = {
        "v": CURSOR_VERSION,
        "k": kind,
        "s": sort,
        "f": {name: _encode_value(value) for name, value in sorted(filters.items()) if value is not None},
        "p": [_encode_value(v) for v in key],
    }
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Cursor:
    sort: str
    filters: dict[str, Any]
    key: tuple[Any, ...]


def decode_cursor(token: str, kind: str, key_length: int | dict[str, int]) -> Cursor:
    """Parse a cursor made by ``encode_cursor`` for ``kind``; anything else is a 422 on ``cursor``.

    ``key_length`` may depend on the sort (a dict from sort to length) when the sorts key on different columns.
    """
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(payload, dict) or payload.get("v") != CURSOR_VERSION or payload.get("k") != kind:
            raise ValueError("not a cursor of this list")
        sort, filters, key = payload["s"], payload["f"], payload["p"]
        if not isinstance(sort, str) or not isinstance(filters, dict) or not isinstance(key, list):
            raise ValueError("bad cursor shape")  # noqa: TRY004 (the caller turns ValueError into a 400)
        expected = key_length.get(sort) if isinstance(key_length, dict) else key_length
        if len(key) != expected:
            raise ValueError("bad key length")
        return Cursor(
            sort=sort,
            filters={str(k): _decode_value(v) for k, v in filters.items()},
            key=tuple(_decode_value(v) for v in key),
        )
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as exc:
        raise Invalid("Malformed or foreign cursor: start again from the first page.", field="cursor",
                      location="query") from exc


Types = type | tuple[type, ...]
MAX_INT = 2**31 - 1


def _acceptable(value: Any, types: Types) -> bool:
    if isinstance(value, bool) or not isinstance(value, types):
        return False
    if isinstance(value, int):
        return -MAX_INT <= value <= MAX_INT
    if isinstance(value, str):
        return "\x00" not in value and len(value) <= 4000
    return True


def _check_types(cursor: Cursor, filter_types: dict[str, Types] | None,
                 key_types: dict[str, tuple[Types, ...]] | None) -> None:
    """A cursor is only as trustworthy as its client: its filters and keys must have the types (and the
    ranges) a request's own would, or a forged one could reach the database as a type error."""
    bad = False
    if filter_types is not None:
        bad = any(name not in filter_types or not _acceptable(value, filter_types[name])
                  for name, value in cursor.filters.items())
    if key_types is not None:
        expected = key_types.get(cursor.sort)
        bad = bad or expected is None or len(expected) != len(cursor.key) or not all(
            value is None and type(None) in (types if isinstance(types, tuple) else (types,))
            or _acceptable(value, types) for value, types in zip(cursor.key, expected, strict=True))
    if bad:
        raise Invalid("Malformed or foreign cursor: start again from the first page.", field="cursor",
                      location="query")


def resume(cursor_token: str | None, kind: str, sort: str | None, default_sort: str, filters: dict[str, Any],
           key_length: int | dict[str, int], *, filter_types: dict[str, Types] | None = None,
           key_types: dict[str, tuple[Types, ...]] | None = None,
           ) -> tuple[str, dict[str, Any], tuple[Any, ...] | None]:
    """The sort, filters and start key for this request.

    Without a cursor, the request's own. With one, the cursor's: a client may follow ``next_cursor`` alone.
    A request that repeats filters must repeat the same ones, or the walk would mix two queries.
    """
    if cursor_token is None:
        return sort or default_sort, {k: v for k, v in filters.items() if v is not None}, None
    cursor = decode_cursor(cursor_token, kind, key_length)
    _check_types(cursor, filter_types, key_types)
    given = {k: v for k, v in filters.items() if v is not None}
    if given and given != cursor.filters:
        raise Invalid("This cursor was made for other filters; drop them or start a new walk.",
                      field="cursor", location="query")
    if sort is not None and sort != cursor.sort:
        raise Invalid("This cursor was made for another sort; drop `sort` or start a new walk.",
                      field="cursor", location="query")
    return cursor.sort, cursor.filters, cursor.key
