"""four-eyes review and the year's work: rounds, assignment, case revisions, 复核 verdicts, sign-off history,
a ledger of entries (grants, reversals, corrections), duplicate marks, lock-out and known devices, saved forms

Revision ID: 0004_four_eyes_rounds
Revises: 0003_processing_attempts
Create Date: 2026-12-02 09:00:00

`sign_offs` and `ledger` are rebuilt (create, copy, drop, rename): a case may now have several sign-offs (a
reopened one is kept, revoked) and several ledger entries (a grant and its reversal), and SQLite cannot drop a
constraint in place. Neither table is referenced by another, so dropping the old one cascades nothing.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0004_four_eyes_rounds'
down_revision = '0003_processing_attempts'
branch_labels = None
depends_on = None

# The reminders every draft carries (pipeline.web.queries.STANDING_FLAGS when this was written): the queue's
# flag count leaves them out.
STANDING_FLAGS = ("请核实申报事项是否同时享受本区其他同类政策", "本预审稿采用的政策口径见各项目")


def _checked_columns():
    return [sa.Column('case_rev', sa.Integer(), nullable=True),
            sa.Column('check_verdict', sa.String(length=16), nullable=True),
            sa.Column('check_reason', sa.Text(), nullable=True),
            sa.Column('checked_by', sa.String(length=128), nullable=True),
            sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True)]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('notice', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assignee', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('checker', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('submitted_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('flag_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('open_items', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_assignee'), ['assignee'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_checker'), ['checker'], unique=False)

    for table in ('claim_decisions', 'eligibility_overrides'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for col in _checked_columns():
                batch_op.add_column(col)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_rev', sa.Integer(), nullable=True))

    # sign_offs: one row per sign-off, with 初审 and 复核
    op.create_table('sign_offs_v3',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('draft_version', sa.Integer(), nullable=False),
    sa.Column('total_yuan', sa.BigInteger(), nullable=False),
    sa.Column('signed_by', sa.String(length=128), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('prepared_by', sa.String(length=128), nullable=True),
    sa.Column('prepared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lines', sa.Text(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=128), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    # a sign-off made before 复核 existed was one person's: they prepared and signed it
    op.execute("INSERT INTO sign_offs_v3 (case_id, draft_version, total_yuan, signed_by, signed_at, note, "
               "prepared_by, prepared_at) SELECT case_id, draft_version, total_yuan, signed_by, signed_at, note, "
               "signed_by, signed_at FROM sign_offs")
    op.drop_table('sign_offs')
    op.rename_table('sign_offs_v3', 'sign_offs')
    with op.batch_alter_table('sign_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_offs_case_id'), ['case_id'], unique=False)

    # ledger: entries only ever added (grant, reversal, correction, external)
    op.create_table('ledger_v3',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uscc', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount_yuan', sa.BigInteger(), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=128), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['corrects_id'], ['ledger_v3.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO ledger_v3 (id, uscc, year, amount_yuan, case_id, note, created_at, kind, author) "
               "SELECT id, uscc, year, amount_yuan, case_id, note, created_at, "
               "CASE WHEN case_id IS NULL THEN 'external' ELSE 'grant' END, 'system' FROM ledger")
    op.drop_table('ledger')
    op.rename_table('ledger_v3', 'ledger')
    if bind.dialect.name == 'postgresql':  # rows were copied with their ids: the sequence goes on after them
        op.execute("SELECT setval(pg_get_serial_sequence('ledger', 'id'), COALESCE(MAX(id), 0) + 1, false) "
                   "FROM ledger")
    with op.batch_alter_table('ledger', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_uscc_year', ['uscc', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_case_id'), ['case_id'], unique=False)

    op.create_table('case_marks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('claim_key', sa.String(length=512), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_marks_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_marks_kind_value', ['kind', 'value'], unique=False)

    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_username_at', ['username', 'at'], unique=False)
        batch_op.create_index('ix_login_failures_address_at', ['address', 'at'], unique=False)
    op.create_table('known_devices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('known_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_devices_user_id'), ['user_id'], unique=False)
    op.create_table('resume_forms',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )

    _backfill(bind)


def _backfill(bind) -> None:
    """The queue's counts from each case's current draft; the file marks from the stored files."""
    rows = bind.execute(sa.text(
        "SELECT c.id, d.review_json FROM cases c JOIN draft_versions d "
        "ON d.case_id = c.id AND d.version = c.current_version")).all()
    for case_id, review_json in rows:
        draft = json.loads(review_json)
        flags = [f for f in draft.get("flags") or [] if not f.startswith(STANDING_FLAGS)]
        open_items = sum(1 for c in draft.get("claims") or [] if c.get("status") == "needs_review")
        bind.execute(sa.text("UPDATE cases SET flag_count = :f, open_items = :o WHERE id = :id"),
                     {"f": len(flags), "o": open_items, "id": case_id})
    bind.execute(sa.text(
        "INSERT INTO case_marks (case_id, kind, value, label) SELECT case_id, 'file', sha256, name "
        "FROM case_files WHERE error IS NULL AND sha256 <> ''"))


def downgrade() -> None:
    raise NotImplementedError("0004 rebuilt the ledger and sign-offs; restore a backup to go back")
