"""processing attempts: every pipeline run over a case, its inputs and outcome (failure accounting)

Revision ID: 0003_processing_attempts
Revises: 0002_web_accounts
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_processing_attempts'
down_revision = '0002_web_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('processing_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('inputs', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('processing_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processing_attempts_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('processing_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processing_attempts_case_id'))
    op.drop_table('processing_attempts')
