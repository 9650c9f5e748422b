"""``/v1/documents``: store, read, correct and delete documents; list a document's claims."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from ..schemas.claims import ClaimPageSchema, DocumentClaimFilterArgs
from ..schemas.documents import (
    AnnotateArgs,
    AnnotationResultSchema,
    DocumentCreateSchema,
    DocumentDetailSchema,
    DocumentPageSchema,
    DocumentPatchSchema,
    DocumentQueryArgs,
)
from ..services import annotation as annotation_service
from ..services import documents as service
from ..web import db_session
from .auth import current_actor
from .common import ID, etag, list_claims_response, page_response
from .conditional import expected_version
from .problems import Blueprint

blp = Blueprint("documents", __name__, url_prefix="/v1/documents",
                description="News articles and transcripts, stored whole.")


@blp.route("")
class Documents(MethodView):
    @blp.doc(operationId="listDocuments")
    @blp.arguments(DocumentQueryArgs, location="query")
    @blp.response(200, DocumentPageSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """List documents in the order they were stored

        Filter by outlet (`source`), by publication day (`published_from`, `published_to`, inclusive) and by words of the title or text (`q`). Items leave out the text; read one document to get it.
        """
        limit = args.pop("limit")
        page = service.list_documents(db_session(), limit=limit, cursor=args.pop("cursor", None),
                                      source=args.get("source"), published_from=args.get("published_from"),
                                      published_to=args.get("published_to"), q=args.get("q"),
                                      sort=args.get("sort"))
        return page_response(page, page.items, limit)

    @blp.doc(operationId="createDocument")
    @blp.arguments(DocumentCreateSchema)
    @blp.arguments(AnnotateArgs, location="query")
    @blp.response(201, DocumentDetailSchema)
    @blp.alt_response(409, response="CONFLICT", description="A document with this URL or text exists; "
                                                            "`existing_id` names it.")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, data, args):
        """Store a document

        The same URL or the same text (after Unicode NFC and whitespace collapsing) is one document: a second copy answers 409 with `existing_id`. The new document is queued for the annotation workers (`annotation_status: queued`); with `annotate=true` its claims are extracted before the answer (`done`).
        """
        session = db_session()
        document = annotation_service.store_document(session, data, annotate=args["annotate"])
        session.commit()
        return document, 201, {"Location": url_for("documents.DocumentById", document_id=document.id),
                               "ETag": etag(document.version)}


@blp.route(f"/<{ID}:document_id>")
class DocumentById(MethodView):
    @blp.doc(operationId="getDocument")
    @blp.response(200, DocumentDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, document_id):
        """Read a document with its text

        The full text is the one that claim spans point into (offsets are Unicode code points).
        """
        document = service.get_document(db_session(), document_id)
        return document, 200, {"ETag": etag(document.version)}

    @blp.doc(operationId="updateDocument")
    @blp.arguments(DocumentPatchSchema)
    @blp.response(200, DocumentDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def patch(self, data, document_id):
        """Correct a document's text or metadata

        Only the fields sent change; `{}` changes nothing. A new text or URL that another document has answers 409. A new text is annotated again at once. Curated, reviewed, edited and rejected claims keep their statement; each span follows its statement's exact words to where the new text reads them (the occurrence nearest the span's old relative position; a `reanchor` event in the claim's history), and only a claim whose words are gone is flagged `span_stale`.
        """
        session = db_session()
        document = annotation_service.revise_document(session, document_id, data, actor=current_actor(),
                                                      expected_version=expected_version())
        session.commit()
        return document, 200, {"ETag": etag(document.version)}

    @blp.doc(operationId="deleteDocument")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, document_id):
        """Delete a document; curated claims survive without it

        Claims the annotator made that nobody has touched go with the document. Every other claim stays, with its document link and span cleared.
        """
        session = db_session()
        service.delete_document(session, document_id, actor=current_actor(), expected_version=expected_version())
        session.commit()


@blp.route(f"/<{ID}:document_id>/annotate")
class DocumentAnnotation(MethodView):
    @blp.doc(operationId="annotateDocument")
    @blp.response(200, AnnotationResultSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, document_id):
        """Annotate a document again

        Replaces the document's untouched annotator claims (pending, never edited) with the annotator's
        current output. Curated, reviewed or edited claims are never changed, and no claim overlapping one
        is added; nor is a claim whose statement a curator rejected in this document, wherever it stands.
        No body is needed.
        """
        session = db_session()
        result = annotation_service.annotate_document(session, document_id)
        session.commit()
        return result


@blp.route(f"/<{ID}:document_id>/claims")
class DocumentClaims(MethodView):
    @blp.doc(operationId="listDocumentClaims")
    @blp.arguments(DocumentClaimFilterArgs, location="query")
    @blp.response(200, ClaimPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, document_id):
        """List the claims found in a document

        Takes the same filters, sort and pagination as `GET /v1/claims`.
        """
        session = db_session()
        service.get_document(session, document_id)
        return list_claims_response(session, args, document_id=document_id)
