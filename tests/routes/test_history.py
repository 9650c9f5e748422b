import pytest

from tests.factories import make_claim

TEXT = '"We will cut taxes," Finance Minister Jane Roe said on Tuesday.'
TWO_QUOTES = ('"We will cut taxes," Finance Minister Jane Roe said on Tuesday. '
              '"Prices will fall," Central Bank Governor John Doe said.')


def annotated_document(client, text: str = TEXT) -> tuple[int, list[dict]]:
    response = client.post("/v1/documents?annotate=true", json={"title": "Budget day", "text": text})
    assert response.status_code == 201
    document_id = response.json["id"]
    claims = client.get(f"/v1/documents/{document_id}/claims").json["items"]
    assert claims, "the annotator should find the quotation"
    return document_id, sorted(claims, key=lambda c: c["span"]["start"])


def history(client, claim_id: int) -> list[dict]:
    response = client.get(f"/v1/claims/{claim_id}/history")
    assert response.status_code == 200
    return response.json["items"]


def test_create_edit_status_change_and_delete_are_listed_oldest_first_with_before_and_after(client, admin_client):
    created = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Taxes will fall."}).json
    claim_id = created["id"]
    assert client.patch(f"/v1/claims/{claim_id}", json={"statement": "Taxes will fall soon."}).status_code == 200
    assert client.patch(f"/v1/claims/{claim_id}", json={"status": "rejected"}).status_code == 200
    assert client.delete(f"/v1/claims/{claim_id}").status_code == 204

    events = history(admin_client, claim_id)

    assert [e["action"] for e in events] == ["create", "edit", "status", "delete"]
    assert {e["actor"] for e in events} == {"test-curator"}
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    create, edit, status, delete = events
    assert create["before"] is None
    assert (create["after"]["statement"], create["after"]["status"], create["after"]["version"]) == (
        "Taxes will fall.", "accepted", 1)
    assert (edit["before"]["statement"], edit["after"]["statement"]) == ("Taxes will fall.", "Taxes will fall soon.")
    assert (edit["before"]["version"], edit["after"]["version"]) == (1, 2)
    assert (status["before"]["status"], status["after"]["status"]) == ("accepted", "rejected")
    assert status["before"]["statement"] == status["after"]["statement"] == "Taxes will fall soon."
    assert delete["before"]["status"] == "rejected"
    assert delete["after"] is None


def test_a_deleted_claim_is_404_and_its_history_is_readable_only_by_admins(
        client, admin_client, reader_client, anonymous_client):
    claim_id = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Gone soon."}).json["id"]
    assert client.delete(f"/v1/claims/{claim_id}").status_code == 204

    for caller in (client, admin_client, reader_client, anonymous_client):
        assert caller.get(f"/v1/claims/{claim_id}").status_code == 404
    for caller in (client, reader_client, anonymous_client):
        response = caller.get(f"/v1/claims/{claim_id}/history")
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    assert [e["action"] for e in history(admin_client, claim_id)] == ["create", "delete"]


def test_history_of_a_claim_that_never_existed_is_404_even_for_admins(admin_client):
    assert admin_client.get("/v1/claims/987654/history").status_code == 404


def test_a_live_claims_history_is_readable_by_readers(client, reader_client):
    claim_id = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Here."}).json["id"]
    assert [e["action"] for e in history(reader_client, claim_id)] == ["create"]


def test_a_claim_made_by_the_cli_services_has_actor_cli(client, session):
    claim = make_claim(session, statement="From the command line.")
    assert [(e["actor"], e["action"]) for e in history(client, claim.id)] == [("cli", "create")]


def test_an_annotator_claims_history_starts_with_actor_annotator(client):
    _, claims = annotated_document(client)
    claim = claims[0]
    assert (claim["origin"], claim["status"]) == ("annotator", "pending")

    events = history(client, claim["id"])

    assert [(e["actor"], e["action"]) for e in events] == [("annotator", "create")]
    assert events[0]["after"]["statement"] == claim["statement"]
    assert events[0]["after"]["span"] == claim["span"]


def test_a_reviewed_annotator_claim_keeps_its_origin_and_survives_re_annotation(client):
    document_id, claims = annotated_document(client)
    claim_id = claims[0]["id"]

    reviewed = client.patch(f"/v1/claims/{claim_id}", json={"status": "accepted"})

    assert reviewed.status_code == 200
    body = reviewed.json
    assert (body["origin"], body["status"], body["edited_by"]) == ("annotator", "accepted", "test-curator")
    assert body["reviewed_at"] is not None
    assert client.post(f"/v1/documents/{document_id}/annotate").status_code == 200
    assert client.get(f"/v1/claims/{claim_id}").json == body
    after = client.get(f"/v1/documents/{document_id}/claims").json["items"]
    assert [c["id"] for c in after] == [claim_id]
    assert [(e["actor"], e["action"]) for e in history(client, claim_id)] == [
        ("annotator", "create"), ("test-curator", "status")]


def test_an_edit_without_review_sets_edited_by_but_not_reviewed_at(client):
    _, claims = annotated_document(client)
    body = client.patch(f"/v1/claims/{claims[0]['id']}", json={"statement": "We will cut",
                                                                "span": {"start": 1, "end": 12}}).json
    assert (body["origin"], body["status"], body["edited_by"], body["reviewed_at"]) == (
        "annotator", "pending", "test-curator", None)


def test_re_annotation_leaves_every_curated_claim_byte_for_byte_unchanged(client):
    document_id, (jane, john) = annotated_document(client, TWO_QUOTES)
    assert client.patch(f"/v1/claims/{jane['id']}", json={"statement": "We will cut",
                                                          "span": {"start": 1, "end": 12}}).status_code == 200
    assert client.patch(f"/v1/claims/{john['id']}", json={"status": "accepted"}).status_code == 200
    added = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Tuesday",
                                            "document_id": document_id, "span": {"start": 55, "end": 62}})
    assert added.status_code == 201
    curated = [jane["id"], john["id"], added.json["id"]]
    before = {i: (client.get(f"/v1/claims/{i}").get_data(), len(history(client, i))) for i in curated}

    for _ in range(2):
        response = client.post(f"/v1/documents/{document_id}/annotate")
        assert response.status_code == 200

    after = {i: (client.get(f"/v1/claims/{i}").get_data(), len(history(client, i))) for i in curated}
    assert after == before
    listed = client.get(f"/v1/documents/{document_id}/claims").json["items"]
    assert sorted(c["id"] for c in listed) == sorted(curated)


def test_re_annotation_does_not_re_create_a_claim_a_curator_rejected(client):
    document_id, claims = annotated_document(client)
    rejected = client.patch(f"/v1/claims/{claims[0]['id']}", json={"status": "rejected"}).json

    result = client.post(f"/v1/documents/{document_id}/annotate").json

    assert result["added"] == 0
    listed = client.get(f"/v1/documents/{document_id}/claims").json["items"]
    assert listed == [rejected]


def test_re_annotation_keeps_untouched_claims_without_new_history(client):
    document_id, claims = annotated_document(client)
    result = client.post(f"/v1/documents/{document_id}/annotate").json
    assert (result["added"], result["removed"]) == (0, 0)
    assert client.get(f"/v1/documents/{document_id}/claims").json["items"] == claims
    assert len(history(client, claims[0]["id"])) == 1


def test_a_span_moved_by_an_edit_of_the_document_text_is_a_reanchor_event(client):
    document_id, claims = annotated_document(client, TWO_QUOTES)
    claim = claims[1]
    assert client.patch(f"/v1/claims/{claim['id']}", json={"status": "accepted"}).status_code == 200
    prefix = "UPDATE: corrected the governor's title.\n\n"

    assert client.patch(f"/v1/documents/{document_id}", json={"text": prefix + TWO_QUOTES}).status_code == 200

    events = history(client, claim["id"])
    assert [(e["actor"], e["action"]) for e in events] == [
        ("annotator", "create"), ("test-curator", "status"), ("test-curator", "reanchor")]
    moved = events[-1]
    assert moved["before"]["span"] == claim["span"]
    assert moved["after"]["span"] == {"start": claim["span"]["start"] + len(prefix),
                                      "end": claim["span"]["end"] + len(prefix)}
    assert (moved["before"]["statement"], moved["after"]["span_stale"]) == (claim["statement"], False)
    assert moved["after"]["version"] == moved["before"]["version"] + 1


def test_a_speaker_merge_is_in_the_history_of_each_moved_claim(client):
    claim = client.post("/v1/claims", json={"speaker": "J. Roe", "statement": "Merged."}).json
    survivor = client.post("/v1/speakers", json={"name": "Jane Roe"}).json
    assert client.post(f"/v1/speakers/{survivor['id']}/merge",
                       json={"from": claim["speaker"]["id"]}).status_code == 200

    events = history(client, claim["id"])

    assert [(e["actor"], e["action"]) for e in events] == [("test-curator", "create"), ("test-curator", "merge")]
    assert events[1]["before"]["speaker_id"] == claim["speaker"]["id"]
    assert events[1]["after"]["speaker_id"] == survivor["id"]


@pytest.mark.parametrize("curated", [False, True])
def test_deleting_a_document_is_in_the_history_of_its_claims(client, admin_client, curated):
    document_id, claims = annotated_document(client)
    claim_id = claims[0]["id"]
    if curated:
        assert client.patch(f"/v1/claims/{claim_id}", json={"status": "accepted"}).status_code == 200

    assert client.delete(f"/v1/documents/{document_id}").status_code == 204

    last = history(admin_client, claim_id)[-1]
    assert last["actor"] == "test-curator"
    if curated:
        assert last["action"] == "edit"
        assert (last["before"]["document_id"], last["after"]["document_id"]) == (document_id, None)
        assert client.get(f"/v1/claims/{claim_id}").json["document"] is None
    else:
        assert last["action"] == "delete"
        assert client.get(f"/v1/claims/{claim_id}").status_code == 404


def test_a_claim_created_after_a_deletion_never_takes_the_deleted_claims_id_or_history(client, admin_client):
    deleted = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Secret draft."}).json["id"]
    assert client.delete(f"/v1/claims/{deleted}").status_code == 204

    created = client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "Public."}).json["id"]

    assert created != deleted
    assert [e["action"] for e in history(client, created)] == ["create"]
    assert [e["action"] for e in history(admin_client, deleted)] == ["create", "delete"]
