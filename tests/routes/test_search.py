import datetime as dt
from urllib.parse import quote

import pytest
from sqlalchemy import text

from api.services import search
from tests.factories import make_claim, make_document

STATEMENTS = {
    "inflation": "Inflation will fall below two percent next year",
    "rates": "Interest rates will stay high while inflation persists",
    "reversed": "Rates of interest are not the problem",
    "email": "The e-mail from the U.S. embassy was clear",
    "cafe": "Café owners oppose the new tax",
    "operators": "Nothing AND nothing OR something NEAR here",
}


def ids(response):
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def search_ids(client, q, path="/v1/claims", **params):
    query = "&".join(f"{k}={quote(str(v))}" for k, v in {"q": q, "limit": 500, **params}.items())
    return ids(client.get(f"{path}?{query}"))


@pytest.fixture
def corpus(session):
    made = {}
    for n, (name, statement) in enumerate(STATEMENTS.items()):
        made[name] = make_claim(session, speaker="Ann Lee" if n % 2 else "Bob Ray", statement=statement,
                                date=dt.date(2024, 1, 1) + dt.timedelta(days=n), commit=False).id
    session.commit()
    return made


def test_every_word_must_appear_in_any_order_and_case(client, corpus):
    assert search_ids(client, "inflation") == [corpus["rates"], corpus["inflation"]]
    assert search_ids(client, "RATES interest") == [corpus["reversed"], corpus["rates"]]
    assert search_ids(client, "interest rates inflation") == [corpus["rates"]]
    assert search_ids(client, "deflation") == []


def test_a_phrase_must_appear_as_written(client, corpus):
    assert search_ids(client, '"interest rates"') == [corpus["rates"]]
    assert search_ids(client, '"rates interest"') == []
    assert search_ids(client, '"will stay" high') == [corpus["rates"]]


def test_a_minus_excludes_a_word_or_a_phrase(client, corpus):
    assert search_ids(client, "inflation -interest") == [corpus["inflation"]]
    assert search_ids(client, 'rates -"stay high"') == [corpus["reversed"]]
    assert search_ids(client, "inflation -inflation") == []


def test_punctuation_inside_a_term_makes_a_phrase_of_its_words_on_both_backends(client, corpus):
    assert search_ids(client, "e-mail") == [corpus["email"]]
    assert search_ids(client, "e mail") == [corpus["email"]]
    assert search_ids(client, "u.s. embassy") == [corpus["email"]]
    assert search_ids(client, "mail-e") == []


def test_accents_count_and_there_is_no_stemming(client, corpus):
    assert search_ids(client, "café") == [corpus["cafe"]]
    assert search_ids(client, "CAFÉ") == [corpus["cafe"]]
    assert search_ids(client, "cafe") == []
    assert search_ids(client, "owner") == []


def test_operator_words_are_plain_words(client, corpus):
    assert search_ids(client, "AND") == [corpus["operators"]]
    assert search_ids(client, "NEAR(here") == [corpus["operators"]]
    assert search_ids(client, "nothing OR missing") == []


def test_search_combines_with_speaker_date_and_other_filters(client, corpus):
    assert search_ids(client, "rates", speaker="ann") == [corpus["rates"]]
    assert search_ids(client, "rates", speaker="bob") == [corpus["reversed"]]
    assert search_ids(client, "inflation", date_to="2024-01-01") == [corpus["inflation"]]
    assert search_ids(client, "inflation", date_from="2024-01-02", status="accepted") == [corpus["rates"]]
    assert search_ids(client, "inflation", origin="annotator") == []
    speaker_id = client.get(f"/v1/claims/{corpus['rates']}").json["speaker"]["id"]
    assert search_ids(client, "rates", path=f"/v1/speakers/{speaker_id}/claims") == [corpus["rates"]]


def test_search_in_other_orders(client, corpus):
    assert search_ids(client, "inflation", sort="date") == [corpus["inflation"], corpus["rates"]]
    assert search_ids(client, "inflation", sort="created") == [corpus["inflation"], corpus["rates"]]


def walk(client, url):
    seen = []
    response = client.get(url)
    while True:
        seen += ids(response)
        if response.json["next_cursor"] is None:
            return seen
        response = client.get(f"/v1/claims?cursor={response.json['next_cursor']}&limit=3")


@pytest.mark.parametrize("common", [False, True], ids=["rare-plan", "common-plan"])
def test_walking_search_results_serves_each_match_once_in_order(client, session, monkeypatch, common):
    if common:
        monkeypatch.setattr(search, "RARE_LIMIT", 2)  # more matches than this: the date-index walk
    expected = []
    for i in range(20):
        day = None if i % 5 == 0 else dt.date(2023, 1, 1) + dt.timedelta(days=i % 4)
        statement = f"budget item {i}" if i % 3 else f"unrelated item {i}"
        claim = make_claim(session, speaker="Ann Lee", statement=statement, date=day, commit=False)
        if i % 3:
            expected.append((day, claim.id))
    session.commit()
    dated = sorted((e for e in expected if e[0]), reverse=True) + sorted((e for e in expected if not e[0]),
                                                                         key=lambda e: -e[1])
    assert walk(client, "/v1/claims?q=budget&limit=3") == [claim_id for _, claim_id in dated]
    assert walk(client, "/v1/claims?q=budget+-unrelated&sort=date&limit=3") == [
        claim_id for _, claim_id in sorted(e for e in expected if e[0])
    ] + sorted(claim_id for day, claim_id in expected if day is None)
    by_relevance = walk(client, "/v1/claims?q=budget&sort=relevance&limit=3")
    assert sorted(by_relevance) == sorted(claim_id for _, claim_id in expected)
    assert len(by_relevance) == len(set(by_relevance))


def test_relevance_puts_the_denser_match_first_and_breaks_ties_by_higher_id(client, session):
    weak = make_claim(session, statement="The budget was one of many things discussed at length today").id
    tie_a = make_claim(session, statement="budget budget budget").id
    tie_b = make_claim(session, statement="budget budget budget").id
    make_claim(session, statement="nothing relevant")
    assert search_ids(client, "budget", sort="relevance") == [tie_b, tie_a, weak]
    assert search_ids(client, "budget") == [tie_b, tie_a, weak]  # undated: newest id first


def test_relevance_without_a_query_is_a_422_on_sort(client):
    for path in ("/v1/claims?sort=relevance", "/v1/documents?sort=relevance"):
        response = client.get(path)
        assert response.status_code == 422
        assert "sort" in response.json["errors"]["query"]


def test_a_cursor_carries_the_query_and_refuses_another(client, session):
    for i in range(4):
        make_claim(session, statement=f"budget {i}", commit=False)
        make_claim(session, statement=f"other {i}", commit=False)
    session.commit()
    first = client.get("/v1/claims?q=budget&limit=2").json
    follow = client.get(f"/v1/claims?cursor={first['next_cursor']}&limit=2").json
    assert all("budget" in item["statement"] for item in follow["items"])
    mixed = client.get(f"/v1/claims?q=other&cursor={first['next_cursor']}")
    assert mixed.status_code == 422 and "cursor" in mixed.json["errors"]["query"]


HOSTILE = ['"unbalanced', "-", "AND", "*", "NEAR(", '"', '""', "' OR 1=1 --", "statement:budget", "^budget",
           "{budget}", "budget*", "a:*", "!!", "<->", "&|", "\\", "'", "(((", "NOT budget", "-\"budget",
           "\u0301", "²", "🙂 budget", "x" * 500, " ".join(["budget"] * 32), "--budget", "budget\t\n-",
           "%", "_", "\u200b"]


def test_hostile_queries_never_fail_and_a_query_without_words_is_a_422_on_q(client, session):
    make_claim(session, statement="The budget NEAR the end")
    make_document(session, title="Budget", text="The budget NEAR the end")
    for q in HOSTILE:
        for path in ("/v1/claims", "/v1/documents"):
            for sort in ("-date" if path == "/v1/claims" else "id", "relevance"):
                response = client.get(f"{path}?q={quote(q)}&sort={sort}")
                assert response.status_code in (200, 422), (q, response.status_code)
                if response.status_code == 422:
                    assert list(response.json["errors"]["query"]) == ["q"], q
    for q in ("-", '"', "-budget", "***", "\u0301"):
        response = client.get(f"/v1/claims?q={quote(q)}")
        assert response.status_code == 422, q
        assert response.content_type == "application/problem+json"
    for q in ("x" * 501, "", "a\x00b", " ".join(f"w{i}" for i in range(33))):
        response = client.get(f"/v1/claims?q={quote(q)}")
        assert response.status_code == 422, q
        assert "q" in response.json["errors"]["query"]
    assert len(search_ids(client, "NEAR budget")) == 1
    assert len(search_ids(client, "NOT budget")) == 0
    assert len(search_ids(client, "statement:budget")) == 0


def test_the_index_follows_every_write_path(client, session):
    claim_id = client.post("/v1/claims", json={"speaker": "Ann Lee", "statement": "The harvest failed"}).json["id"]
    assert search_ids(client, "harvest") == [claim_id]
    assert client.patch(f"/v1/claims/{claim_id}", json={"statement": "The vintage failed"}).status_code == 200
    assert search_ids(client, "harvest") == []
    assert search_ids(client, "vintage") == [claim_id]
    assert client.patch(f"/v1/claims/{claim_id}", json={"status": "rejected"}).status_code == 200
    assert search_ids(client, "vintage") == [claim_id]
    assert client.delete(f"/v1/claims/{claim_id}").status_code == 204
    assert search_ids(client, "vintage") == []

    others = [make_claim(session, statement=f"orchard {i}", commit=False).id for i in range(3)]
    session.commit()
    session.execute(text("UPDATE claims SET statement = 'meadow ' || id WHERE id = :id"), {"id": others[0]})
    session.execute(text("DELETE FROM claims WHERE id = :id"), {"id": others[1]})
    session.commit()
    assert search_ids(client, "orchard") == [others[2]]
    assert search_ids(client, "meadow") == [others[0]]


def test_deleting_or_reannotating_a_document_keeps_the_claim_index_in_step(client, session):
    posted = client.post("/v1/documents?annotate=true", json={
        "title": "Report", "text": "The minister said the harvest would fail. Nobody else spoke."})
    assert posted.status_code == 201
    document_id = posted.json["id"]
    found = search_ids(client, "harvest")
    assert found and all(client.get(f"/v1/claims/{i}").json["document"]["id"] == document_id for i in found)
    kept = make_claim(session, statement="Curated note on the harvest", document_id=document_id).id

    revised = client.patch(f"/v1/documents/{document_id}",
                           json={"text": "The minister said the orchard would bloom. Nobody else spoke."})
    assert revised.status_code == 200
    assert search_ids(client, "harvest") == [kept]
    bloom = search_ids(client, "orchard bloom")
    assert bloom and kept not in bloom

    assert client.delete(f"/v1/documents/{document_id}").status_code == 204
    assert search_ids(client, "orchard") == []
    assert search_ids(client, "harvest") == [kept]


def test_documents_search_title_and_text_and_follow_edits_and_deletes(client, session):
    budget = make_document(session, title="Budget day", text="The chancellor spoke about taxes.").id
    taxes = make_document(session, title="Weekly digest", text="Taxes, budget and the weather.").id
    make_document(session, title="Sport", text="The match ended in a draw.")
    assert search_ids(client, "budget", path="/v1/documents") == [budget, taxes]
    assert search_ids(client, "budget", path="/v1/documents", sort="relevance") == [budget, taxes]
    assert search_ids(client, "budget -weather", path="/v1/documents") == [budget]
    assert search_ids(client, '"chancellor spoke" taxes', path="/v1/documents") == [budget]
    assert search_ids(client, "budget", path="/v1/documents", source="nowhere") == []

    assert client.patch(f"/v1/documents/{budget}", json={"title": "Spring statement"}).status_code == 200
    assert search_ids(client, "budget", path="/v1/documents") == [taxes]
    assert search_ids(client, "spring", path="/v1/documents") == [budget]
    assert client.delete(f"/v1/documents/{taxes}").status_code == 204
    assert search_ids(client, "weather", path="/v1/documents") == []


def test_walking_document_search_results_by_relevance_serves_each_once(client, session):
    made = [make_document(session, title=f"Note {i}", text="budget " * (i % 3 + 1) + f"filler {i}").id
            for i in range(7)]
    seen, url = [], "/v1/documents?q=budget&sort=relevance&limit=2"
    while url:
        body = client.get(url).json
        seen += [item["id"] for item in body["items"]]
        url = body["next_cursor"] and f"/v1/documents?cursor={body['next_cursor']}&limit=2"
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_the_query_language_is_written_as_words_only():
    parsed = search.parse_query('budget "interest  rates" -"stay-high" -x AND NEAR( * "unbalanced')
    assert parsed.include == (("budget",), ("interest", "rates"), ("AND",), ("NEAR",), ("unbalanced",))
    assert parsed.exclude == (("stay", "high"), ("x",))
    assert search.fts5_expression(parsed) == (
        '("budget" AND "interest rates" AND "AND" AND "NEAR" AND "unbalanced") NOT "stay high" NOT "x"')
    assert search.tsquery_expression(parsed) == (
        "('budget') & ('interest' <-> 'rates') & ('AND') & ('NEAR') & ('unbalanced') & !('stay' <-> 'high') "
        "& !('x')")
