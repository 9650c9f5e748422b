"""Request ids and the request log: every request gets an id, echoed in ``X-Request-ID`` and in its log lines.

A caller's (or a proxy's) ``X-Request-ID`` is kept when it is sane (1-128 characters of letters, digits
and ``-_.:@/+=``), so one id follows a request across services; otherwise one is generated. Log records
made while a request is handled carry it as ``request_id`` (``RequestIdFilter``, installed on the handlers
by ``claims serve``); outside a request it is ``-``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9\-_.:@/+=]{1,128}")
log = logging.getLogger("api.request")


def current_request_id() -> str:
    if has_request_context():
        return g.get("request_id", "-")
    return "-"


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id``: the id of the request being handled, or ``-``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def init_request_id(app: Flask) -> None:
    @app.before_request
    def _assign_request_id() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SANE.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _echo_and_log(response: Response) -> Response:
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers[HEADER] = request_id
        elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        log.info("%s %s %s %.1fms", request.method, request.full_path.rstrip("?"), response.status_code,
                 elapsed_ms)
        return response
