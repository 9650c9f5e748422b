import datetime as dt

from sqlalchemy import func, select, update

from api.models import Claim, IdempotencyRecord

BODY = {"speaker": "Jane Roe", "statement": "We will cut taxes.", "date": "2024-05-07"}


def post(client, key: str, body: dict = BODY):
    return client.post("/v1/claims", json=body, headers={"Idempotency-Key": key})


def claim_count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Claim))


def test_a_retried_post_with_the_same_key_and_body_creates_one_claim_and_replays_the_answer(client, session):
    first = post(client, "retry-1")
    second = post(client, "retry-1")

    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json == first.json
    assert second.headers["Location"] == first.headers["Location"] == f"/v1/claims/{first.json['id']}"
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.content_type == first.content_type == "application/json"
    assert claim_count(session) == 1
    assert client.get("/v1/claims").json["items"] == [first.json]


def test_the_same_json_with_keys_in_another_order_is_the_same_request(client, session):
    first = post(client, "order")
    second = post(client, "order", dict(reversed(list(BODY.items()))))
    assert second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json["id"] == first.json["id"]
    assert claim_count(session) == 1


def test_the_same_key_with_a_different_body_is_a_422_and_creates_nothing(client, session):
    first = post(client, "changed")

    second = post(client, "changed", {**BODY, "statement": "Something else."})

    assert second.status_code == 422
    assert second.content_type == "application/problem+json"
    assert "Idempotent-Replayed" not in second.headers
    assert claim_count(session) == 1
    assert post(client, "changed").json["id"] == first.json["id"]


def test_the_same_key_on_another_endpoint_is_a_422(client, session):
    post(client, "endpoint")
    response = client.post("/v1/speakers", json={"name": "Jane Roe"}, headers={"Idempotency-Key": "endpoint"})
    assert response.status_code == 422
    assert client.get("/v1/speakers").json["items"][0]["name"] == "Jane Roe"
    assert len(client.get("/v1/speakers").json["items"]) == 1


def test_the_same_key_from_another_caller_is_independent(client, admin_client, session):
    mine = post(client, "shared-key")
    theirs = post(admin_client, "shared-key")

    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json["id"] != mine.json["id"]
    assert claim_count(session) == 2
    assert post(client, "shared-key").json["id"] == mine.json["id"]
    assert post(admin_client, "shared-key").json["id"] == theirs.json["id"]
    assert claim_count(session) == 2


def test_different_keys_create_two_claims(client, session):
    first = post(client, "key-a")
    second = post(client, "key-b")
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert first.json["id"] != second.json["id"]
    assert claim_count(session) == 2


def test_posts_without_a_key_are_not_deduplicated(client, session):
    assert client.post("/v1/claims", json=BODY).status_code == 201
    assert client.post("/v1/claims", json=BODY).status_code == 201
    assert claim_count(session) == 2


def test_a_key_on_a_post_the_schema_rejected_replays_the_same_422_and_creates_nothing(client, session):
    body = {"speaker": "Jane Roe"}
    first = post(client, "invalid-schema", body)
    second = post(client, "invalid-schema", body)

    assert first.status_code == second.status_code == 422
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json == first.json
    assert second.content_type == "application/problem+json"
    assert claim_count(session) == 0


def test_a_key_on_a_post_the_service_rejected_replays_the_same_422_and_creates_nothing(client, session):
    body = {"speaker": "Jane Roe", "statement": "s", "document_id": 424242}
    first = post(client, "invalid-service", body)
    second = post(client, "invalid-service", body)

    assert first.status_code == second.status_code == 422
    assert "document_id" in first.json["errors"]["json"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json == first.json
    assert claim_count(session) == 0


def test_a_retry_while_the_first_request_is_still_running_is_a_409(client, session):
    first = post(client, "slow")
    session.execute(update(IdempotencyRecord).values(state="running", status_code=None, response_body=None))
    session.commit()

    retry = post(client, "slow")

    assert retry.status_code == 409
    assert retry.content_type == "application/problem+json"
    assert retry.headers["Retry-After"] == "1"
    assert claim_count(session) == 1
    assert client.get(f"/v1/claims/{first.json['id']}").status_code == 200


def test_a_key_older_than_24_hours_is_forgotten(client, session):
    first = post(client, "old")
    day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    session.execute(update(IdempotencyRecord).values(created_at=day_ago))
    session.commit()

    again = post(client, "old")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert again.json["id"] != first.json["id"]
    assert claim_count(session) == 2


def test_a_key_that_is_too_long_is_a_422(client, session):
    response = post(client, "k" * 256)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["errors"]["header"]
    assert claim_count(session) == 0


def test_a_reader_key_with_an_idempotency_key_is_still_forbidden(reader_client, session):
    assert post(reader_client, "reader").status_code == 403
    assert post(reader_client, "reader").status_code == 403
    assert claim_count(session) == 0
