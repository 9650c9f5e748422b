"""bulk external id: claims.external_id, the identity that makes bulk imports idempotent

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Adding a unique constraint rebuilds the table on SQLite: keep its ids never reused (AUTOINCREMENT).
    with op.batch_alter_table("claims", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_claims_external_id"), ["external_id"])


def downgrade() -> None:
    # Adding a unique constraint rebuilds the table on SQLite: keep its ids never reused (AUTOINCREMENT).
    with op.batch_alter_table("claims", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_claims_external_id"), type_="unique")
        batch_op.drop_column("external_id")
