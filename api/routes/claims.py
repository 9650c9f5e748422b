"""``/v1/claims``: the curated table. Query by speaker, date, source; add and correct claims."""

from __future__ import annotations

from flask import Response, url_for
from flask.views import MethodView

from ..errors import NotFound
from ..schemas.bulk import MEDIA_TYPES, WRITERS, ClaimBatchResultSchema, ClaimExportArgs
from ..schemas.claims import (
    ClaimCreateSchema,
    ClaimFilterArgs,
    ClaimHistorySchema,
    ClaimPageSchema,
    ClaimPatchSchema,
    ClaimSchema,
)
from ..services import bulk, history
from ..services import claims as service
from ..web import db_session, new_read_session
from .auth import current_actor, current_role
from .common import ID, claim_response, etag, list_claims_response
from .conditional import expected_version
from .problems import Blueprint

blp = Blueprint("claims", __name__, url_prefix="/v1", description="Who said what, when, and where.")
# The prefix stops at /v1 so that `/v1/claims:batch` (a custom method, colon and all) can be routed here too.


def _span(data: dict) -> dict:
    if "span" in data:
        span = data["span"]
        data["span"] = service.Span(span["start"], span["end"]) if span is not None else None
    return data


@blp.route("/claims")
class Claims(MethodView):
    @blp.doc(operationId="listClaims")
    @blp.arguments(ClaimFilterArgs(), location="query")  # an instance: webargs rebuilds a class per request
    @blp.response(200, ClaimPageSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """Find claims by speaker, document, source, date, status or origin

        `speaker` matches whole words of the speaker's name or of any alias, ignoring case, accents and punctuation. Newest first by default; undated claims come last. Follow `next_cursor` for the next page.
        """
        return list_claims_response(db_session(), args)

    @blp.doc(operationId="createClaim")
    @blp.arguments(ClaimCreateSchema())  # an instance: webargs rebuilds a class per request
    @blp.response(201, ClaimSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, data):
        """Add a claim

        Give the speaker by name (`speaker`: resolved through names and aliases, or created) or by `speaker_id`. A `span` needs a `document_id` and must be where that document's text reads the statement exactly (`text[start:end] == statement`); otherwise the answer is a 422 on `span` quoting what the text there reads. Claims added over HTTP have origin `curator` and status `accepted`.
        """
        session = db_session()
        claim = service.create_claim(session, origin="curator", actor=current_actor(), **_span(data))
        session.commit()
        response = claim_response(service.claim_row(claim), 201)
        response.headers["Location"] = url_for("claims.ClaimById", claim_id=claim.id)
        return response


EXPORT_RESPONSE = {
    "description": "The matching claims, streamed in id order: JSON lines (one claim per line, with its "
                   "speaker and document), CSV with a header row, or one JSON-LD document of schema.org "
                   "`Claim` objects under `@graph`.",
    "content": {
        MEDIA_TYPES["jsonl"]: {"schema": {"type": "string"}},
        MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
        MEDIA_TYPES["jsonld"]: {"schema": {"type": "object", "properties": {
            "@context": {"type": "string"}, "@graph": {"type": "array", "items": {"type": "object"}}}}},
    },
}


@blp.route("/claims/export")
class ClaimExport(MethodView):
    @blp.doc(operationId="exportClaims", responses={"200": EXPORT_RESPONSE})
    @blp.arguments(ClaimExportArgs, location="query")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """Export claims in bulk

        Takes the filters of the list; `format` is `jsonl` (default), `csv` or `jsonld`. The answer streams, so any number of claims comes out in constant memory. `claims import` reads the JSON lines and CSV back.
        """
        fmt = args.pop("format")
        session = new_read_session()  # the request's session closes before the body is sent

        def body():
            try:
                yield from WRITERS[fmt](bulk.export_claims(session, args))
            finally:
                session.close()

        return Response(body(), mimetype=MEDIA_TYPES[fmt])


@blp.route("/claims:batch")
class ClaimBatch(MethodView):
    @blp.doc(operationId="createClaimsBatch")
    @blp.arguments(ClaimCreateSchema(many=True))
    @blp.response(201, ClaimBatchResultSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, items):
        """Add up to 1,000 claims at once

        A JSON array of claims, each as `POST /v1/claims` takes it (a span must read its statement). All or nothing: if any item is not acceptable the answer is a 422 whose `errors.json` maps each bad item's index to its messages, and nothing is stored. Otherwise 201 with the created claims, in order.
        """
        session = db_session()
        claims = bulk.create_batch(session, [_span(item) for item in items], actor=current_actor())
        session.commit()
        return {"items": claims}, 201


@blp.route(f"/claims/<{ID}:claim_id>")
class ClaimById(MethodView):
    @blp.doc(operationId="getClaim")
    @blp.response(200, ClaimSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, claim_id):
        """Read a claim

        With its speaker, its document and its provenance.
        """
        return claim_response(service.read_claim(db_session(), claim_id))

    @blp.doc(operationId="updateClaim")
    @blp.arguments(ClaimPatchSchema)
    @blp.response(200, ClaimSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def patch(self, data, claim_id):
        """Correct a claim or review it

        Only the fields sent change; `{}` changes nothing. Every real change increments `version`. A claim's span must read its statement (`text[start:end] == statement`): a new `statement` on a claim with a span comes with the matching `span`, or with `"span": null` (or `"document_id": null`) to clear it, and a new `span` or `document_id` must read the statement too; otherwise the answer is a 422 on `span` quoting what the text there reads, and nothing changes. A span so placed is current (`span_stale` false). A review (`status` alone) of a claim whose span is stale needs no span.
        """
        session = db_session()
        claim = service.update_claim(session, claim_id, _span(data), actor=current_actor(),
                                     expected_version=expected_version())
        session.commit()
        return claim, 200, {"ETag": etag(claim.version)}

    @blp.doc(operationId="deleteClaim")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, claim_id):
        """Delete a claim

        The claim is gone for good.
        """
        session = db_session()
        service.delete_claim(session, claim_id, actor=current_actor(), expected_version=expected_version())
        session.commit()


@blp.route(f"/claims/<{ID}:claim_id>/history")
class ClaimHistory(MethodView):
    @blp.doc(operationId="getClaimHistory")
    @blp.response(200, ClaimHistorySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, claim_id):
        """Read a claim's history

        Every change of the claim, oldest first: who (`actor`: an API key's name, `cli` or `annotator`),
        when, the action (`create`, `edit`, `status`, `merge`, `delete`, `import`, or `reanchor`: the
        document's text was edited and the span moved to where the statement now stands) and the values
        before and after.
        The history of a deleted claim stays readable by admins.
        """
        session = db_session()
        if not history.claim_exists(session, claim_id) and (
                current_role() != "admin" or not history.claim_was_deleted(session, claim_id)):
            raise NotFound(f"Claim {claim_id} does not exist.")
        return {"items": history.claim_history(session, claim_id)}
