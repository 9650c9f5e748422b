import pytest
from alembic import command
from sqlalchemy import text

from api.db import make_engine
from tests.conftest import BACKENDS, alembic_config

NOW = "2024-03-27 10:00:00+00:00"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_queue_migration_marks_documents_with_annotator_claims_done_and_queues_the_rest(
        empty_database, backend):
    url = empty_database(backend)
    config = alembic_config(url)
    command.upgrade(config, "0005")
    engine = make_engine(url)
    with engine.begin() as conn:
        for i, title in enumerate(["annotated", "curated only", "bare"], start=1):
            conn.execute(text("INSERT INTO documents (id, title, text, content_hash, created_at, updated_at) "
                              "VALUES (:id, :title, :text, :hash, :created, :updated)"),
                         {"id": i, "title": title, "text": f"Text {i}.", "hash": f"{i:064d}", "created": NOW,
                          "updated": NOW})
        conn.execute(text("INSERT INTO speakers (id, name, normalised_name) VALUES (1, 'Ann Lee', 'ann lee')"))
        for i, (document_id, origin, status) in enumerate([(1, "annotator", "pending"),
                                                            (2, "curator", "accepted")], start=1):
            conn.execute(text("INSERT INTO claims (id, speaker_id, statement, document_id, origin, status, "
                              "created_at, updated_at) VALUES (:id, 1, 'Words.', :doc, :origin, :status, "
                              ":created, :updated)"),
                         {"id": i, "doc": document_id, "origin": origin, "status": status, "created": NOW,
                          "updated": NOW})
    command.upgrade(config, "0006")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT title, annotation_status, annotated_at IS NOT NULL, "
                                 "annotation_attempts FROM documents ORDER BY id")).all()
        links = conn.execute(text("SELECT document_id FROM claims ORDER BY id")).scalars().all()
    assert links == [1, 2]  # the documents' rows were kept, so no claim lost its document
    assert [(title, status, bool(annotated), attempts) for title, status, annotated, attempts in rows] == [("annotated", "done", True, 0), ("curated only", "queued", False, 0),
                                        ("bare", "queued", False, 0)]
    command.downgrade(config, "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT document_id FROM claims ORDER BY id")).scalars().all() == [1, 2]
    command.upgrade(config, "head")
    engine.dispose()
