"""Every error leaves as RFC 9457 ``application/problem+json``: HTTP errors, validation errors, domain errors.

This is the single place that decides error output; the ``Api`` subclass also documents these bodies in
the spec under their real content type.
"""

from __future__ import annotations

import http
import logging

from flask import Response, json, request
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.utils import prepare_response
from marshmallow import RAISE
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from webargs.flaskparser import FlaskParser, abort
from werkzeug.exceptions import HTTPException

from ..errors import Conflict, DomainError, Invalid, InvalidItems, MovedTo, NotFound, PreconditionFailed
from ..schemas.common import ProblemSchema
from ..web import db_session

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


def problem(status: int, detail: str | None = None, *, type_: str = "about:blank", title: str | None = None,
            headers: dict | None = None, **extra) -> Response:
    body = {"type": type_, "title": title or http.HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class JsonBodyParser(FlaskParser):
    """A JSON body must be declared as JSON and present: anything else is a 415, not a pile of 422s.

    Unknown query parameters are refused (422 naming them) like unknown body fields: a misspelt filter
    (``speker=``) silently ignored would return everything instead of what was asked for.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}  # noqa: RUF012

    def load_json(self, req, schema):
        if not req.get_data(cache=True):
            abort(415, message="This operation needs a JSON body (Content-Type: application/json).")
        mimetype = req.mimetype or ""
        if not (mimetype == "application/json" or mimetype.endswith("+json")):
            abort(415, message=f"Send the body as application/json, not {mimetype or 'an undeclared type'}.")
        return super().load_json(req, schema)


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = JsonBodyParser()


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:
        data = getattr(error, "data", None) or {}
        # Keep the exception's own headers (Allow on 405, WWW-Authenticate on 401...).
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        headers.update(data.get("headers") or {})
        status = error.code or 500
        if status == 500:
            log.exception("unhandled error on %s %s", request.method, request.path)
            return problem(500, "The server failed on this request; it has been logged.", headers=headers)
        messages = data.get("messages")
        if status == 400 and messages:
            return problem(400, "The body is not valid JSON.", headers=headers)
        if status == 422 and messages:
            return problem(422, "Some values in the request are not acceptable.", type_="about:blank",
                           headers=headers, errors=messages)
        detail = data.get("message") or error.description
        return problem(status, detail, headers=headers)


def _rollback() -> None:
    try:
        db_session().rollback()
    except Exception:
        log.exception("rollback failed")


def _path_with_new_id(new_id: int) -> str:
    """The request's URL with the resource id (the first numeric segment after the collection) replaced."""
    parts = request.path.split("/")
    for index, part in enumerate(parts):
        if part.isdigit():
            parts[index] = str(new_id)
            break
    query = request.query_string.decode()
    return "/".join(parts) + (f"?{query}" if query else "")


def register_problem_handlers(app) -> None:
    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> Response:
        _rollback()
        return problem(404, error.detail)

    @app.errorhandler(Conflict)
    def _conflict(error: Conflict) -> Response:
        _rollback()
        extra = {"existing_id": error.existing_id} if error.existing_id is not None else {}
        return problem(409, error.detail, **extra)

    @app.errorhandler(Invalid)
    def _invalid(error: Invalid) -> Response:
        _rollback()
        return problem(422, "Some values in the request are not acceptable.",
                       errors={error.location: {error.field: [error.detail]}})

    @app.errorhandler(InvalidItems)
    def _invalid_items(error: InvalidItems) -> Response:
        _rollback()
        return problem(422, error.detail, errors={"json": {str(i): e for i, e in error.errors.items()}})

    @app.errorhandler(PreconditionFailed)
    def _precondition(error: PreconditionFailed) -> Response:
        _rollback()
        return problem(412, error.detail)

    @app.errorhandler(StaleDataError)
    def _lost_race(_error: StaleDataError) -> Response:
        # Another request changed the row between our read and our write (the version column caught it).
        _rollback()
        status = 412 if request.headers.get("If-Match") else 409
        return problem(status, "Another request changed this resource at the same time: read it again and retry.")

    @app.errorhandler(MovedTo)
    def _moved(error: MovedTo) -> Response:
        _rollback()
        location = _path_with_new_id(error.new_id)
        return problem(308, error.detail, headers={"Location": location}, new_id=error.new_id)

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> Response:
        _rollback()
        return problem(400, error.detail)

    @app.errorhandler(IntegrityError)
    def _integrity(_error: IntegrityError) -> Response:
        # A concurrent write won the race for a unique value between our check and our insert.
        _rollback()
        return problem(409, "The change conflicts with data written at the same time; read and retry.")

    @app.errorhandler(OperationalError)
    def _database_down(_error: OperationalError) -> Response:
        log.exception("database error")
        _rollback()
        return problem(503, "The database is not answering; retry later.", headers={"Retry-After": "5"})
