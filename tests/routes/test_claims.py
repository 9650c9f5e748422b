import datetime as dt

from api.services.claims import Span
from tests.factories import make_claim, make_document, make_speaker


def test_post_claim_by_speaker_name_creates_the_speaker_and_a_curator_claim(client):
    response = client.post("/v1/claims", json={"speaker": "Dmitry Peskov", "statement": "No comment.",
                                               "date": "2024-03-27", "source": "TASS"})
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"] == f"/v1/claims/{body['id']}"
    assert body["speaker"]["name"] == "Dmitry Peskov"
    assert (body["origin"], body["status"], body["version"]) == ("curator", "accepted", 1)
    assert (body["date"], body["source"], body["document"], body["span"]) == ("2024-03-27", "TASS", None, None)
    assert set(body) == {"id", "speaker", "statement", "date", "source", "document", "span", "span_stale", "kind", "cue",
                         "confidence", "origin", "status", "edited_by", "reviewed_at", "created_at", "updated_at",
                         "version", "external_id"}


def test_post_claim_resolves_the_speaker_through_aliases(client, session):
    speaker = make_speaker(session, "Dmitry Peskov", aliases=["Kremlin spokesman Dmitry Peskov"])
    for name in ("kremlin SPOKESMAN dmitry peskov", "Mr. Dmitry Peskov", "Dmitry  Peskov"):
        body = client.post("/v1/claims", json={"speaker": name, "statement": "Yes."}).json
        assert body["speaker"] == {"id": speaker.id, "name": "Dmitry Peskov"}, name


def test_post_claim_with_a_span_inside_its_document(client, session):
    document = make_document(session, text="Peskov said: no comment.", source="RT")
    response = client.post("/v1/claims", json={"speaker_id": make_speaker(session).id, "statement": "no comment",
                                               "document_id": document.id, "span": {"start": 13, "end": 23}})
    assert response.status_code == 201
    assert response.json["span"] == {"start": 13, "end": 23}
    assert response.json["source"] == "RT"
    assert response.json["document"]["id"] == document.id


def test_post_claim_rejects_spans_outside_the_text_or_without_a_document(client, session):
    document = make_document(session, text="Short text.")
    outside = client.post("/v1/claims", json={"speaker": "X", "statement": "s", "document_id": document.id,
                                              "span": {"start": 3, "end": 400}})
    assert outside.status_code == 422
    assert "span" in outside.json["errors"]["json"]
    alone = client.post("/v1/claims", json={"speaker": "X", "statement": "s", "span": {"start": 0, "end": 2}})
    assert alone.status_code == 422
    backwards = client.post("/v1/claims", json={"speaker": "X", "statement": "s", "document_id": document.id,
                                                "span": {"start": 5, "end": 2}})
    assert backwards.status_code == 422


def test_post_claim_with_an_unknown_document_or_speaker_id_is_a_422_naming_the_field(client):
    response = client.post("/v1/claims", json={"speaker": "X", "statement": "s", "document_id": 999})
    assert response.status_code == 422
    assert "document_id" in response.json["errors"]["json"]
    response = client.post("/v1/claims", json={"speaker_id": 999, "statement": "s"})
    assert response.status_code == 422
    assert "speaker_id" in response.json["errors"]["json"]


def test_post_claim_needs_exactly_one_of_speaker_and_speaker_id(client, session):
    speaker = make_speaker(session)
    assert client.post("/v1/claims", json={"statement": "s"}).status_code == 422
    both = client.post("/v1/claims", json={"statement": "s", "speaker": "Y", "speaker_id": speaker.id})
    assert both.status_code == 422


def test_patch_claim_changes_fields_and_increments_the_version(client, session):
    claim = make_claim(session, statement="Old words.")
    response = client.patch(f"/v1/claims/{claim.id}", json={"statement": "New words.", "date": "2020-02-02",
                                                            "status": "rejected", "speaker": "Someone Else"})
    assert response.status_code == 200
    body = response.json
    assert (body["statement"], body["date"], body["status"]) == ("New words.", "2020-02-02", "rejected")
    assert body["speaker"]["name"] == "Someone Else"
    assert body["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert client.patch(f"/v1/claims/{claim.id}", json={"statement": "New words."}).json["version"] == 2


def test_patch_claim_without_a_json_body_is_a_415_and_changes_nothing(client, session):
    claim = make_claim(session)
    assert client.patch(f"/v1/claims/{claim.id}").status_code == 415
    assert client.patch(f"/v1/claims/{claim.id}", data="statement=x",
                        content_type="application/x-www-form-urlencoded").status_code == 415
    assert client.get(f"/v1/claims/{claim.id}").json["version"] == 1


def test_patch_claim_cannot_change_its_origin(client, session):
    claim = make_claim(session)
    response = client.patch(f"/v1/claims/{claim.id}", json={"origin": "annotator"})
    assert response.status_code == 422
    assert "origin" in response.json["errors"]["json"]


def test_moving_a_claim_off_its_document_drops_the_span(client, session):
    document = make_document(session, text="Peskov said: no comment.")
    claim = make_claim(session, statement="no comment", document_id=document.id, span=Span(13, 23))
    body = client.patch(f"/v1/claims/{claim.id}", json={"document_id": None}).json
    assert (body["document"], body["span"]) == (None, None)


def test_delete_claim_is_204_then_404(client, session):
    claim = make_claim(session)
    assert client.delete(f"/v1/claims/{claim.id}").status_code == 204
    assert client.get(f"/v1/claims/{claim.id}").status_code == 404
    assert client.delete(f"/v1/claims/{claim.id}").status_code == 404


def test_claims_by_speaker_words_ignore_case_spacing_and_word_order_but_need_whole_words(client, session):
    make_speaker(session, "Dmitry Peskov", aliases=["Kremlin spokesman Dmitry Peskov"])
    peskov = make_claim(session, speaker="Dmitry Peskov")
    make_claim(session, speaker="Vladimir Putin")
    for query in ("peskov", "PESKOV", "Dmitry  Peskov", "peskov dmitry", "Kremlin spokesman", "Peskóv"):
        items = client.get("/v1/claims", query_string={"speaker": query}).json["items"]
        assert [c["id"] for c in items] == [peskov.id], query
    for query in ("pesk", "Dmitry Putin", "nobody at all"):
        response = client.get("/v1/claims", query_string={"speaker": query})
        assert response.status_code == 200
        assert response.json == {"items": [], "next_cursor": None}, query


def test_claims_filter_by_source_dates_status_origin_and_ids(client, session):
    document = make_document(session)
    a = make_claim(session, speaker="A", date=dt.date(2024, 1, 10), source="RT", document_id=document.id)
    b = make_claim(session, speaker="B", date=dt.date(2024, 2, 10), source="TASS", origin="annotator")
    c = make_claim(session, speaker="A", date=None, source="RT")

    def ids(**query):
        return [x["id"] for x in client.get("/v1/claims", query_string=query).json["items"]]

    assert ids(source="RT") == [a.id, c.id]
    assert ids(date_from="2024-01-10", date_to="2024-01-10") == [a.id]
    assert ids(date_from="2024-01-11") == [b.id]
    assert ids(status="pending") == [b.id]
    assert ids(origin="curator") == [a.id, c.id]
    assert ids(speaker_id=a.speaker_id) == [a.id, c.id]
    assert ids(document_id=document.id) == [a.id]


def test_claims_sort_orders_with_undated_last_and_ties_by_id(client, session):
    undated = make_claim(session, date=None)
    old = make_claim(session, date=dt.date(2020, 1, 1))
    new1 = make_claim(session, date=dt.date(2024, 1, 1))
    new2 = make_claim(session, date=dt.date(2024, 1, 1))

    def ids(sort):
        return [x["id"] for x in client.get(f"/v1/claims?sort={sort}").json["items"]]

    assert ids("-date") == [new2.id, new1.id, old.id, undated.id]
    assert ids("date") == [old.id, new1.id, new2.id, undated.id]
    assert ids("created") == [undated.id, old.id, new1.id, new2.id]
    assert ids("-created") == [new2.id, new1.id, old.id, undated.id]
    assert client.get("/v1/claims?sort=speaker").status_code == 422


# A span is where the document's text reads the statement.

SAID = "Peskov said: no comment. Later he added that talks would resume in the spring."


def test_post_claim_whose_span_does_not_read_its_statement_is_a_422_quoting_the_text(client, session):
    document = make_document(session, text=SAID)
    response = client.post("/v1/claims", json={"speaker": "Dmitry Peskov", "statement": "No comment at all.",
                                               "document_id": document.id, "span": {"start": 13, "end": 23}})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    [message] = response.json["errors"]["json"]["span"]
    assert '"no comment"' in message and "text[start:end] == statement" in message
    assert "leave the span out" in message
    assert client.get("/v1/claims").json["items"] == []


def test_a_span_mismatch_says_where_the_statement_stands_and_shortens_a_long_text(client, session):
    document = make_document(session, text=SAID + " " + "x" * 200)
    statement = "talks would resume in the spring"
    response = client.post("/v1/claims", json={"speaker": "Dmitry Peskov", "statement": statement,
                                               "document_id": document.id, "span": {"start": 0, "end": 250}})
    assert response.status_code == 422
    [message] = response.json["errors"]["json"]["span"]
    start = SAID.index(statement)
    assert f"start {start}, end {start + len(statement)}" in message
    assert "\u2026" in message and "x" * 100 not in message


def test_batch_items_whose_span_does_not_read_the_statement_are_named_and_nothing_is_stored(client, session):
    document = make_document(session, text=SAID)
    good = {"speaker": "Dmitry Peskov", "statement": "no comment", "document_id": document.id,
            "span": {"start": 13, "end": 23}}
    bad = {**good, "statement": "No comment."}
    response = client.post("/v1/claims:batch", json=[good, bad])
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"1"}
    assert '"no comment"' in response.json["errors"]["json"]["1"]["span"][0]
    assert client.get("/v1/claims").json["items"] == []


def test_patch_statement_away_from_its_span_is_a_422_and_changes_nothing(client, session):
    document = make_document(session, text=SAID)
    claim = make_claim(session, statement="no comment", document_id=document.id, span=Span(13, 23))
    response = client.patch(f"/v1/claims/{claim.id}", json={"statement": "No comment whatsoever."})
    assert response.status_code == 422
    [message] = response.json["errors"]["json"]["span"]
    assert '"no comment"' in message and '"span": null' in message
    body = client.get(f"/v1/claims/{claim.id}").json
    assert (body["statement"], body["span"], body["span_stale"], body["version"]) == (
        "no comment", {"start": 13, "end": 23}, False, 1)
    moved = client.patch(f"/v1/claims/{claim.id}", json={"span": {"start": 0, "end": 6}})
    assert moved.status_code == 422  # a new span must read the statement too


def test_patch_statement_with_a_matching_span_or_a_cleared_span_is_accepted(client, session):
    document = make_document(session, text=SAID)
    claim = make_claim(session, statement="no comment", document_id=document.id, span=Span(13, 23))
    start = SAID.index("talks")
    moved = client.patch(f"/v1/claims/{claim.id}", json={"statement": "talks would resume",
                                                         "span": {"start": start, "end": start + 18}})
    assert moved.status_code == 200
    assert (moved.json["span"], moved.json["span_stale"]) == ({"start": start, "end": start + 18}, False)
    cleared = client.patch(f"/v1/claims/{claim.id}", json={"statement": "Talks resume in spring.", "span": None})
    assert cleared.status_code == 200
    assert (cleared.json["span"], cleared.json["document"]["id"]) == (None, document.id)
    other = make_claim(session, statement="no comment", document_id=document.id, span=Span(13, 23))
    unlinked = client.patch(f"/v1/claims/{other.id}", json={"statement": "Nothing.", "document_id": None})
    assert unlinked.status_code == 200
    assert (unlinked.json["document"], unlinked.json["span"]) == (None, None)


def test_a_stale_claim_can_still_be_reviewed_without_moving_its_span(client, session):
    document = make_document(session, text=SAID)
    claim = make_claim(session, statement="no comment", document_id=document.id, span=Span(13, 23))
    edited = SAID.replace("no comment", "nothing to add")
    assert client.patch(f"/v1/documents/{document.id}", json={"text": edited}).status_code == 200
    assert client.get(f"/v1/claims/{claim.id}").json["span_stale"] is True
    reviewed = client.patch(f"/v1/claims/{claim.id}", json={"status": "rejected"})
    assert reviewed.status_code == 200
    assert (reviewed.json["status"], reviewed.json["span_stale"]) == ("rejected", True)
    assert client.patch(f"/v1/claims/{claim.id}", json={"statement": "nothing to add"}).status_code == 422
    fixed = client.patch(f"/v1/claims/{claim.id}", json={"statement": "nothing to add",
                                                         "span": {"start": 13, "end": 27}})
    assert (fixed.status_code, fixed.json["span_stale"]) == (200, False)
