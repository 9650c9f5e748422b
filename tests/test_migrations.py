import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.db import Base, make_engine
from tests.conftest import BACKENDS, alembic_config

# Full-text search objects that migration 0005 creates and the models do not describe: the FTS5 tables
# (with their shadow tables) on SQLite, the generated tsvector columns and their GIN indexes on PostgreSQL.
SEARCH_TABLE_PREFIXES = ("claims_fts", "documents_fts")
SEARCH_COLUMN = "search_vector"
SEARCH_INDEXES = {"ix_claims_search_vector", "ix_documents_search_vector"}


def is_search_object(diff) -> bool:
    kind = diff[0]
    if kind == "remove_table":
        return diff[1].name.startswith(SEARCH_TABLE_PREFIXES)
    if kind == "remove_column":
        return diff[2] in ("claims", "documents") and diff[3].name == SEARCH_COLUMN
    if kind == "remove_index":
        return diff[1].name in SEARCH_INDEXES
    return False


def schema_differences(url):
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": conn.dialect.name == "sqlite"})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    return [diff for diff in diffs if not (isinstance(diff, tuple) and is_search_object(diff))]


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_head_matches_the_models_and_survives_a_round_trip(empty_database, backend):
    url = empty_database(backend)
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert schema_differences(url) == []
    command.downgrade(config, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
    assert schema_differences(url) == []
