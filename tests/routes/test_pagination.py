import datetime as dt
import random

from tests.factories import make_claim, make_speaker


def walk(client, url, limit):
    seen, pages = [], 0
    response = client.get(url + ("&" if "?" in url else "?") + f"limit={limit}")
    while True:
        assert response.status_code == 200
        pages += 1
        seen += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if cursor is None:
            assert "Link" not in response.headers
            return seen, pages
        link = response.headers["Link"]
        assert link.endswith('>; rel="next"') and "cursor=" in link
        response = client.get(link[1:link.index(">")])


def test_walking_the_pages_returns_every_claim_once_in_order(client, session):
    rng = random.Random(7)
    for _ in range(23):
        day = None if rng.random() < 0.2 else dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(5))
        make_claim(session, speaker=rng.choice(["A B", "C D"]), date=day, commit=False)
    session.commit()
    full = [c["id"] for c in client.get("/v1/claims?limit=500").json["items"]]
    for sort in ("-date", "date", "created", "-created"):
        ids, pages = walk(client, f"/v1/claims?sort={sort}", limit=4)
        assert sorted(ids) == sorted(full)
        assert len(ids) == len(set(ids)) == 23
        assert pages == 6
    assert walk(client, "/v1/claims", limit=4)[0] == full


def test_a_walk_serves_each_existing_claim_exactly_once_while_claims_are_added(client, session):
    for i in range(30):
        make_claim(session, speaker="A B", date=dt.date(2021, 1, 1) + dt.timedelta(days=i % 7), commit=False)
    session.commit()
    existing = {c["id"] for c in client.get("/v1/claims?limit=500").json["items"]}
    seen = []
    response = client.get("/v1/claims?limit=5")
    step = 0
    while True:
        seen += [item["id"] for item in response.json["items"]]
        # Between pages, others add claims dated before, inside and after the walk's position.
        for day in (dt.date(2019, 1, 1), dt.date(2021, 1, 4), dt.date(2030, 1, 1), None):
            client.post("/v1/claims", json={"speaker": "E F", "statement": f"new {step} {day}",
                                            "date": day.isoformat() if day else None})
        step += 1
        if response.json["next_cursor"] is None:
            break
        response = client.get("/v1/claims", query_string={"cursor": response.json["next_cursor"], "limit": 5})
    assert len(seen) == len(set(seen))
    assert existing <= set(seen)


def test_the_cursor_carries_its_filters_and_sort(client, session):
    for i in range(5):
        make_claim(session, speaker="Dmitry Peskov", date=dt.date(2022, 1, i + 1), commit=False)
        make_claim(session, speaker="Other Person", date=dt.date(2022, 1, i + 1), commit=False)
    session.commit()
    first = client.get("/v1/claims?speaker=peskov&sort=date&limit=2").json
    rest = client.get("/v1/claims", query_string={"cursor": first["next_cursor"], "limit": 10}).json
    names = {c["speaker"]["name"] for c in first["items"] + rest["items"]}
    dates = [c["date"] for c in first["items"] + rest["items"]]
    assert names == {"Dmitry Peskov"}
    assert dates == sorted(dates) and len(dates) == 5
    mixed = client.get("/v1/claims", query_string={"cursor": first["next_cursor"], "speaker": "other"})
    assert mixed.status_code == 422
    assert "cursor" in mixed.json["errors"]["query"]
    resorted = client.get("/v1/claims", query_string={"cursor": first["next_cursor"], "sort": "-date"})
    assert resorted.status_code == 422


def test_malformed_or_foreign_cursors_are_a_422(client, session):
    make_speaker(session, "A B")
    make_speaker(session, "C D")
    speakers_cursor = client.get("/v1/speakers?limit=1").json["next_cursor"]
    for bad in ("zzz", "eyJ9", "%%%", speakers_cursor, "e30"):
        response = client.get("/v1/claims", query_string={"cursor": bad})
        assert response.status_code == 422, bad
        assert response.content_type == "application/problem+json"
        assert "cursor" in response.json["errors"]["query"]


def test_limit_outside_1_to_500_is_a_422(client):
    for limit in ("0", "501", "-3", "ten"):
        response = client.get("/v1/claims", query_string={"limit": limit})
        assert response.status_code == 422, limit
        assert "limit" in response.json["errors"]["query"]


def test_speakers_and_documents_paginate_the_same_way(client, session):
    for i in range(7):
        make_speaker(session, f"Person {chr(65 + i)}")
        client.post("/v1/documents", json={"title": f"t{i}", "text": f"text {i}"})
    speaker_ids, _ = walk(client, "/v1/speakers", limit=3)
    assert len(set(speaker_ids)) == 7
    document_ids, _ = walk(client, "/v1/documents", limit=3)
    assert len(set(document_ids)) == 7
    by_claims, _ = walk(client, "/v1/speakers?sort=-claims", limit=2)
    assert sorted(by_claims) == sorted(speaker_ids)


def test_walks_filtered_by_ids_status_source_and_dates_match_the_filters(client, session):
    # Lists filtered only by these run statements built once per filter shape, the values bound: every
    # combination must still return exactly the matching claims, once each, in order, across pages and
    # across the dated/undated boundary.
    rng = random.Random(11)
    made = []
    for i in range(40):
        day = None if i % 5 == 0 else dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(6))
        claim = make_claim(session, speaker=rng.choice(["A B", "C D"]), date=day, source=rng.choice(["TASS", "AP"]),
                           commit=False)
        claim.status = rng.choice(["accepted", "pending"])
        made.append(claim)
    session.commit()
    speaker_id = made[0].speaker_id
    cases = {
        f"speaker_id={speaker_id}": lambda c: c.speaker_id == speaker_id,
        f"speaker_id={speaker_id}&status=pending": lambda c: c.speaker_id == speaker_id and c.status == "pending",
        "source=AP&date_from=2020-01-02": lambda c: c.source == "AP" and c.claim_date is not None
        and c.claim_date >= dt.date(2020, 1, 2),
        "status=accepted&date_to=2020-01-03": lambda c: c.status == "accepted" and c.claim_date is not None
        and c.claim_date <= dt.date(2020, 1, 3),
    }
    for query, wanted in cases.items():
        for sort, descending in (("-date", True), ("date", False)):
            expected = sorted((c for c in made if wanted(c)),
                              key=lambda c: (c.claim_date is None,
                                             ((-c.claim_date.toordinal(), -c.id) if descending
                                              else (c.claim_date.toordinal(), c.id)) if c.claim_date else
                                             (-c.id if descending else c.id,)))
            ids, _ = walk(client, f"/v1/claims?{query}&sort={sort}", limit=3)
            assert ids == [c.id for c in expected], (query, sort)
