import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.db import Base, make_engine
from tests.conftest import BACKENDS, alembic_config


def schema_differences(url):
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": conn.dialect.name == "sqlite"})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    return diffs


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
