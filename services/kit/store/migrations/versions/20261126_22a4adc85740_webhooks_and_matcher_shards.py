"""webhooks and matcher shards: webhook registrations and deliveries; match_entities
gets a shard column in its primary key (every shard keeps its own rows)

Revision ID: 22a4adc85740
Revises: f0732af5b45d
Create Date: 2026-11-26 23:15:42.476034
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '22a4adc85740'
down_revision: str | Sequence[str] | None = 'f0732af5b45d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'event_id')
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_state'), ['state'], unique=False)

    op.create_table('webhooks',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id')
    )
    # existing rows belong to shard 0 (an unsharded matcher); autogenerate does not see
    # primary-key changes, so the key is rebuilt by hand
    # (SQLite's batch mode copies the table and its primary key is unnamed there)
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # SQLAlchemy warns that the copied table's key differs from the reflected one: that is
    # the change being made
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*_alembic_tmp_match_entities.*primary_key", category=sa.exc.SAWarning)
        with op.batch_alter_table('match_entities', schema=None, recreate='always' if sqlite else 'auto') as batch_op:
            batch_op.add_column(sa.Column('shard', sa.Integer(), nullable=False, server_default='0'))
            batch_op.drop_index(batch_op.f('ix_match_entities_index_id'))
            if not sqlite:
                batch_op.drop_constraint('match_entities_pkey', type_='primary')  # PostgreSQL's name for it
            batch_op.create_primary_key('pk_match_entities', ['shard', 'kind', 'id'])
            batch_op.create_index('ix_match_entities_index_id', ['shard', 'kind', 'index_id'], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM match_entities WHERE shard <> 0")
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('match_entities', schema=None, recreate='always' if sqlite else 'auto') as batch_op:
        batch_op.drop_index('ix_match_entities_index_id')
        if not sqlite:
            batch_op.drop_constraint('pk_match_entities', type_='primary')
        batch_op.create_primary_key('pk_match_entities', ['kind', 'id'])
        batch_op.create_index(batch_op.f('ix_match_entities_index_id'), ['kind', 'index_id'], unique=False)
        batch_op.drop_column('shard')

    op.drop_table('webhooks')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_state'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_account_id'))

    op.drop_table('webhook_deliveries')
