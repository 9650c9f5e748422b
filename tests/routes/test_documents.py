import datetime as dt

from tests.factories import make_claim, make_document

TEXT = "The minister said the plan would work. “We are ready,” she told reporters."


def post_document(client, **overrides):
    body = {"title": "A report", "text": TEXT, "source": "Example News", "url": "https://example.org/a",
            "published_on": "2024-03-27", "language": "en", "author": "A. Writer"}
    body.update(overrides)
    return client.post("/v1/documents", json=body)


def test_post_document_returns_201_with_location_etag_and_the_stored_document(client):
    response = post_document(client)
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"] == f"/v1/documents/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    assert body["text"] == TEXT
    assert body["published_on"] == "2024-03-27"
    assert body["version"] == 1
    assert body["created_at"].endswith("Z")
    assert client.get(response.headers["Location"]).json == body


def test_post_document_with_an_existing_url_is_a_409_naming_the_existing_id(client):
    first = post_document(client).json
    response = post_document(client, text="Another text entirely.")
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert response.json["existing_id"] == first["id"]


def test_post_document_with_the_same_text_up_to_whitespace_and_nfc_is_a_409(client):
    first = post_document(client, text="Caf\u00e9 talk.\nShe said   so.").json
    response = post_document(client, url=None, text="Cafe\u0301 talk. She said so.  ")
    assert response.status_code == 409
    assert response.json["existing_id"] == first["id"]


def test_list_documents_filters_by_source_and_publication_dates(client, session):
    make_document(session, source="RT", published_on=dt.date(2016, 4, 27))
    make_document(session, source="RT", published_on=dt.date(2024, 3, 27))
    make_document(session, source="Al Jazeera", published_on=dt.date(2022, 1, 12))
    body = client.get("/v1/documents?source=RT&published_from=2020-01-01").json
    assert [(d["source"], d["published_on"]) for d in body["items"]] == [("RT", "2024-03-27")]
    assert "text" not in body["items"][0]
    both = client.get("/v1/documents?published_from=2016-04-27&published_to=2022-01-12").json["items"]
    assert sorted(d["published_on"] for d in both) == ["2016-04-27", "2022-01-12"]


def test_patch_document_changes_only_the_sent_fields_and_bumps_the_version(client):
    created = post_document(client).json
    response = client.patch(f"/v1/documents/{created['id']}", json={"title": "Corrected"})
    assert response.status_code == 200
    assert response.json["title"] == "Corrected"
    assert response.json["source"] == "Example News"
    assert response.json["version"] == 2
    assert response.headers["ETag"] == '"2"'


def test_patch_document_with_an_empty_object_changes_nothing(client):
    created = post_document(client).json
    response = client.patch(f"/v1/documents/{created['id']}", json={})
    assert response.status_code == 200
    assert response.json["version"] == 1


def test_patch_document_to_another_documents_text_is_a_409(client):
    first = post_document(client).json
    second = post_document(client, url="https://example.org/b", text="Different words.").json
    response = client.patch(f"/v1/documents/{second['id']}", json={"text": TEXT})
    assert response.status_code == 409
    assert response.json["existing_id"] == first["id"]
    assert client.get(f"/v1/documents/{second['id']}").json["text"] == "Different words."


def test_delete_document_removes_untouched_annotator_claims_and_keeps_the_others(client, session):
    document = make_document(session, text=TEXT)
    untouched = make_claim(session, document_id=document.id, origin="annotator", span=None)
    reviewed = make_claim(session, document_id=document.id, origin="annotator")
    client.patch(f"/v1/claims/{reviewed.id}", json={"status": "accepted"})
    from api.services.claims import Span

    curated = make_claim(session, statement=TEXT[0:12], document_id=document.id, span=Span(0, 12))
    response = client.delete(f"/v1/documents/{document.id}")
    assert response.status_code == 204
    assert client.get(f"/v1/documents/{document.id}").status_code == 404
    assert client.get(f"/v1/claims/{untouched.id}").status_code == 404
    for survivor in (reviewed, curated):
        body = client.get(f"/v1/claims/{survivor.id}").json
        assert body["document"] is None
        assert body["span"] is None
        assert body["statement"] == survivor.statement


def test_document_claims_lists_only_that_documents_claims(client, session):
    document = make_document(session)
    other = make_document(session)
    mine = make_claim(session, document_id=document.id)
    make_claim(session, document_id=other.id)
    body = client.get(f"/v1/documents/{document.id}/claims").json
    assert [c["id"] for c in body["items"]] == [mine.id]
    assert body["items"][0]["document"] == {"id": document.id, "title": document.title, "url": None}


def test_unknown_document_ids_are_404_for_every_method(client):
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {}} if method == "patch" else {}
        response = getattr(client, method)("/v1/documents/424242", **kwargs)
        assert response.status_code == 404, method
        assert response.content_type == "application/problem+json"
    assert client.get("/v1/documents/424242/claims").status_code == 404


def test_post_document_validates_fields(client):
    response = client.post("/v1/documents", json={"title": " ", "text": "x", "url": "not a url",
                                                  "published_on": "2024-13-01"})
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"title", "url", "published_on"}


# Editing a document's text: protected claims follow their statements.

JANE = 'The budget was published on Monday. "We will cut taxes next year," Finance Minister Jane Roe said.'
JOHN = '"This budget is a fantasy," said opposition leader John Doe.'
ANN = '"Prices will fall by the summer," Central Bank Governor Ann Lee said on Tuesday.'
STORY = f"{JANE}\n\n{JOHN}\n\n{ANN}"
UPDATE = "UPDATE: This story has been updated with a response from the opposition.\n\n"


def protected_story(client, text=STORY):
    """The story annotated, its three claims accepted, rejected and edited by a curator, and one curated claim."""
    document_id = client.post("/v1/documents?annotate=true", json={"title": "Budget", "text": text}).json["id"]
    jane, john, ann = sorted(client.get(f"/v1/documents/{document_id}/claims").json["items"],
                             key=lambda c: c["span"]["start"])
    assert "Jane" in jane["speaker"]["name"] and "Ann" in ann["speaker"]["name"]
    assert client.patch(f"/v1/claims/{jane['id']}", json={"status": "accepted"}).status_code == 200
    assert client.patch(f"/v1/claims/{john['id']}", json={"status": "rejected"}).status_code == 200
    start = text.index("Prices")
    edit = {"statement": "Prices will fall", "span": {"start": start, "end": start + 16}}  # a curator's cut
    assert client.patch(f"/v1/claims/{ann['id']}", json=edit).status_code == 200
    start = text.index("The budget was published")
    curated = client.post("/v1/claims", json={"speaker": "Example News", "statement": "The budget was published",
                                              "document_id": document_id,
                                              "span": {"start": start, "end": start + 24}})
    assert curated.status_code == 201
    ids = {"jane": jane["id"], "john": john["id"], "ann": ann["id"], "curated": curated.json["id"]}
    return document_id, {name: client.get(f"/v1/claims/{i}").json for name, i in ids.items()}


def edit_text(client, document_id, text):
    response = client.patch(f"/v1/documents/{document_id}", json={"text": text})
    assert response.status_code == 200, response.json
    return response


def reads_its_statement(claim, text):
    return text[claim["span"]["start"]:claim["span"]["end"]] == claim["statement"] and not claim["span_stale"]


def test_prepending_a_line_moves_every_protected_span_and_records_the_move(client):
    document_id, before = protected_story(client)
    new_text = UPDATE + STORY

    edit_text(client, document_id, new_text)

    for name, old in before.items():
        claim = client.get(f"/v1/claims/{old['id']}").json
        assert reads_its_statement(claim, new_text), name
        assert claim["span"] == {"start": old["span"]["start"] + len(UPDATE), "end": old["span"]["end"] + len(UPDATE)}
        assert (claim["statement"], claim["status"], claim["version"]) == (
            old["statement"], old["status"], old["version"] + 1)
        last = client.get(f"/v1/claims/{old['id']}/history").json["items"][-1]
        assert (last["action"], last["actor"]) == ("reanchor", "test-curator")
        assert (last["before"]["span"], last["after"]["span"]) == (old["span"], claim["span"])
        assert last["after"]["span_stale"] is False


def test_inserting_a_paragraph_moves_only_the_spans_after_it(client):
    document_id, before = protected_story(client)
    inserted = "Markets barely moved after the announcement, and bond yields stayed flat through the afternoon."
    new_text = f"{JANE}\n\n{inserted}\n\n{JOHN}\n\n{ANN}"

    edit_text(client, document_id, new_text)

    after = {name: client.get(f"/v1/claims/{old['id']}").json for name, old in before.items()}
    assert all(reads_its_statement(claim, new_text) for claim in after.values())
    for name in ("jane", "curated"):
        assert after[name] == before[name], name  # untouched: same span, same version, no new event
        assert client.get(f"/v1/claims/{before[name]['id']}/history").json["items"][-1]["action"] != "reanchor"
    for name in ("john", "ann"):
        assert after[name]["span"]["start"] == before[name]["span"]["start"] + len(inserted) + 2, name


def test_a_duplicated_paragraph_keeps_each_span_on_the_occurrence_nearest_its_old_place(client):
    document_id, before = protected_story(client)
    new_text = f"{ANN}\n\n{STORY}"  # Ann Lee's paragraph copied to the top: her claim stays at the bottom

    edit_text(client, document_id, new_text)

    ann = client.get(f"/v1/claims/{before['ann']['id']}").json
    assert reads_its_statement(ann, new_text)
    assert ann["span"]["start"] == before["ann"]["span"]["start"] + len(ANN) + 2
    assert new_text.index(ann["statement"]) < ann["span"]["start"]  # not merely the first occurrence


def test_deleting_a_claims_sentence_flags_only_that_claim_stale(client):
    document_id, before = protected_story(client)
    new_text = f"{JANE}\n\n{ANN}"

    edit_text(client, document_id, new_text)

    john = client.get(f"/v1/claims/{before['john']['id']}").json
    assert john["span_stale"] is True
    assert (john["statement"], john["span"]) == (before["john"]["statement"], before["john"]["span"])
    assert client.get(f"/v1/claims/{john['id']}/history").json["items"][-1]["action"] == "edit"
    for name in ("jane", "ann", "curated"):
        assert reads_its_statement(client.get(f"/v1/claims/{before[name]['id']}").json, new_text), name
    # Putting the sentence back puts the claim back on it, current again.
    edit_text(client, document_id, STORY)
    john = client.get(f"/v1/claims/{before['john']['id']}").json
    assert reads_its_statement(john, STORY) and john["span"] == before["john"]["span"]


def test_a_changed_statement_text_is_stale_even_if_the_paragraph_is_still_there(client):
    document_id, before = protected_story(client)
    new_text = STORY.replace("Prices will fall", "Prices will drop")

    edit_text(client, document_id, new_text)

    assert client.get(f"/v1/claims/{before['ann']['id']}").json["span_stale"] is True
    assert client.get(f"/v1/claims/{before['jane']['id']}").json == before["jane"]
