import dataclasses

import pytest

from api.app import create_app
from tests.conftest import client_with
from tests.factories import make_claim, make_document, make_speaker

# Each resource: how to make one, a PATCH body that changes it, and the field that body changes.
RESOURCES = {
    "claim": (lambda s: make_claim(s, statement="Before."), "/v1/claims/{}", {"statement": "After."}, "statement"),
    "document": (lambda s: make_document(s, title="Before"), "/v1/documents/{}", {"title": "After"}, "title"),
    "speaker": (lambda s: make_speaker(s, "Jane Roe", description="Before"), "/v1/speakers/{}",
                {"description": "After"}, "description"),
}


@pytest.fixture(params=sorted(RESOURCES))
def resource(request, session):
    make, path, change, field = RESOURCES[request.param]
    return path.format(make(session).id), change, field


def test_get_sends_a_strong_etag_derived_from_the_version(client, resource):
    url, _, _ = resource
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{response.json["version"]}"' == '"1"'


def test_patch_with_the_current_etag_succeeds_and_returns_the_new_one(client, resource):
    url, change, field = resource
    tag = client.get(url).headers["ETag"]

    response = client.patch(url, json=change, headers={"If-Match": tag})

    assert response.status_code == 200
    assert response.json[field] == change[field]
    assert response.headers["ETag"] == '"2"'
    assert client.get(url).headers["ETag"] == '"2"'


def test_patch_with_a_stale_etag_returns_412_and_changes_nothing(client, resource):
    url, change, field = resource
    first = client.patch(url, json=change, headers={"If-Match": '"1"'})
    assert first.status_code == 200
    before = client.get(url).get_data()

    stale = client.patch(url, json={field: "Lost update"}, headers={"If-Match": '"1"'})

    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert stale.json["status"] == 412
    assert client.get(url).get_data() == before


@pytest.mark.parametrize("tag", ['W/"1"', '"01x"', "1", '""'])
def test_patch_with_a_weak_or_malformed_etag_returns_412(client, resource, tag):
    url, change, _ = resource
    before = client.get(url).get_data()
    assert client.patch(url, json=change, headers={"If-Match": tag}).status_code == 412
    assert client.get(url).get_data() == before


def test_patch_with_a_list_of_etags_succeeds_when_one_is_current(client, resource):
    url, change, _ = resource
    assert client.patch(url, json=change, headers={"If-Match": '"7", "1"'}).status_code == 200


def test_patch_with_if_match_star_succeeds(client, resource):
    url, change, field = resource
    response = client.patch(url, json=change, headers={"If-Match": "*"})
    assert response.status_code == 200
    assert response.json[field] == change[field]


def test_patch_without_if_match_is_allowed_by_default(client, resource):
    url, change, field = resource
    response = client.patch(url, json=change)
    assert response.status_code == 200
    assert response.json[field] == change[field]


def test_delete_with_a_stale_etag_returns_412_and_keeps_the_resource(client, resource):
    url, change, _ = resource
    assert client.patch(url, json=change).status_code == 200
    before = client.get(url).get_data()

    response = client.delete(url, headers={"If-Match": '"1"'})

    assert response.status_code == 412
    assert response.content_type == "application/problem+json"
    assert client.get(url).get_data() == before


def test_delete_with_the_current_etag_succeeds(client, resource):
    url, change, _ = resource
    assert client.patch(url, json=change).status_code == 200
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    assert client.get(url).status_code == 404


def test_delete_with_if_match_star_succeeds(client, resource):
    url, _, _ = resource
    assert client.delete(url, headers={"If-Match": "*"}).status_code == 204
    assert client.get(url).status_code == 404


def test_a_stale_patch_leaves_no_history_event(client, session):
    claim = make_claim(session, statement="Before.")
    assert client.patch(f"/v1/claims/{claim.id}", json={"statement": "Now."}).status_code == 200
    assert client.patch(f"/v1/claims/{claim.id}", json={"statement": "Lost."},
                        headers={"If-Match": '"1"'}).status_code == 412
    events = client.get(f"/v1/claims/{claim.id}/history").json["items"]
    assert [e["action"] for e in events] == ["create", "edit"]


def test_merge_with_a_stale_etag_on_the_survivor_returns_412_and_merges_nothing(client, session):
    survivor = make_speaker(session, "Jane Roe")
    other = make_speaker(session, "J. Roe")
    assert client.patch(f"/v1/speakers/{survivor.id}", json={"description": "Minister"}).status_code == 200

    response = client.post(f"/v1/speakers/{survivor.id}/merge", json={"from": other.id}, headers={"If-Match": '"1"'})

    assert response.status_code == 412
    assert client.get(f"/v1/speakers/{other.id}").status_code == 200
    assert client.get(f"/v1/speakers/{survivor.id}").json["aliases"] == []


@pytest.fixture
def strict_client(app, settings, engine):
    strict = create_app(dataclasses.replace(settings, require_if_match=True), bind=engine)
    strict.config.update(TESTING=True, TEST_KEYS=app.config["TEST_KEYS"])
    return client_with(strict, "curator")


def test_with_require_if_match_a_patch_without_it_returns_428_and_changes_nothing(strict_client, resource):
    url, change, _ = resource
    before = strict_client.get(url).get_data()

    response = strict_client.patch(url, json=change)

    assert response.status_code == 428
    assert response.content_type == "application/problem+json"
    assert strict_client.get(url).get_data() == before


def test_with_require_if_match_a_delete_without_it_returns_428_and_keeps_the_resource(strict_client, resource):
    url, _, _ = resource
    response = strict_client.delete(url)
    assert response.status_code == 428
    assert response.content_type == "application/problem+json"
    assert strict_client.get(url).status_code == 200


def test_with_require_if_match_writes_with_it_still_succeed(strict_client, resource):
    url, change, _ = resource
    assert strict_client.patch(url, json=change, headers={"If-Match": '"1"'}).status_code == 200
    assert strict_client.patch(url, json=change, headers={"If-Match": '"1"'}).status_code == 412
    assert strict_client.delete(url, headers={"If-Match": "*"}).status_code == 204


def test_with_require_if_match_creating_needs_no_if_match(strict_client):
    response = strict_client.post("/v1/claims", json={"speaker": "Jane Roe", "statement": "New."})
    assert response.status_code == 201


def test_if_none_match_with_the_current_etag_returns_304_with_the_etag_and_no_body(client, resource):
    url, _, _ = resource
    tag = client.get(url).headers["ETag"]

    response = client.get(url, headers={"If-None-Match": tag})

    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == tag


def test_if_none_match_with_an_old_etag_returns_200_with_the_body(client, resource):
    url, change, field = resource
    old = client.get(url).headers["ETag"]
    assert client.patch(url, json=change).status_code == 200

    response = client.get(url, headers={"If-None-Match": old})

    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    assert response.json[field] == change[field]


def test_if_none_match_on_a_list_containing_the_current_etag_returns_304(client, resource):
    url, _, _ = resource
    assert client.get(url, headers={"If-None-Match": '"9", "1"'}).status_code == 304
