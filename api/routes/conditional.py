"""HTTP preconditions: ``If-Match`` on writes (optimistic concurrency) and ``If-None-Match`` on reads."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from webargs.flaskparser import abort


def etag(version: int) -> str:
    """A strong entity tag derived from the resource's version."""
    return f'"{version}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def expected_version() -> frozenset[int] | None:
    """The versions the caller's ``If-Match`` accepts (any listed tag may match), None when it sets none.

    Tags that cannot be ours (weak, malformed) never match: a list of only those makes the write fail
    with 412. With ``CLAIMS_REQUIRE_IF_MATCH=true`` a write without ``If-Match`` is refused with 428.
    """
    header = request.headers.get("If-Match")
    if header is None:
        if current_app.extensions["claims.settings"].require_if_match:
            abort(428, message="Send `If-Match` with the ETag you read, so no one else's change is lost.")
        return None
    tags = _tags(header)
    if "*" in tags:
        return None
    return frozenset(int(tag[1:-1]) for tag in tags
                     if len(tag) >= 3 and tag[0] == tag[-1] == '"' and tag[1:-1].isdigit())


def init_conditional_get(app: Flask) -> None:
    @app.after_request
    def _not_modified(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        current = response.headers.get("ETag")
        wanted = request.headers.get("If-None-Match")
        if current and wanted and (current in _tags(wanted) or "*" in _tags(wanted)):
            not_modified = Response(status=304)
            not_modified.headers["ETag"] = current
            return not_modified
        return response
