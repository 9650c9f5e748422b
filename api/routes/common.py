"""Small helpers the resource blueprints share: ETags, Location, pagination headers."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from ..services.paging import Page
from .conditional import etag  # noqa: F401  (re-exported for the resource blueprints)

ID = "int(min=1, max=2147483647)"  # bounded: larger numbers name nothing, and must be a 404, not a 500


def page_response(page: Page, items: list, limit: int) -> tuple[dict, int, dict]:
    headers = {}
    if page.next_cursor is not None:
        next_url = f"{request.base_url}?{urlencode({'cursor': page.next_cursor, 'limit': limit})}"
        headers["Link"] = f'<{next_url}>; rel="next"'
    return {"items": items, "next_cursor": page.next_cursor}, 200, headers
