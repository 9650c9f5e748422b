import datetime as dt

from sqlalchemy import select

from api.models import Claim, Speaker
from api.services.annotation import annotate_document
from tests.factories import make_document

TEXT = (
    'The budget was published on Monday. "We will cut taxes next year," Finance Minister Jane Roe said. '
    "Roe added that the plan was fully funded.\n\n"
    '"This budget is a fantasy," said opposition leader John Doe. '
    "According to the Treasury, the deficit will fall by half."
)


def annotator_claims(session, document_id):
    session.expire_all()
    return list(session.scalars(select(Claim).where(Claim.document_id == document_id).order_by(Claim.id)))


def snapshot(claim):
    return {c.name: getattr(claim, c.name) for c in Claim.__table__.columns}


def test_annotating_stores_pending_annotator_claims_with_resolved_speakers(session):
    document = make_document(session, text=TEXT, source="Example News", published_on=dt.date(2024, 3, 6))
    result = annotate_document(session, document.id)
    session.commit()
    claims = annotator_claims(session, document.id)
    assert result.added == len(claims) > 0
    assert {(c.origin, c.status, c.version) for c in claims} == {("annotator", "pending", 1)}
    assert all(TEXT[c.span_start:c.span_end] == c.statement for c in claims)
    assert all(c.source == "Example News" for c in claims)
    names = set(session.scalars(select(Speaker.name).where(Speaker.id.in_({c.speaker_id for c in claims}))))
    assert "Jane Roe" in names


def test_annotating_twice_changes_nothing(session):
    document = make_document(session, text=TEXT)
    annotate_document(session, document.id)
    session.commit()
    before = [snapshot(c) for c in annotator_claims(session, document.id)]
    again = annotate_document(session, document.id)
    session.commit()
    assert (again.added, again.removed, again.kept) == (0, 0, len(before))
    assert [snapshot(c) for c in annotator_claims(session, document.id)] == before


def test_reannotation_never_touches_curated_reviewed_or_edited_claims(client, session):
    document = make_document(session, text=TEXT)
    annotate_document(session, document.id)
    session.commit()
    first, second, *_rest = annotator_claims(session, document.id)
    assert client.patch(f"/v1/claims/{first.id}", json={"status": "rejected"}).status_code == 200
    first_word, rest = second.statement.split(" ", 1)  # a curator drops the first word
    edit = {"statement": rest, "span": {"start": second.span_start + len(first_word) + 1, "end": second.span_end}}
    assert TEXT[edit["span"]["start"]:edit["span"]["end"]] == edit["statement"]
    assert client.patch(f"/v1/claims/{second.id}", json=edit).status_code == 200
    curated = client.post("/v1/claims", json={"speaker": "Someone", "statement": TEXT[0:35],
                                              "document_id": document.id,
                                              "span": {"start": 0, "end": 35}}).json
    protected_before = {c.id: snapshot(c) for c in annotator_claims(session, document.id)
                        if c.id in (first.id, second.id, curated["id"])}
    response = client.post(f"/v1/documents/{document.id}/annotate")
    assert response.status_code == 200
    assert response.json["removed"] == 0
    after = annotator_claims(session, document.id)
    assert {c.id: snapshot(c) for c in after if c.id in protected_before} == protected_before
    # The rejected and the edited claim are not re-created as pending twins.
    spans = [(c.span_start, c.span_end) for c in after]
    assert spans.count((first.span_start, first.span_end)) == 1
    assert spans.count((second.span_start, second.span_end)) == 1


def test_editing_the_text_reannotates_and_moves_the_spans_of_protected_claims(client, session):
    document = make_document(session, text=TEXT)
    annotate_document(session, document.id)
    session.commit()
    reviewed = annotator_claims(session, document.id)[0]
    client.patch(f"/v1/claims/{reviewed.id}", json={"status": "accepted"})
    new_text = "Breaking. " + TEXT
    response = client.patch(f"/v1/documents/{document.id}", json={"text": new_text})
    assert response.status_code == 200
    body = client.get(f"/v1/claims/{reviewed.id}").json
    assert body["span_stale"] is False
    assert body["statement"] == reviewed.statement
    assert body["span"] == {"start": reviewed.span_start + 10, "end": reviewed.span_end + 10}
    pending = client.get(f"/v1/documents/{document.id}/claims?status=pending").json["items"]
    assert pending and all(new_text[c["span"]["start"]:c["span"]["end"]] == c["statement"] for c in pending)
    assert reviewed.statement not in [c["statement"] for c in pending]


def test_editing_the_text_flags_a_protected_claim_whose_words_are_gone_until_a_curator_moves_it(client, session):
    document = make_document(session, text=TEXT)
    annotate_document(session, document.id)
    session.commit()
    reviewed = annotator_claims(session, document.id)[0]
    client.patch(f"/v1/claims/{reviewed.id}", json={"status": "accepted"})
    new_text = TEXT.replace("next year", "this year")
    assert client.patch(f"/v1/documents/{document.id}", json={"text": new_text}).status_code == 200
    body = client.get(f"/v1/claims/{reviewed.id}").json
    assert body["span_stale"] is True
    assert (body["statement"], body["span"]) == (reviewed.statement,
                                                 {"start": reviewed.span_start, "end": reviewed.span_end})
    fixed = client.patch(f"/v1/claims/{reviewed.id}", json={
        "statement": new_text[reviewed.span_start:reviewed.span_end],
        "span": {"start": reviewed.span_start, "end": reviewed.span_end}}).json
    assert fixed["span_stale"] is False


# A claim a curator rejected is never re-created, wherever its words now stand.

UPDATE = "UPDATE: This story has been updated with a response from the opposition party.\n\n"


def rejected_claim(client, session, text=TEXT):
    document = make_document(session, text=text)
    annotate_document(session, document.id)
    session.commit()
    claim = next(c for c in annotator_claims(session, document.id) if "fantasy" in c.statement)
    assert client.patch(f"/v1/claims/{claim.id}", json={"status": "rejected"}).status_code == 200
    return document, claim


def pending_statements(client, document_id):
    return [c["statement"] for c in
            client.get(f"/v1/documents/{document_id}/claims?status=pending&limit=500").json["items"]]


def test_a_rejected_claim_is_not_re_created_after_a_line_is_prepended(client, session):
    document, rejected = rejected_claim(client, session)
    assert len(UPDATE) > rejected.span_end - rejected.span_start  # the old and new spans do not overlap
    assert client.patch(f"/v1/documents/{document.id}", json={"text": UPDATE + TEXT}).status_code == 200
    assert client.post(f"/v1/documents/{document.id}/annotate").json["added"] == 0
    assert rejected.statement not in pending_statements(client, document.id)
    assert pending_statements(client, document.id)  # the other claims are found again
    body = client.get(f"/v1/claims/{rejected.id}").json
    assert (body["status"], body["span_stale"], body["span"]["start"]) == (
        "rejected", False, rejected.span_start + len(UPDATE))


def test_a_rejected_claim_is_not_re_created_where_its_paragraph_was_copied(client, session):
    document, rejected = rejected_claim(client, session)
    paragraph = TEXT[TEXT.index("\n\n") + 2:]
    new_text = paragraph + "\n\n" + TEXT
    assert client.patch(f"/v1/documents/{document.id}", json={"text": new_text}).status_code == 200
    assert rejected.statement not in pending_statements(client, document.id)


def test_a_rejected_claim_whose_span_was_cleared_or_went_stale_is_not_re_created(client, session):
    document, rejected = rejected_claim(client, session)
    assert client.patch(f"/v1/claims/{rejected.id}", json={"span": None}).status_code == 200
    assert client.post(f"/v1/documents/{document.id}/annotate").json["added"] == 0
    new_text = TEXT.replace("The budget was published on Monday.", "The budget came out on Monday morning.")
    assert client.patch(f"/v1/documents/{document.id}", json={"text": new_text}).status_code == 200
    statements = pending_statements(client, document.id)
    assert statements and rejected.statement not in statements


def test_a_rejected_statement_is_matched_whatever_its_case_spacing_and_edge_punctuation(client, session):
    document, _rejected = rejected_claim(client, session)
    new_text = UPDATE + TEXT.replace('"This budget is a fantasy," said', '"This  budget is a FANTASY" said')
    assert client.patch(f"/v1/documents/{document.id}", json={"text": new_text}).status_code == 200
    assert not [s for s in pending_statements(client, document.id) if "FANTASY" in s]


def test_post_document_with_annotate_true_answers_with_claims_already_stored(client):
    response = client.post("/v1/documents?annotate=true", json={"title": "Budget", "text": TEXT})
    assert response.status_code == 201
    claims = client.get(f"/v1/documents/{response.json['id']}/claims").json["items"]
    assert any(c["speaker"]["name"] == "Jane Roe" for c in claims)
    plain = client.post("/v1/documents", json={"title": "Copy", "text": TEXT + " More."})
    assert client.get(f"/v1/documents/{plain.json['id']}/claims").json["items"] == []


def test_annotate_an_unknown_document_is_a_404(client):
    assert client.post("/v1/documents/4242/annotate").status_code == 404


def test_speakers_are_shared_across_documents_through_names_and_aliases(client, session):
    first = make_document(session, text=TEXT)
    second = make_document(session, text='"Taxes will fall," Jane Roe said on Friday. ' + "x" * 10)
    annotate_document(session, first.id)
    annotate_document(session, second.id)
    session.commit()
    roes = client.get("/v1/speakers?q=roe").json["items"]
    assert [s["name"] for s in roes] == ["Jane Roe"]
    assert roes[0]["claim_count"] >= 2
