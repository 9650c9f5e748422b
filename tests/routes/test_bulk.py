import datetime as dt
import json

from tests.factories import make_claim, make_document, make_speaker


def claim_body(n, **fields):
    return {"speaker": "Ada Lovelace", "statement": f"Statement {n}", **fields}


def test_external_id_is_stored_shown_and_unique(client):
    first = client.post("/v1/claims", json=claim_body(1, external_id="afp-1"))
    assert first.status_code == 201 and first.json["external_id"] == "afp-1"
    again = client.post("/v1/claims", json=claim_body(2, external_id="afp-1"))
    assert again.status_code == 409 and again.json["existing_id"] == first.json["id"]
    other = client.post("/v1/claims", json=claim_body(3)).json
    assert other["external_id"] is None
    clash = client.patch(f"/v1/claims/{other['id']}", json={"external_id": "afp-1"})
    assert clash.status_code == 409
    moved = client.patch(f"/v1/claims/{other['id']}", json={"external_id": "afp-2"})
    assert moved.status_code == 200 and moved.json["external_id"] == "afp-2"


def test_batch_creates_every_claim_in_order(client):
    response = client.post("/v1/claims:batch", json=[claim_body(n, external_id=f"b-{n}") for n in range(3)])
    assert response.status_code == 201, response.json
    items = response.json["items"]
    assert [c["statement"] for c in items] == ["Statement 0", "Statement 1", "Statement 2"]
    assert [c["external_id"] for c in items] == ["b-0", "b-1", "b-2"]
    assert client.get(f"/v1/claims/{items[1]['id']}/history").json["items"][0]["action"] == "create"


def test_batch_with_bad_items_stores_nothing_and_names_each_bad_index(client, session):
    make_claim(session, speaker="Charles Babbage", external_id="taken")
    items = [claim_body(0, speaker="Brand New Speaker"), claim_body(1, span={"start": 0, "end": 3}),
             claim_body(2, external_id="dup"), claim_body(3, external_id="dup"),
             claim_body(4, external_id="taken"), claim_body(5, document_id=2147483647)]
    response = client.post("/v1/claims:batch", json=items)
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    errors = response.json["errors"]["json"]
    assert set(errors) == {"1", "3", "4", "5"}
    assert "span" in errors["1"] and "external_id" in errors["3"] and "external_id" in errors["4"]
    assert "document_id" in errors["5"]
    listed = client.get("/v1/claims").json["items"]
    assert [c["external_id"] for c in listed] == ["taken"]
    assert client.get("/v1/speakers?q=brand").json["items"] == []


def test_batch_items_of_the_wrong_shape_are_named_by_index(client):
    items = [claim_body(0), claim_body(1, statement=" "), claim_body(2, confidence=2), claim_body(3)]
    response = client.post("/v1/claims:batch", json=items)
    assert response.status_code == 422
    errors = response.json["errors"]["json"]
    assert set(errors) == {"1", "2"} and "statement" in errors["1"] and "confidence" in errors["2"]
    assert client.get("/v1/claims").json["items"] == []


def test_batch_size_is_bounded_and_writes_need_a_curator(client, reader_client, anonymous_client):
    assert client.post("/v1/claims:batch", json=[]).status_code == 422
    too_many = client.post("/v1/claims:batch", json=[claim_body(n) for n in range(1001)])
    assert too_many.status_code in (413, 422)
    assert client.post("/v1/claims:batch", json={"statement": "x"}).status_code == 422
    assert reader_client.post("/v1/claims:batch", json=[claim_body(1)]).status_code == 403
    assert anonymous_client.post("/v1/claims:batch", json=[claim_body(1)]).status_code == 401


def seed(session):
    document = make_document(session, title="Budget day", url="https://example.com/budget", source="Reuters",
                             published_on=dt.date(2024, 3, 4))
    make_speaker(session, "Ada Lovelace", kind="person", aliases=["Countess of Lovelace"])
    make_speaker(session, "Ministry of Finance", kind="organisation")
    make_claim(session, speaker="Ada Lovelace", statement="We will build it", date=dt.date(2024, 3, 4),
               document_id=document.id, external_id="x-1", kind="direct", cue="said", confidence=0.9)
    make_claim(session, speaker="Ada Lovelace", statement="The engine can compose music")
    make_claim(session, speaker="Ministry of Finance", statement="Taxes will fall", date=dt.date(2023, 1, 2),
               source="BBC")


def test_export_streams_json_lines_with_the_list_filters(client, session):
    seed(session)
    response = client.get("/v1/claims/export?speaker=lovelace")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/x-ndjson"
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["statement"] for r in rows] == ["We will build it", "The engine can compose music"]
    assert rows[0] == {
        "external_id": "x-1", "statement": "We will build it", "date": "2024-03-04", "source": "Reuters",
        "kind": "direct", "cue": "said", "confidence": 0.9, "origin": "curator", "status": "accepted",
        "speaker": {"name": "Ada Lovelace", "kind": "person", "description": None,
                    "aliases": ["Countess of Lovelace"]},
        "document": {"title": "Budget day", "url": "https://example.com/budget", "source": "Reuters",
                     "published_on": "2024-03-04"}}
    dated = client.get("/v1/claims/export?date_from=2024-01-01&format=csv")
    lines = dated.get_data(as_text=True).splitlines()
    assert dated.mimetype == "text/csv" and lines[0].startswith("external_id,statement,date")
    assert len(lines) == 2 and "We will build it" in lines[1]


def test_export_as_json_ld_gives_schema_org_claims(client, session):
    seed(session)
    response = client.get("/v1/claims/export?format=jsonld")
    assert response.mimetype == "application/ld+json"
    body = json.loads(response.get_data(as_text=True))
    assert body["@context"] == "https://schema.org"
    first, _, third = body["@graph"]
    assert first["@type"] == "Claim" and first["identifier"] == "x-1" and first["text"] == "We will build it"
    assert first["datePublished"] == "2024-03-04"
    assert first["author"] == {"@type": "Person", "name": "Ada Lovelace",
                               "alternateName": ["Countess of Lovelace"]}
    assert first["appearance"] == first["firstAppearance"] == {
        "@type": "CreativeWork", "name": "Budget day", "url": "https://example.com/budget",
        "publisher": {"@type": "Organization", "name": "Reuters"}, "datePublished": "2024-03-04"}
    assert third["author"]["@type"] == "Organization" and "identifier" not in third


def test_export_refuses_unknown_formats_and_filters(client):
    assert client.get("/v1/claims/export?format=xml").status_code == 422
    assert client.get("/v1/claims/export?date_from=yesterday").status_code == 422
