from tests.factories import make_claim, make_speaker


def test_post_speaker_returns_201_with_aliases_and_claim_count(client):
    response = client.post("/v1/speakers", json={"name": "Dmitry Peskov", "kind": "person",
                                                 "description": "Kremlin spokesman",
                                                 "aliases": ["Peskov", "Dmitri Peskov"]})
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"] == f"/v1/speakers/{body['id']}"
    assert body == {"id": body["id"], "name": "Dmitry Peskov", "kind": "person",
                    "description": "Kremlin spokesman", "aliases": ["Peskov", "Dmitri Peskov"],
                    "claim_count": 0, "version": 1}


def test_post_speaker_whose_name_is_another_speakers_alias_is_a_409(client, session):
    peskov = make_speaker(session, aliases=["Peskov"])
    response = client.post("/v1/speakers", json={"name": "PESKOV"})
    assert response.status_code == 409
    assert response.json["existing_id"] == peskov.id


def test_speaker_search_matches_the_start_of_any_word_of_name_or_alias(client, session):
    make_speaker(session, "Dmitry Peskov", aliases=["Kremlin spokesman"])
    make_speaker(session, "Vladimir Putin")
    make_speaker(session, "Maria Zakharova")
    names = lambda q: [s["name"] for s in client.get(f"/v1/speakers?q={q}").json["items"]]
    assert names("pes") == ["Dmitry Peskov"]
    assert names("krem") == ["Dmitry Peskov"]
    assert names("VLAD") == ["Vladimir Putin"]
    assert names("") == ["Dmitry Peskov", "Maria Zakharova", "Vladimir Putin"]
    assert names("eskov") == []


def test_speakers_sorted_by_claims_lists_the_most_quoted_first(client, session):
    make_speaker(session, "Quiet Person")
    for _ in range(3):
        make_claim(session, speaker="Loud Person")
    make_claim(session, speaker="Middle Person")
    body = client.get("/v1/speakers?sort=-claims").json
    assert [(s["name"], s["claim_count"]) for s in body["items"]] == [
        ("Loud Person", 3), ("Middle Person", 1), ("Quiet Person", 0)]


def test_patch_speaker_replaces_aliases_as_a_whole_list(client, session):
    speaker = make_speaker(session, aliases=["Peskov", "Dmitri Peskov"])
    response = client.patch(f"/v1/speakers/{speaker.id}", json={"aliases": ["Peskov", "D. Peskov"],
                                                                 "description": "Kremlin spokesman"})
    assert response.status_code == 200
    assert response.json["aliases"] == ["Peskov", "D. Peskov"]
    assert response.json["version"] == 2
    assert client.get("/v1/claims?speaker=dmitri").status_code == 200


def test_patch_speaker_with_another_speakers_alias_is_a_409_and_changes_nothing(client, session):
    putin = make_speaker(session, "Vladimir Putin", aliases=["Putin"])
    peskov = make_speaker(session, "Dmitry Peskov")
    response = client.patch(f"/v1/speakers/{peskov.id}", json={"aliases": ["Putin"]})
    assert response.status_code == 409
    assert response.json["existing_id"] == putin.id
    assert client.get(f"/v1/speakers/{peskov.id}").json["aliases"] == []


def test_rename_speaker_to_a_taken_name_is_a_409(client, session):
    make_speaker(session, "Vladimir Putin")
    peskov = make_speaker(session, "Dmitry Peskov")
    assert client.patch(f"/v1/speakers/{peskov.id}", json={"name": "vladimir  PUTIN"}).status_code == 409


def test_delete_speaker_with_claims_is_a_409_and_without_claims_a_204(client, session):
    claim = make_claim(session, speaker="Dmitry Peskov")
    speaker_id = claim.speaker_id
    assert client.delete(f"/v1/speakers/{speaker_id}").status_code == 409
    assert client.delete(f"/v1/claims/{claim.id}").status_code == 204
    assert client.delete(f"/v1/speakers/{speaker_id}").status_code == 204
    assert client.get(f"/v1/speakers/{speaker_id}").status_code == 404


def test_speaker_claims_lists_that_speakers_claims_with_filters(client, session):
    import datetime as dt

    mine = make_claim(session, speaker="Dmitry Peskov", date=dt.date(2024, 3, 1))
    make_claim(session, speaker="Dmitry Peskov", date=dt.date(2023, 3, 1))
    make_claim(session, speaker="Vladimir Putin", date=dt.date(2024, 3, 1))
    body = client.get(f"/v1/speakers/{mine.speaker_id}/claims?date_from=2024-01-01").json
    assert [c["id"] for c in body["items"]] == [mine.id]
    assert client.get("/v1/speakers/99999/claims").status_code == 404
