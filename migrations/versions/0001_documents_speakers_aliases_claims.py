"""documents speakers aliases claims

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('author', sa.String(length=300), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=35), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_documents_content_hash')),
    sa.UniqueConstraint('url', name=op.f('uq_documents_url')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_published_on_id', ['published_on', 'id'], unique=False)
        batch_op.create_index('ix_documents_source', ['source'], unique=False)

    op.create_table('speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('normalised_name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), server_default='unknown', nullable=False),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'organisation', 'unknown')", name=op.f('ck_speakers_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers')),
    sa.UniqueConstraint('normalised_name', name=op.f('uq_speakers_normalised_name')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.create_index('ix_speakers_name_id', ['name', 'id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('claim_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=2000), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('cue', sa.String(length=200), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.CheckConstraint("kind IS NULL OR kind IN ('direct', 'indirect', 'mixed', 'turn')", name=op.f('ck_claims_kind')),
    sa.CheckConstraint("origin IN ('annotator', 'curator', 'import')", name=op.f('ck_claims_origin')),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name=op.f('ck_claims_status')),
    sa.CheckConstraint('(span_start IS NULL) = (span_end IS NULL)', name=op.f('ck_claims_span_both_or_neither')),
    sa.CheckConstraint('confidence IS NULL OR (confidence >= 0 AND confidence <= 1)', name=op.f('ck_claims_confidence')),
    sa.CheckConstraint('length(trim(statement)) > 0', name=op.f('ck_claims_statement_not_blank')),
    sa.CheckConstraint('span_start IS NULL OR (span_start >= 0 AND span_end > span_start)', name=op.f('ck_claims_span_order')),
    sa.CheckConstraint('span_start IS NULL OR document_id IS NOT NULL', name=op.f('ck_claims_span_needs_document')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_claims_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_claims_speaker_id_speakers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_claim_date_id', ['claim_date', 'id'], unique=False)
        batch_op.create_index('ix_claims_created_at_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_claims_document_id_claim_date_id', ['document_id', 'claim_date', 'id'], unique=False)
        batch_op.create_index('ix_claims_source', ['source'], unique=False)
        batch_op.create_index('ix_claims_speaker_id_claim_date_id', ['speaker_id', 'claim_date', 'id'], unique=False)
        batch_op.create_index('ix_claims_status_claim_date_id', ['status', 'claim_date', 'id'], unique=False)

    op.create_table('speaker_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('normalised_alias', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speaker_aliases_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_aliases')),
    sa.UniqueConstraint('normalised_alias', name=op.f('uq_speaker_aliases_normalised_alias'))
    )
    with op.batch_alter_table('speaker_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_aliases_speaker_id'), ['speaker_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('speaker_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_aliases_speaker_id'))

    op.drop_table('speaker_aliases')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_status_claim_date_id')
        batch_op.drop_index('ix_claims_speaker_id_claim_date_id')
        batch_op.drop_index('ix_claims_source')
        batch_op.drop_index('ix_claims_document_id_claim_date_id')
        batch_op.drop_index('ix_claims_created_at_id')
        batch_op.drop_index('ix_claims_claim_date_id')

    op.drop_table('claims')
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_index('ix_speakers_name_id')

    op.drop_table('speakers')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_source')
        batch_op.drop_index('ix_documents_published_on_id')

    op.drop_table('documents')
