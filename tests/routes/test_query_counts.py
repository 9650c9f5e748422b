import contextlib

from sqlalchemy import event

from tests.factories import make_claim, make_document, make_speaker


@contextlib.contextmanager
def count_queries(engine):
    statements = []

    def record(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "PRAGMA")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_listing_claims_costs_the_same_few_queries_whatever_the_page_size(client, session, engine):
    for i in range(30):
        document = make_document(session)
        make_claim(session, speaker=f"Speaker {i}", document_id=document.id)
    with count_queries(engine) as small:
        assert len(client.get("/v1/claims?limit=2").json["items"]) == 2
    with count_queries(engine) as large:
        assert len(client.get("/v1/claims?limit=30").json["items"]) == 30
    assert len(large) == len(small) <= 3


def test_listing_speakers_costs_the_same_few_queries_whatever_the_page_size(client, session, engine):
    for i in range(20):
        make_speaker(session, f"Person {i}", aliases=[f"P. {i}", f"Pers {i}"])
        make_claim(session, speaker=f"Person {i}")
    with count_queries(engine) as small:
        client.get("/v1/speakers?limit=2&sort=-claims")
    with count_queries(engine) as large:
        client.get("/v1/speakers?limit=20&sort=-claims")
    assert len(large) == len(small) <= 3


def test_creating_a_claim_with_a_span_costs_one_query_more_than_without_a_document(client, session, engine):
    document = make_document(session, text="Peskov said: no comment.")
    speaker_id = make_speaker(session).id
    with count_queries(engine) as plain:
        assert client.post("/v1/claims", json={"speaker_id": speaker_id, "statement": "no comment"}).status_code == 201
    with count_queries(engine) as spanned:
        response = client.post("/v1/claims", json={"speaker_id": speaker_id, "statement": "no comment",
                                                   "document_id": document.id, "span": {"start": 13, "end": 23}})
        assert response.status_code == 201
    assert len(spanned) == len(plain) + 1  # the document, read once for its text
