import pytest

from tests.factories import make_claim, make_speaker


@pytest.fixture
def pair(session):
    survivor = make_speaker(session, "Jane Roe", description="Finance minister")
    other = make_speaker(session, "J. A. Roe", aliases=["Jay Andrews Roe"])
    claims = [make_claim(session, speaker="J. A. Roe", statement=f"Other said {n}.").id for n in range(2)]
    kept = make_claim(session, speaker="Jane Roe", statement="Survivor said.").id
    return survivor.id, other.id, claims, kept


def merge(client, into: int, other: int, **headers):
    return client.post(f"/v1/speakers/{into}/merge", json={"from": other}, headers=headers)


def test_merge_moves_the_claims_and_aliases_and_makes_the_name_an_alias(client, pair):
    survivor, other, moved, kept = pair

    response = merge(client, survivor, other)

    assert response.status_code == 200
    body = response.json
    assert (body["id"], body["name"], body["claim_count"]) == (survivor, "Jane Roe", 3)
    assert sorted(body["aliases"]) == ["J. A. Roe", "Jay Andrews Roe"]
    assert body["version"] == 2
    assert response.headers["ETag"] == '"2"'
    for claim_id in moved:
        claim = client.get(f"/v1/claims/{claim_id}").json
        assert claim["speaker"] == {"id": survivor, "name": "Jane Roe"}
        assert claim["version"] == 2
    listed = client.get(f"/v1/speakers/{survivor}/claims").json["items"]
    assert sorted(c["id"] for c in listed) == sorted([*moved, kept])


def test_after_a_merge_the_merged_name_and_aliases_find_the_claims_under_the_survivor(client, pair):
    survivor, other, moved, _ = pair
    assert merge(client, survivor, other).status_code == 200

    for name in ("J. A. Roe", "Jay Andrews Roe"):
        found = client.get("/v1/claims", query_string={"speaker": name}).json["items"]
        assert sorted(c["id"] for c in found) >= sorted(moved), name
        assert {c["speaker"]["id"] for c in found} == {survivor}, name
    speakers = client.get("/v1/speakers", query_string={"q": "Andrews"}).json["items"]
    assert [s["id"] for s in speakers] == [survivor]


def test_a_claim_posted_under_the_merged_name_goes_to_the_survivor(client, pair):
    survivor, other, _, _ = pair
    assert merge(client, survivor, other).status_code == 200
    created = client.post("/v1/claims", json={"speaker": "J. A. Roe", "statement": "Later."}).json
    assert created["speaker"]["id"] == survivor


def test_the_merged_id_redirects_to_the_survivor_on_every_speaker_path(client, reader_client, pair):
    survivor, other, _, _ = pair
    assert merge(client, survivor, other).status_code == 200

    read = reader_client.get(f"/v1/speakers/{other}")
    assert read.status_code in (301, 308)
    assert read.headers["Location"] == f"/v1/speakers/{survivor}"
    assert read.content_type == "application/problem+json"
    claims = reader_client.get(f"/v1/speakers/{other}/claims", query_string={"limit": 1})
    assert claims.status_code in (301, 308)
    assert claims.headers["Location"] == f"/v1/speakers/{survivor}/claims?limit=1"
    patch = client.patch(f"/v1/speakers/{other}", json={"description": "Changed"})
    assert patch.status_code == 308
    assert patch.headers["Location"] == f"/v1/speakers/{survivor}"
    delete = client.delete(f"/v1/speakers/{other}")
    assert delete.status_code == 308
    assert delete.headers["Location"] == f"/v1/speakers/{survivor}"
    assert client.get(f"/v1/speakers/{survivor}").json["description"] == "Finance minister"


def test_following_the_redirect_reaches_the_survivor(client, pair):
    survivor, other, _, _ = pair
    assert merge(client, survivor, other).status_code == 200
    response = client.get(f"/v1/speakers/{other}", follow_redirects=True)
    assert response.status_code == 200
    assert response.json["id"] == survivor


def test_merging_a_speaker_into_itself_is_a_422_and_changes_nothing(client, pair):
    survivor, _, _, _ = pair
    before = client.get(f"/v1/speakers/{survivor}").json
    response = merge(client, survivor, survivor)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "from" in response.json["errors"]["json"]
    assert client.get(f"/v1/speakers/{survivor}").json == before


def test_merging_from_an_unknown_id_is_a_422(client, pair):
    survivor, _, _, _ = pair
    response = merge(client, survivor, 987654)
    assert response.status_code == 422
    assert "from" in response.json["errors"]["json"]
    assert client.get(f"/v1/speakers/{survivor}").json["version"] == 1


def test_merging_into_an_unknown_speaker_is_a_404(client, pair):
    _, other, _, _ = pair
    assert merge(client, 987654, other).status_code == 404
    assert client.get(f"/v1/speakers/{other}").status_code == 200


def test_merging_needs_a_curator_key(reader_client, anonymous_client, pair):
    survivor, other, _, _ = pair
    assert merge(reader_client, survivor, other).status_code == 403
    assert merge(anonymous_client, survivor, other).status_code == 401
    assert reader_client.get(f"/v1/speakers/{other}").status_code == 200


def test_adding_an_alias_that_belongs_to_another_speaker_is_a_409(client, pair):
    survivor, other, _, _ = pair
    for taken in ("Jay Andrews Roe", "jay  ANDREWS roe", "J. A. Roe"):
        response = client.patch(f"/v1/speakers/{survivor}", json={"aliases": ["Jane", taken]})
        assert response.status_code == 409, taken
        assert response.content_type == "application/problem+json"
    assert client.get(f"/v1/speakers/{survivor}").json["aliases"] == []
    assert client.get(f"/v1/speakers/{other}").json["aliases"] == ["Jay Andrews Roe"]


def test_merging_a_speaker_that_received_a_redirect_sends_old_ids_to_the_final_survivor(client, session):
    first = make_speaker(session, "Jane Roe").id
    second = make_speaker(session, "J. Roe").id
    third = make_speaker(session, "Janet Roe").id
    claim = make_claim(session, speaker="Jane Roe", statement="Oldest.").id
    assert merge(client, second, first).status_code == 200

    assert merge(client, third, second).status_code == 200

    for old in (first, second):
        response = client.get(f"/v1/speakers/{old}")
        assert response.status_code in (301, 308), old
        assert response.headers["Location"] == f"/v1/speakers/{third}", old
    assert client.get(f"/v1/claims/{claim}").json["speaker"]["id"] == third
    assert sorted(client.get(f"/v1/speakers/{third}").json["aliases"]) == ["J. Roe", "Jane Roe"]


def test_merging_from_an_id_that_was_already_merged_is_a_422(client, pair, session):
    survivor, other, _, _ = pair
    third = make_speaker(session, "Someone Else").id
    assert merge(client, survivor, other).status_code == 200
    assert merge(client, third, other).status_code == 422
    assert client.get(f"/v1/speakers/{third}").json["claim_count"] == 0


def test_a_speaker_created_after_a_merge_never_takes_the_merged_id(client, session):
    survivor = make_speaker(session, "Jane Roe").id
    other = make_speaker(session, "John Doe").id
    assert merge(client, survivor, other).status_code == 200

    created = client.post("/v1/speakers", json={"name": "Somebody New"}).json

    assert created["id"] != other
    redirect = client.get(f"/v1/speakers/{other}")
    assert redirect.status_code == 308
    assert redirect.headers["Location"] == f"/v1/speakers/{survivor}"
