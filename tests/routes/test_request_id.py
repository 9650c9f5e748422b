import re


def test_a_sane_request_id_is_echoed(client):
    response = client.get("/v1/health", headers={"X-Request-ID": "edge-7f3a:42"})
    assert response.headers["X-Request-ID"] == "edge-7f3a:42"


def test_a_missing_or_unsafe_request_id_is_replaced_by_a_generated_one(client):
    generated = client.get("/v1/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/v1/health").headers["X-Request-ID"] != generated
    for bad in ["a b", "x" * 129, "<script>", ""]:
        echoed = client.get("/v1/health", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", echoed)


def test_errors_and_not_modified_answers_carry_the_request_id_too(client, anonymous_client):
    assert client.get("/v1/documents/999", headers={"X-Request-ID": "r1"}).headers["X-Request-ID"] == "r1"
    refused = anonymous_client.post("/v1/documents", json={}, headers={"X-Request-ID": "r2"})
    assert refused.status_code == 401 and refused.headers["X-Request-ID"] == "r2"
    created = client.post("/v1/documents", json={"title": "t", "text": "Some words."})
    cached = client.get(created.headers["Location"], headers={"If-None-Match": created.headers["ETag"],
                                                              "X-Request-ID": "r3"})
    assert cached.status_code == 304 and cached.headers["X-Request-ID"] == "r3"


def test_the_request_log_line_names_the_request_id(client, caplog):
    with caplog.at_level("INFO", logger="api.request"):
        client.get("/v1/health?x=1", headers={"X-Request-ID": "trace-1"})
    [record] = [r for r in caplog.records if r.name == "api.request"]
    assert record.getMessage().startswith("GET /v1/health?x=1 200 ")
