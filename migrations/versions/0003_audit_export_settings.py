"""audit trail records exports; app_settings (the open password's hash, and later other settings
that travel with the database).

audit_log's action CHECK gains 'export' (batch mode re-creates the table: SQLite cannot alter a
CHECK in place); app_settings is a new key/value table. Nothing existing is lost.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = "action IN ('create', 'update', 'delete', 'import', 'restore', 'demo')"
_NEW_ACTIONS = "action IN ('create', 'update', 'delete', 'import', 'export', 'restore', 'demo')"


def _replace_action_check(expression: str) -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_log_action_vocab'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_log_action_vocab'), expression)


def upgrade() -> None:
    _replace_action_check(_NEW_ACTIONS)
    op.create_table('app_settings',
    sa.Column('key', sa.String(length=50), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_settings'))
    )


def downgrade() -> None:
    op.drop_table('app_settings')
    # Export entries cannot stay under the old CHECK; they go with the downgrade.
    op.execute("DELETE FROM audit_log WHERE action = 'export'")
    _replace_action_check(_OLD_ACTIONS)
