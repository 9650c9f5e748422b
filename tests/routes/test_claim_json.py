import datetime as dt

from api.schemas.claims import ClaimSchema
from api.services.claims import Span, get_claim
from tests.factories import make_claim, make_document


def _reviewed_claim_with_everything(session):
    document = make_document(session, url="https://news.example/a", source="TASS")
    claim = make_claim(session, speaker="Dmitry Peskov", statement="Text", date=dt.date(2024, 3, 27),
                       document_id=document.id, span=Span(0, 4), kind="direct", cue="said", confidence=0.25,
                       external_id="x-1")
    claim.status, claim.edited_by = "rejected", "curator-1"
    claim.reviewed_at = dt.datetime(2024, 3, 28, 12, 30, tzinfo=dt.UTC)
    session.commit()
    return claim


def test_claim_by_id_is_written_exactly_as_the_claim_schema_writes_it(client, session):
    full = _reviewed_claim_with_everything(session)
    bare = make_claim(session, speaker="Someone Else")
    for claim in (full, bare):
        expected = ClaimSchema().dump(get_claim(session, claim.id))
        assert client.get(f"/v1/claims/{claim.id}").json == expected


def test_claim_lists_are_written_exactly_as_the_claim_schema_writes_them(client, session):
    full = _reviewed_claim_with_everything(session)
    bare = make_claim(session, speaker="Dmitry Peskov")
    expected = [ClaimSchema().dump(get_claim(session, claim.id)) for claim in (full, bare)]
    for path in ("/v1/claims?sort=created", f"/v1/speakers/{full.speaker_id}/claims?sort=created"):
        assert client.get(path).json["items"] == expected
    assert client.get(f"/v1/documents/{full.document_id}/claims").json["items"] == expected[:1]
    assert [item for item in client.get("/v1/claims?q=statement&sort=relevance").json["items"]
            if item["id"] == bare.id] == expected[1:]


def test_a_created_claim_is_answered_exactly_as_the_claim_schema_writes_it(client, session):
    # The create answer is written by hand from the new model (no read-back): it must be the schema's
    # dump of the stored claim, the same as a later GET, by speaker id (the prepared speaker select) and
    # by name, with and without a document and span.
    document = make_document(session, text="Budget talks resume today.", url="https://news.example/b",
                             source="Reuters")
    speaker_id = make_claim(session, speaker="Dmitry Peskov").speaker_id
    session.commit()
    bodies = [
        {"speaker_id": speaker_id, "statement": "talks resume", "date": "2024-03-27", "document_id": document.id,
         "span": {"start": 7, "end": 19}, "kind": "direct", "cue": "said", "confidence": 0.3333333333333333,
         "external_id": "c-1"},
        {"speaker": "Jane Roe", "statement": "No comment."},
    ]
    for body in bodies:
        response = client.post("/v1/claims", json=body)
        assert response.status_code == 201, response.json
        session.rollback()  # a fresh snapshot: the claim was stored by the request's own session
        expected = ClaimSchema().dump(get_claim(session, response.json["id"]))
        assert response.json == expected
        assert client.get(f"/v1/claims/{response.json['id']}").json == expected
        assert response.headers["ETag"] == client.get(f"/v1/claims/{response.json['id']}").headers["ETag"]
