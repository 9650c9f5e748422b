"""full text search

Search indexes kept in step by the database itself, so that no write path (the ORM, bulk UPDATE and DELETE,
a cascade, raw SQL) can leave them stale:

- SQLite: FTS5 external-content tables ``claims_fts`` (statement) and ``documents_fts`` (title, text),
  filled by triggers on insert, delete and update of the indexed columns.
- PostgreSQL: a stored generated ``search_vector`` tsvector column on ``claims`` and ``documents``, each with
  a GIN index.

Both use the 'simple' configuration (no stemming, no stop words, case folded, accents kept) over the same
word split: the PostgreSQL side turns the punctuation that its parser would glue into compound tokens
(``e-mail``, ``U.S.``, ``3.5``, URLs, e-mail addresses) into spaces first, as FTS5's unicode61 tokenizer
does. None of these objects is described by the models; ``tests/test_migrations.py`` ignores exactly them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Characters PostgreSQL's parser would keep inside one token (hyphenated words, hosts, paths, numbers with
# a decimal point, e-mail addresses, XML tags and entities): spaces, so both backends split words alike.
GLUE = ".-/@:_'<>&+~\\=#%$^|`"
# PostgreSQL refuses a tsvector over 1 MB; a document's first 200,000 characters stay well under it.
DOCUMENT_PREFIX = 200_000

FTS5_TOKENIZE = "unicode61 remove_diacritics 0"


def _split(expression: str) -> str:
    glue = GLUE.replace("'", "''").replace(":", "\\:")  # op.execute reads ":name" as a bind parameter
    return f"translate({expression}, '{glue}', '{' ' * len(GLUE)}')"


SQLITE_UPGRADE = [
    f"""CREATE VIRTUAL TABLE claims_fts USING fts5(
        statement, content='claims', content_rowid='id', tokenize="{FTS5_TOKENIZE}")""",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
    """CREATE TRIGGER claims_fts_after_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, statement) VALUES (new.id, new.statement);
    END""",
    """CREATE TRIGGER claims_fts_after_delete AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, statement) VALUES ('delete', old.id, old.statement);
    END""",
    """CREATE TRIGGER claims_fts_after_update AFTER UPDATE OF id, statement ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, statement) VALUES ('delete', old.id, old.statement);
        INSERT INTO claims_fts(rowid, statement) VALUES (new.id, new.statement);
    END""",
    f"""CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id', tokenize="{FTS5_TOKENIZE}")""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    """CREATE TRIGGER documents_fts_after_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_after_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_after_update AFTER UPDATE OF id, title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS documents_fts_after_update",
    "DROP TRIGGER IF EXISTS documents_fts_after_delete",
    "DROP TRIGGER IF EXISTS documents_fts_after_insert",
    "DROP TABLE IF EXISTS documents_fts",
    "DROP TRIGGER IF EXISTS claims_fts_after_update",
    "DROP TRIGGER IF EXISTS claims_fts_after_delete",
    "DROP TRIGGER IF EXISTS claims_fts_after_insert",
    "DROP TABLE IF EXISTS claims_fts",
]

POSTGRESQL_UPGRADE = [
    f"""ALTER TABLE claims ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {_split('statement')})) STORED""",
    "CREATE INDEX ix_claims_search_vector ON claims USING gin (search_vector)",
    f"""ALTER TABLE documents ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, {_split('title')}), 'A')
            || setweight(to_tsvector('simple'::regconfig, {_split(f'left(text, {DOCUMENT_PREFIX})')}), 'D')
        ) STORED""",
    "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)",
]

POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_documents_search_vector",
    "ALTER TABLE documents DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_claims_search_vector",
    "ALTER TABLE claims DROP COLUMN IF EXISTS search_vector",
]


def _statements(sqlite: list[str], postgresql: list[str]) -> list[str]:
    return sqlite if op.get_bind().dialect.name == "sqlite" else postgresql


def upgrade() -> None:
    for statement in _statements(SQLITE_UPGRADE, POSTGRESQL_UPGRADE):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(SQLITE_DOWNGRADE, POSTGRESQL_DOWNGRADE):
        op.execute(statement)
