"""``/v1/speakers``: people and organisations, their aliases, and their claims."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from ..models import Speaker
from ..schemas.claims import ClaimPageSchema, SpeakerClaimFilterArgs
from ..schemas.speakers import (
    SpeakerCreateSchema,
    SpeakerMergeSchema,
    SpeakerPageSchema,
    SpeakerPatchSchema,
    SpeakerQueryArgs,
    SpeakerSchema,
)
from ..services import speakers as service
from ..web import db_session
from .auth import current_actor
from .common import ID, etag, list_claims_response, page_response
from .conditional import expected_version
from .problems import Blueprint

blp = Blueprint("speakers", __name__, url_prefix="/v1/speakers",
                description="People and organisations that make claims, with their aliases.")


def speaker_view(speaker: Speaker, claim_count: int) -> dict:
    return {"id": speaker.id, "name": speaker.name, "kind": speaker.kind, "description": speaker.description,
            "aliases": [a.alias for a in speaker.aliases], "claim_count": claim_count,
            "version": speaker.version}


def _one(speaker: Speaker, status: int = 200) -> tuple[dict, int, dict]:
    count = service.claim_counts(db_session(), [speaker.id]).get(speaker.id, 0)
    headers = {"ETag": etag(speaker.version)}
    if status == 201:
        headers["Location"] = url_for("speakers.SpeakerById", speaker_id=speaker.id)
    return speaker_view(speaker, count), status, headers


@blp.route("")
class Speakers(MethodView):
    @blp.doc(operationId="listSpeakers")
    @blp.arguments(SpeakerQueryArgs, location="query")
    @blp.response(200, SpeakerPageSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """Find speakers by the start of any word of their name or aliases

        Ordered by name, or with `sort=-claims` by the number of claims, most quoted first.
        """
        limit = args["limit"]
        page = service.list_speakers(db_session(), q=args.get("q"), sort=args.get("sort"), limit=limit,
                                     cursor=args.get("cursor"))
        return page_response(page, [speaker_view(r.speaker, r.claim_count) for r in page.items], limit)

    @blp.doc(operationId="createSpeaker")
    @blp.arguments(SpeakerCreateSchema)
    @blp.response(201, SpeakerSchema)
    @blp.alt_response(409, response="CONFLICT", description="The name or an alias already names a speaker.")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, data):
        """Create a speaker

        The name and every alias must be free: a name or alias that already names a speaker (after normalisation) answers 409.
        """
        session = db_session()
        speaker = service.create_speaker(session, **data)
        session.commit()
        return _one(speaker, 201)


@blp.route(f"/<{ID}:speaker_id>")
class SpeakerById(MethodView):
    @blp.doc(operationId="getSpeaker")
    @blp.response(200, SpeakerSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, speaker_id):
        """Read a speaker

        With its aliases and its number of claims.
        """
        return _one(service.get_speaker(db_session(), speaker_id))

    @blp.doc(operationId="updateSpeaker")
    @blp.arguments(SpeakerPatchSchema)
    @blp.response(200, SpeakerSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def patch(self, data, speaker_id):
        """Rename a speaker, or change its kind, description or aliases

        `aliases` replaces the whole list. A name or alias that belongs to another speaker answers 409.
        """
        session = db_session()
        speaker = service.update_speaker(session, speaker_id, data, expected_version=expected_version())
        session.commit()
        return _one(speaker)

    @blp.doc(operationId="deleteSpeaker")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="Claims still refer to this speaker.")
    def delete(self, speaker_id):
        """Delete a speaker that has no claims

        While claims refer to the speaker the answer is 409: move or delete them first.
        """
        session = db_session()
        service.delete_speaker(session, speaker_id, actor=current_actor(), expected_version=expected_version())
        session.commit()


@blp.route(f"/<{ID}:speaker_id>/merge")
class SpeakerMerge(MethodView):
    @blp.doc(operationId="mergeSpeakers")
    @blp.arguments(SpeakerMergeSchema)
    @blp.response(200, SpeakerSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, data, speaker_id):
        """Merge another speaker into this one

        Moves the other speaker's claims and aliases (its name becomes an alias) onto this speaker. The
        other speaker's id then redirects here (308), so stored links keep working.
        """
        session = db_session()
        speaker = service.merge_speakers(session, speaker_id, data["from_"], actor=current_actor(),
                                         expected_version=expected_version())
        session.commit()
        return _one(speaker)


@blp.route(f"/<{ID}:speaker_id>/claims")
class SpeakerClaims(MethodView):
    @blp.doc(operationId="listSpeakerClaims")
    @blp.arguments(SpeakerClaimFilterArgs, location="query")
    @blp.response(200, ClaimPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, speaker_id):
        """List a speaker's claims

        Takes the same filters, sort and pagination as `GET /v1/claims`.
        """
        session = db_session()
        service.get_speaker(session, speaker_id)
        return list_claims_response(session, args, speaker_id=speaker_id)
