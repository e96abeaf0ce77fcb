"""edit versions and the person in the audit trail (issue 19, PostgreSQL mode): a `version` column
on every register table a person edits (optimistic checks: the second of two people saving one
record is refused instead of overwriting the first), and `who`/`computer` on audit_log, so the
refusal can say who saved first. Existing rows start at version 1; old audit entries name nobody.

ADD COLUMN with a constant default rewrites no table on SQLite or PostgreSQL, so the upgrade of a
100,000-member book is instant.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tables given an edit version (the models deriving from db/models/_types.Versioned).
VERSIONED_TABLES = (
    'members', 'membership_events', 'employment_events', 'collective_contracts', 'activities',
    'hardship_files', 'hardship_family_members', 'hardship_reviews', 'aid_batches', 'aid_payments',
    'honors', 'positions', 'rights_cases', 'mutual_aid_enrollments', 'wage_bases', 'dues_exemptions',
    'dues_months', 'fund_entries', 'fund_budgets', 'spending_rules', 'union_profile', 'district_unions',
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.add_column('audit_log', sa.Column('who', sa.String(length=100), nullable=True))
    op.add_column('audit_log', sa.Column('computer', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('computer')
        batch_op.drop_column('who')
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
