"""The HTTP side of ``Idempotency-Key``: claim the key before the view runs, store its answer after."""

from __future__ import annotations

import hashlib
import json

from flask import Flask, Response, current_app, g, request
from webargs.flaskparser import abort

from ..services import idempotency
from ..web import close_request_session

HEADER = "Idempotency-Key"
NOT_REPLAYED = frozenset({"keys"})
REPLAYED_HEADERS = ("Location", "ETag", "Content-Type")


def _request_hash() -> str:
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode() if raw else b""
    except ValueError:
        body = raw
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.full_path.encode(), body):
        digest.update(part + b"\0")
    return digest.hexdigest()


def _own_session():
    return current_app.extensions["claims.sessionmaker"]()


def init_idempotency(app: Flask) -> None:
    @app.before_request
    def _claim_key() -> Response | None:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or g.get("api_key") is None:
            return None
        if request.blueprint in NOT_REPLAYED:
            return None  # a replay would have to keep the new key's secret: keys are never stored in clear
        if not 1 <= len(key) <= 255 or not key.isprintable():
            abort(422, messages={"header": {HEADER: ["Use 1 to 255 printable characters."]}})
        with _own_session() as session:
            try:
                outcome = idempotency.claim_key(session, api_key_id=g.api_key.id, key=key,
                                                request_hash=_request_hash())
            except idempotency.Mismatch:
                abort(422, messages={"header": {HEADER: ["This key was used with a different request."]}})
            except idempotency.InProgress:
                abort(409, message="The first request with this Idempotency-Key is still running; retry later.",
                      headers={"Retry-After": "1"})
        if isinstance(outcome, idempotency.Replay):
            response = Response(outcome.body, status=outcome.status_code)
            for name, value in outcome.headers.items():
                response.headers[name] = value
            response.headers["Idempotent-Replayed"] = "true"
            return response
        g.idempotency_record = outcome.record_id
        return None

    @app.after_request
    def _store_answer(response: Response) -> Response:
        record_id = g.pop("idempotency_record", None)
        if record_id is None:
            return response
        close_request_session()  # the view's work is committed; its session must not block this write
        with _own_session() as session:
            if response.status_code >= 500:
                idempotency.release(session, record_id)
            else:
                headers = {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
                idempotency.finish(session, record_id, status_code=response.status_code,
                                   body=response.get_data(as_text=True), headers=headers)
        return response
