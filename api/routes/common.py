"""Small helpers the resource blueprints share: ETags, Location, pagination headers."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, jsonify, request
from sqlalchemy.orm import Session

from ..schemas.claims import claim_json
from ..services.claims import list_claims
from ..services.paging import Page
from .conditional import etag

ID = "int(min=1, max=2147483647)"  # bounded: larger numbers name nothing, and must be a 404, not a 500


def page_response(page: Page, items: list, limit: int) -> tuple[dict, int, dict]:
    headers = {}
    if page.next_cursor is not None:
        next_url = f"{request.base_url}?{urlencode({'cursor': page.next_cursor, 'limit': limit})}"
        headers["Link"] = f'<{next_url}>; rel="next"'
    return {"items": items, "next_cursor": page.next_cursor}, 200, headers


def list_claims_response(session: Session, args: dict, **scope: int) -> Response:
    """One page of claims for the query-string ``args``, within ``scope`` (a speaker or a document from the
    path): the one list behind ``/v1/claims``, ``/v1/speakers/{id}/claims`` and ``/v1/documents/{id}/claims``."""
    limit, cursor, sort = args.pop("limit"), args.pop("cursor", None), args.pop("sort", None)
    page = list_claims(session, filters={**args, **scope}, sort=sort, limit=limit, cursor=cursor)
    return claim_page_response(page, limit)


def claim_response(row, status: int = 200) -> Response:
    """One claim row (``CLAIM_ROW``'s columns) as JSON written by hand, with its ETag: ``ClaimSchema``
    documents the shape (see ``schemas.claims.claim_json``)."""
    response = jsonify(claim_json(row))
    response.status_code = status
    response.headers["ETag"] = etag(row.version)
    return response


def claim_page_response(page: Page, limit: int) -> Response:
    """A page of claim rows as JSON written by hand: the response schema (``ClaimPageSchema``) documents the
    shape, but dumping through it was most of the list's cost (see ``schemas.claims.claim_json``)."""
    body, _, headers = page_response(page, [claim_json(row) for row in page.items], limit)
    response = jsonify(body)
    response.headers.update(headers)
    return response
