"""What every operation shares, written into the spec in one place: who may call it, and the headers
and answers of conditional and idempotent requests. Keeps the spec in step with ``auth.py``,
``conditional.py`` and ``idempotency.py`` without repeating decorators on every view."""

from __future__ import annotations

from apispec import BasePlugin

BEARER = {"bearerAuth": []}
PUBLIC_PATHS = ("/v1/health",)
VERSIONED_PREFIXES = ("/v1/claims/{claim_id}", "/v1/documents/{document_id}", "/v1/speakers/{speaker_id}")

SECURITY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key, from `claims keys create` or `POST /v1/keys`. Reads need none unless the "
                   "service runs with `CLAIMS_PUBLIC_READ=false`; writes need a curator or admin key; "
                   "`/v1/keys` needs an admin key.",
}

IF_MATCH = {
    "name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
    "description": "The ETag you read. If the resource has changed since, nothing is done and the answer "
                   "is 412. Required (428 without it) when the service runs with `CLAIMS_REQUIRE_IF_MATCH=true`.",
}
IF_NONE_MATCH = {
    "name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
    "description": "An ETag you hold; if it is still current the answer is 304 with no body.",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Any unique string. A retry with the same key and the same body within 24 hours gets "
                   "the first answer instead of a second resource; the same key with another body is a 422, "
                   "and a retry while the first request still runs a 409.",
}


class ContractPlugin(BasePlugin):
    """An apispec plugin: adds security requirements and conditional-request parameters to operations."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            if path.startswith(PUBLIC_PATHS):
                operation["security"] = []
                continue
            if path.startswith("/v1/keys") or method != "get":
                operation["security"] = [BEARER]
                responses.setdefault("401", "UNAUTHORIZED")
                responses.setdefault("403", "FORBIDDEN")
            else:
                operation["security"] = [{}, BEARER]
                responses.setdefault("401", "UNAUTHORIZED")
            parameters = operation.setdefault("parameters", [])
            versioned = any(path == prefix for prefix in VERSIONED_PREFIXES)
            if method in ("patch", "delete") and versioned:
                parameters.append(IF_MATCH)
                responses.setdefault("412", "PRECONDITION_FAILED")
                responses.setdefault("428", "PRECONDITION_REQUIRED")
            if method == "get" and versioned:
                parameters.append(IF_NONE_MATCH)
                responses.setdefault("304", "NOT_MODIFIED")
            if method == "post" and not path.startswith("/v1/keys"):
                parameters.append(IDEMPOTENCY_KEY)
                responses.setdefault("409", "CONFLICT")
                responses.setdefault("422", "UNPROCESSABLE_ENTITY")
            if path.startswith("/v1/speakers/{speaker_id}"):
                responses.setdefault("308", {
                    "description": "The speaker was merged into another: follow `Location`.",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                })
