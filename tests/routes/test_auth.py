import dataclasses
import itertools
import re

import pytest
from sqlalchemy import select, text

from api.app import create_app
from api.db import Base
from api.models import ApiKey
from api.services.keys import create_key, hash_key, revoke_key
from tests.factories import make_claim, make_document, make_speaker

CHALLENGE = 'Bearer realm="claims"'
PROBLEM_JSON = "application/problem+json"
OPEN_PATHS = ("/v1/health", "/v1/openapi.json", "/docs")
_counter = itertools.count(1)


def operations(spec, *, writes):
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"} and (method != "get") == writes:
                found.append((method.upper(), path, operation))
    return found


def seed(session):
    n = next(_counter)
    document = make_document(session, text=f"Seed {n}. The minister said the plan would work.")
    speaker = make_speaker(session, f"Seeded Person {n}")
    other = make_speaker(session, f"Other Person {n}")
    claim = make_claim(session, speaker=f"Claimant {n}", statement=f"Seeded statement {n}")
    key = create_key(session, name=f"seeded-key-{n}", role="reader").key
    session.commit()
    return {"document_id": document.id, "speaker_id": speaker.id, "claim_id": claim.id, "key_id": key.id,
            "other_speaker_id": other.id}


def concrete(path, ids):
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def body_for(method, path, operation, ids):
    if "requestBody" not in operation:
        return None
    n = next(_counter)
    known = {
        ("POST", "/v1/documents"): {"title": f"Walk {n}", "text": f"Walk text {n}. The mayor said it was fine."},
        ("PATCH", "/v1/documents/{document_id}"): {"title": f"Renamed {n}"},
        ("POST", "/v1/speakers"): {"name": f"Walk Person {n}"},
        ("PATCH", "/v1/speakers/{speaker_id}"): {"description": f"Edited {n}"},
        ("POST", "/v1/speakers/{speaker_id}/merge"): {"from": ids["other_speaker_id"]},
        ("POST", "/v1/claims"): {"statement": f"Walk statement {n}", "speaker": f"Walk Speaker {n}"},
        ("POST", "/v1/claims:batch"): [{"statement": f"Walk batch {n}", "speaker": f"Walk Speaker {n}"}],
        ("PATCH", "/v1/claims/{claim_id}"): {"status": "rejected"},
        ("POST", "/v1/keys"): {"name": f"walk-key-{n}", "role": "reader"},
    }
    return known.get((method, path), {})


def send(client, method, path, operation, ids):
    body = body_for(method, path, operation, ids)
    kwargs = {} if body is None else {"json": body}
    return client.open(concrete(path, ids), method=method, **kwargs)


def snapshot(engine):
    with engine.connect() as conn:
        return {name: sorted(tuple(str(v) for v in row) for row in conn.execute(table.select()))
                for name, table in Base.metadata.tables.items()}


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM_JSON
    assert response.json["status"] == status


def assert_unauthorized(response):
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == CHALLENGE


def bearer(app, secret):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


@pytest.fixture
def spec(anonymous_client):
    return anonymous_client.get("/v1/openapi.json").json


@pytest.fixture
def revoked_secret(session):
    new = create_key(session, name="revoked-admin", role="admin")
    session.commit()
    revoke_key(session, new.key.id)
    session.commit()
    return new.secret


def test_the_spec_lists_the_write_operations_the_walk_relies_on(spec):
    walked = {(method, path) for method, path, _ in operations(spec, writes=True)}
    assert {("POST", "/v1/claims"), ("PATCH", "/v1/claims/{claim_id}"), ("DELETE", "/v1/claims/{claim_id}"),
            ("POST", "/v1/speakers/{speaker_id}/merge"), ("POST", "/v1/documents/{document_id}/annotate"),
            ("POST", "/v1/keys"), ("DELETE", "/v1/keys/{key_id}")} <= walked


def test_a_reader_key_cannot_write_anywhere_and_nothing_changes(app, spec, reader_client, session, engine):
    ids = seed(session)
    before = snapshot(engine)
    for method, path, operation in operations(spec, writes=True):
        response = send(reader_client, method, path, operation, ids)
        assert_problem(response, 403)
        assert response.headers["WWW-Authenticate"].startswith(CHALLENGE), (method, path)
    assert snapshot(engine) == before


def test_no_write_anywhere_without_a_key_and_nothing_changes(spec, anonymous_client, session, engine):
    ids = seed(session)
    before = snapshot(engine)
    for method, path, operation in operations(spec, writes=True):
        assert_unauthorized(send(anonymous_client, method, path, operation, ids))
    assert snapshot(engine) == before


def test_a_made_up_or_revoked_key_cannot_write_anywhere(app, spec, session, engine, revoked_secret):
    ids = seed(session)
    before = snapshot(engine)
    for secret in ("clm_madeUpKeyThatWasNeverIssued0000", revoked_secret, app.config["TEST_KEYS"]["admin"] + "x"):
        client = bearer(app, secret)
        for method, path, operation in operations(spec, writes=True):
            assert_unauthorized(send(client, method, path, operation, ids))
    assert snapshot(engine) == before


def test_a_malformed_authorization_header_is_a_401_even_on_a_read(app):
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", app.config["TEST_KEYS"]["admin"]):
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = header
        assert_unauthorized(client.get("/v1/claims"))
        assert_unauthorized(client.post("/v1/claims", json={"statement": "x", "speaker": "Y"}))


def test_the_bearer_scheme_name_is_case_insensitive(app):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"bearer {app.config['TEST_KEYS']['curator']}"
    assert client.post("/v1/claims", json={"statement": "Lower-case scheme", "speaker": "Ann Lee"}).status_code == 201


@pytest.mark.parametrize("role", ["curator", "admin"])
def test_curators_and_admins_can_perform_every_write_in_the_spec_except_that_keys_need_an_admin(
        app, spec, session, role):
    client = bearer(app, app.config["TEST_KEYS"][role])
    for method, path, operation in operations(spec, writes=True):
        response = send(client, method, path, operation, seed(session))
        if path.startswith("/v1/keys") and role != "admin":
            assert_problem(response, 403)
            assert response.headers["WWW-Authenticate"].startswith(CHALLENGE)
        else:
            assert 200 <= response.status_code < 300, (method, path, response.get_data(as_text=True))


def test_a_curator_writes_claims_speakers_and_documents_and_annotates(client, session):
    document = client.post("/v1/documents", json={"title": "Briefing", "text": '"We will win," Ann Lee said.'})
    assert document.status_code == 201
    assert client.post(f"/v1/documents/{document.json['id']}/annotate").status_code == 200
    speaker = client.post("/v1/speakers", json={"name": "Bo Ek"})
    assert speaker.status_code == 201
    claim = client.post("/v1/claims", json={"statement": "It is done.", "speaker_id": speaker.json["id"]})
    assert claim.status_code == 201
    assert client.patch(f"/v1/claims/{claim.json['id']}", json={"statement": "It is nearly done."}).status_code == 200
    assert client.patch(f"/v1/speakers/{speaker.json['id']}", json={"kind": "person"}).status_code == 200
    assert client.delete(f"/v1/claims/{claim.json['id']}").status_code == 204
    assert client.get(f"/v1/claims/{claim.json['id']}").status_code == 404


def test_key_management_needs_an_admin_key(client, reader_client, anonymous_client, admin_client, session):
    key_id = session.scalar(select(ApiKey.id).where(ApiKey.name == "test-reader"))
    for caller, status in ((client, 403), (reader_client, 403)):
        assert_problem(caller.get("/v1/keys"), status)
        assert_problem(caller.post("/v1/keys", json={"name": "sneaky", "role": "admin"}), status)
        assert_problem(caller.delete(f"/v1/keys/{key_id}"), status)
    assert_unauthorized(anonymous_client.get("/v1/keys"))
    assert_unauthorized(anonymous_client.post("/v1/keys", json={"name": "sneaky", "role": "admin"}))
    assert_unauthorized(anonymous_client.delete(f"/v1/keys/{key_id}"))
    assert admin_client.get("/v1/keys").status_code == 200
    assert "sneaky" not in {k["name"] for k in admin_client.get("/v1/keys").json["items"]}
    assert reader_client.get("/v1/claims").status_code == 200


def test_a_key_created_over_http_is_shown_once_and_then_authenticates(app, admin_client):
    response = admin_client.post("/v1/keys", json={"name": "ingest-service", "role": "curator"})
    assert response.status_code == 201
    created = response.json
    secret = created["key"]
    assert created["name"] == "ingest-service" and created["role"] == "curator" and created["revoked_at"] is None
    assert response.headers["Location"] == f"/v1/keys/{created['id']}"
    assert secret.startswith(created["prefix"]) and len(created["prefix"]) < len(secret)
    assert len(secret) >= 26  # at least 128 random bits after the prefix, base64url-encoded
    curator = bearer(app, secret)
    assert curator.post("/v1/claims", json={"statement": "Keys work.", "speaker": "Ann Lee"}).status_code == 201
    assert_problem(curator.get("/v1/keys"), 403)
    listed = admin_client.get("/v1/keys")
    assert secret not in listed.get_data(as_text=True)
    again = admin_client.post("/v1/keys", json={"name": "ingest-service-2", "role": "curator"}).json["key"]
    assert again != secret


def test_a_reader_key_created_over_http_reads_but_cannot_write(app, admin_client):
    secret = admin_client.post("/v1/keys", json={"name": "dashboard", "role": "reader"}).json["key"]
    reader = bearer(app, secret)
    assert reader.get("/v1/claims").status_code == 200
    assert_problem(reader.post("/v1/claims", json={"statement": "No.", "speaker": "Ann Lee"}), 403)


def test_listing_keys_never_shows_secrets_or_hashes(app, admin_client):
    secrets = [*app.config["TEST_KEYS"].values(),
               admin_client.post("/v1/keys", json={"name": "listed", "role": "reader"}).json["key"]]
    response = admin_client.get("/v1/keys")
    assert response.status_code == 200
    items = response.json["items"]
    assert {k["name"]: k["role"] for k in items} == {"test-reader": "reader", "test-curator": "curator",
                                                     "test-admin": "admin", "listed": "reader"}
    for item in items:
        assert set(item) == {"id", "name", "role", "prefix", "created_at", "revoked_at"}
    raw = response.get_data(as_text=True)
    for secret in secrets:
        assert secret not in raw
        assert hash_key(secret) not in raw


def test_revoking_a_key_over_http_makes_it_401_at_once(app, admin_client):
    created = admin_client.post("/v1/keys", json={"name": "leaked", "role": "curator"}).json
    leaked = bearer(app, created["key"])
    assert leaked.post("/v1/claims", json={"statement": "Before.", "speaker": "Ann Lee"}).status_code == 201
    response = admin_client.delete(f"/v1/keys/{created['id']}")
    assert response.status_code == 204
    assert_unauthorized(leaked.post("/v1/claims", json={"statement": "After.", "speaker": "Ann Lee"}))
    assert_unauthorized(leaked.get("/v1/claims"))
    listed = {k["id"]: k for k in admin_client.get("/v1/keys").json["items"]}
    assert listed[created["id"]]["revoked_at"] is not None
    assert admin_client.delete(f"/v1/keys/{created['id']}").status_code == 204
    assert_unauthorized(leaked.get("/v1/claims"))


def test_revoking_an_unknown_key_is_a_404(admin_client):
    assert_problem(admin_client.delete("/v1/keys/999999"), 404)


def test_creating_a_key_with_a_name_in_use_is_a_409_and_creates_nothing(admin_client, session):
    assert admin_client.post("/v1/keys", json={"name": "twin", "role": "reader"}).status_code == 201
    for name in ("twin", "  twin  ", "test-admin"):
        assert_problem(admin_client.post("/v1/keys", json={"name": name, "role": "admin"}), 409)
    assert session.scalar(select(ApiKey.role).where(ApiKey.name == "twin")) == "reader"
    assert len(admin_client.get("/v1/keys").json["items"]) == 4


def test_creating_a_key_with_an_unknown_role_or_no_name_is_a_422(admin_client):
    for body in ({"name": "x", "role": "owner"}, {"name": "   ", "role": "reader"}, {"role": "reader"}):
        assert_problem(admin_client.post("/v1/keys", json=body), 422)
    assert len(admin_client.get("/v1/keys").json["items"]) == 3


def test_reads_are_open_by_default(spec, anonymous_client, session):
    ids = seed(session)
    reads = [(m, p) for m, p, _ in operations(spec, writes=False) if not p.startswith("/v1/keys")]
    assert len(reads) >= 8
    for method, path in reads:
        response = anonymous_client.get(concrete(path, ids))
        assert response.status_code == 200, (path, response.get_data(as_text=True))


@pytest.fixture
def closed_app(app, settings, engine):
    closed = create_app(dataclasses.replace(settings, public_read=False), bind=engine)
    closed.config.update(TESTING=True, TEST_KEYS=app.config["TEST_KEYS"])
    return closed


def test_with_public_read_off_every_read_needs_a_valid_key(closed_app, spec, session, revoked_secret):
    ids = seed(session)
    reader = bearer(closed_app, closed_app.config["TEST_KEYS"]["reader"])
    strangers = [closed_app.test_client(), bearer(closed_app, "clm_notAKey"), bearer(closed_app, revoked_secret)]
    reads = [p for _, p, _ in operations(spec, writes=False) if p not in OPEN_PATHS and not p.startswith("/v1/keys")]
    assert len(reads) >= 8
    for path in reads:
        url = concrete(path, ids)
        for stranger in strangers:
            assert_unauthorized(stranger.get(url))
        assert reader.get(url).status_code == 200, url
    head = strangers[0].head("/v1/claims")
    assert head.status_code == 401 and head.headers["WWW-Authenticate"] == CHALLENGE
    assert reader.head("/v1/claims").status_code == 200


def test_with_public_read_off_health_spec_and_docs_stay_open(closed_app):
    anonymous = closed_app.test_client()
    assert anonymous.get("/v1/health").status_code == 200
    assert anonymous.get("/v1/openapi.json").json["openapi"].startswith("3.")
    docs = anonymous.get("/docs")
    assert docs.status_code == 200 and b"swagger" in docs.data.lower()
    with anonymous.get("/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200
    assert_unauthorized(anonymous.get("/v1/claims"))


def test_with_public_read_off_writes_keep_their_rules(closed_app):
    claim = {"statement": "Closed reads.", "speaker": "Ann Lee"}
    assert_unauthorized(closed_app.test_client().post("/v1/claims", json=claim))
    assert_problem(bearer(closed_app, closed_app.config["TEST_KEYS"]["reader"]).post("/v1/claims", json=claim), 403)
    assert bearer(closed_app, closed_app.config["TEST_KEYS"]["curator"]).post("/v1/claims", json=claim).status_code == 201
    assert_problem(bearer(closed_app, closed_app.config["TEST_KEYS"]["curator"]).get("/v1/keys"), 403)


def test_the_spec_declares_the_bearer_scheme_and_each_operations_requirement(spec):
    assert spec["components"]["securitySchemes"]["bearerAuth"]["type"] == "http"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    kinds = set()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation["responses"]
            if path == "/v1/health":
                assert operation["security"] == [], path
                kinds.add("open")
            elif method != "get" or path.startswith("/v1/keys"):
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert {"401", "403"} <= set(responses), (method, path)
                kinds.add("key")
            else:
                assert operation["security"] == [{}, {"bearerAuth": []}], (method, path)
                assert "401" in responses, (method, path)
                kinds.add("optional")
            for status in ("401", "403"):
                ref = responses.get(status, {}).get("$ref")
                if ref is not None:
                    assert ref.rsplit("/", 1)[1] in spec["components"]["responses"]
    assert kinds == {"open", "key", "optional"}
    assert spec["paths"]["/v1/keys"]["get"]["security"] == [{"bearerAuth": []}]


def secret_columns(engine, secret):
    found = []
    with engine.connect() as conn:
        for name, table in Base.metadata.tables.items():
            for row in conn.execute(table.select()):
                found += [(name, column) for column, value in row._mapping.items()
                          if value is not None and secret in str(value)]
    return found


def test_keys_are_stored_only_as_hashes(app, admin_client, session, engine):
    over_http = admin_client.post("/v1/keys", json={"name": "stored", "role": "curator"}).json["key"]
    through_service = create_key(session, name="stored-too", role="admin").secret
    session.commit()
    for secret in (over_http, through_service, *app.config["TEST_KEYS"].values()):
        assert secret_columns(engine, secret) == []
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT key_hash FROM api_keys WHERE name = 'stored'")).scalar_one()
    assert stored == hash_key(over_http) and stored != over_http


def test_a_key_created_with_an_idempotency_key_is_still_stored_only_as_a_hash(admin_client, engine):
    response = admin_client.post("/v1/keys", json={"name": "retried", "role": "curator"},
                                 headers={"Idempotency-Key": "create-retried-key"})
    assert response.status_code == 201
    assert secret_columns(engine, response.json["key"]) == []
