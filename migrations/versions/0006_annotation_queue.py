"""annotation queue: documents.annotation_status, annotated_at, claim time, attempts, error

Existing documents that already have annotator claims count as done (annotated when the migration ran);
the others are queued, so `claims worker` or `claims annotate --all` picks them up.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


STATUS_CHECK = "annotation_status IN ('queued', 'running', 'done', 'failed')"
COLUMNS = ("annotated_at", "annotation_claimed_at", "annotation_attempts", "annotation_error")

# SQLite: no batch mode here. Batch mode recreates the table, and dropping the old `documents` with
# foreign keys on deletes its rows first, which sets every claim's document_id to NULL (ON DELETE SET
# NULL). ALTER TABLE ADD COLUMN (with the CHECK on the column) and DROP COLUMN (SQLite >= 3.35) keep the
# table and its rows.


def _other_columns() -> list[sa.Column]:
    return [sa.Column("annotated_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("annotation_claimed_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("annotation_attempts", sa.Integer(), server_default="0", nullable=False),
            sa.Column("annotation_error", sa.Text(), nullable=True)]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE documents ADD COLUMN annotation_status VARCHAR(10) DEFAULT 'queued' NOT NULL "
                   f"CONSTRAINT ck_documents_annotation_status CHECK ({STATUS_CHECK})")
    else:
        op.add_column("documents", sa.Column("annotation_status", sa.String(length=10), server_default="queued",
                                             nullable=False))
        op.create_check_constraint("ck_documents_annotation_status", "documents", STATUS_CHECK)
    for column in _other_columns():
        op.add_column("documents", column)
    op.create_index("ix_documents_annotation_status_id", "documents", ["annotation_status", "id"], unique=False)
    op.execute(
        "UPDATE documents SET annotation_status = 'done', annotated_at = CURRENT_TIMESTAMP "
        "WHERE EXISTS (SELECT 1 FROM claims WHERE claims.document_id = documents.id "
        "AND claims.origin = 'annotator')"
    )


def downgrade() -> None:
    op.drop_index("ix_documents_annotation_status_id", table_name="documents")
    if op.get_bind().dialect.name == "sqlite":
        for column in (*COLUMNS, "annotation_status"):
            op.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        return
    op.drop_constraint("ck_documents_annotation_status", "documents", type_="check")
    for column in (*COLUMNS, "annotation_status"):
        op.drop_column("documents", column)
