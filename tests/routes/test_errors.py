import pytest

from tests.factories import make_claim

ID_PATHS = ["/v1/claims/{}", "/v1/documents/{}", "/v1/speakers/{}", "/v1/speakers/{}/claims",
            "/v1/documents/{}/claims"]


@pytest.mark.parametrize("path", ID_PATHS)
@pytest.mark.parametrize("bad_id", ["0", "-1", "abc", "1.5", "99999999999999999999999", "2147483648"])
def test_malformed_or_out_of_range_ids_in_the_path_are_404_problems(client, path, bad_id):
    response = client.get(path.format(bad_id))
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 404


def test_problems_carry_type_title_status_and_detail(client):
    body = client.get("/v1/claims/12345").json
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["title"] == "Not Found"


def test_a_body_over_the_limit_is_a_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/v1/documents", json={"title": "big", "text": big})
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_malformed_json_is_a_400_and_a_non_json_body_a_415(client):
    response = client.post("/v1/claims", data='{"speaker": "x",', content_type="application/json")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    response = client.post("/v1/claims", data="speaker=x", content_type="text/plain")
    assert response.status_code == 415
    assert client.post("/v1/claims").status_code == 415


def test_a_json_body_that_is_not_an_object_is_a_422(client):
    response = client.post("/v1/claims", json=["speaker", "statement"])
    assert response.status_code == 422


def test_nul_characters_are_refused_with_a_422_on_every_backend(client):
    response = client.post("/v1/claims", json={"speaker": "A\x00B", "statement": "x\x00y"})
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"speaker", "statement"}
    assert client.get("/v1/claims", query_string={"source": "a\x00b"}).status_code == 422


def test_method_not_allowed_keeps_the_allow_header(client):
    response = client.put("/v1/claims")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert response.content_type == "application/problem+json"


def test_unknown_paths_and_trailing_slashes_are_404_problems(client):
    assert client.get("/v1/nothing").status_code == 404
    assert client.get("/v1/claims/").status_code == 404


def test_a_failed_write_leaves_stored_data_unchanged(client, session):
    claim = make_claim(session, statement="Kept as it is.")
    response = client.patch(f"/v1/claims/{claim.id}", json={"statement": "changed", "document_id": 987654})
    assert response.status_code == 422
    body = client.get(f"/v1/claims/{claim.id}").json
    assert (body["statement"], body["version"]) == ("Kept as it is.", 1)
