"""dues and funds (issue 14): wage bases, the monthly dues ledger, exemptions, the funds
sub-ledger and budgets, spending rules and the breaches a chair went ahead with.

The aid tables' program CHECK admits 结婚慰问, 生育慰问 and 退休慰问 (provinces cap them); the CHECKs are
replaced in batch mode (SQLite re-creates the two tables); nothing existing is lost.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:44:17.303237
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PROGRAMS = ("'送温暖', '金秋助学', '医疗救助', '生活救助', '夏送清凉', '节日慰问', '生日慰问', '住院慰问', '工伤探视', "
             "'丧葬慰问', '困难劳模帮扶', '职工互助保障'")  # fmt: skip
_OLD_PROGRAMS = f"program IN ({_PROGRAMS}, '其他')"
_NEW_PROGRAMS = f"program IN ({_PROGRAMS}, '结婚慰问', '生育慰问', '退休慰问', '其他')"


def _replace_program_check(expression: str) -> None:
    for table in ("aid_batches", "aid_payments"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_program_vocab"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_program_vocab"), expression)


def upgrade() -> None:
    _replace_program_check(_NEW_PROGRAMS)
    op.create_table('fund_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("category IN ('会费收入', '拨缴经费收入', '上级补助收入', '行政补助收入', '其他收入', '职工活动支出', '职工服务支出', '维权支出', '业务支出', '资本性支出', '其他支出')", name=op.f('ck_fund_budgets_category_vocab')),
    sa.CheckConstraint('amount_fen >= 0', name=op.f('ck_fund_budgets_amount_fen_nonneg')),
    sa.CheckConstraint('year BETWEEN 1990 AND 2100', name=op.f('ck_fund_budgets_year_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_budgets')),
    sa.UniqueConstraint('year', 'category', name='uq_fund_budgets_year_category')
    )
    with op.batch_alter_table('fund_budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_budgets_year'), ['year'], unique=False)

    op.create_table('spending_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cap_fen', sa.Integer(), nullable=True),
    sa.Column('basis', sa.String(length=200), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("kind IN ('每人每年限额', '每人每年一次', '须有困难职工档案', '不得发放现金')", name=op.f('ck_spending_rules_kind_vocab')),
    sa.CheckConstraint("program IN ('送温暖', '金秋助学', '医疗救助', '生活救助', '夏送清凉', '节日慰问', '生日慰问', '住院慰问', '工伤探视', '丧葬慰问', '困难劳模帮扶', '职工互助保障', '结婚慰问', '生育慰问', '退休慰问', '其他')", name=op.f('ck_spending_rules_program_vocab')),
    sa.CheckConstraint('cap_fen IS NULL OR cap_fen >= 0', name=op.f('ck_spending_rules_cap_fen_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spending_rules'))
    )
    with op.batch_alter_table('spending_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spending_rules_program'), ['program'], unique=False)

    op.create_table('dues_exemptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('from_month', sa.Date(), nullable=False),
    sa.Column('to_month', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('to_month IS NULL OR from_month IS NULL OR to_month >= from_month', name=op.f('ck_dues_exemptions_to_month_after_from_month')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_dues_exemptions_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_exemptions'))
    )
    with op.batch_alter_table('dues_exemptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dues_exemptions_member_id'), ['member_id'], unique=False)

    op.create_table('dues_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('wage_fen', sa.Integer(), nullable=True),
    sa.Column('due_fen', sa.Integer(), nullable=False),
    sa.Column('exempt_reason', sa.String(length=100), nullable=True),
    sa.Column('paid_fen', sa.Integer(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("method IS NULL OR method IN ('工资代扣', '现金', '转账', '其他')", name=op.f('ck_dues_months_method_vocab')),
    sa.CheckConstraint('(paid_fen IS NULL) = (paid_on IS NULL)', name=op.f('ck_dues_months_paid_with_date')),
    sa.CheckConstraint('due_fen IS NULL OR due_fen >= 0', name=op.f('ck_dues_months_due_fen_nonneg')),
    sa.CheckConstraint('paid_fen IS NULL OR paid_fen >= 0', name=op.f('ck_dues_months_paid_fen_nonneg')),
    sa.CheckConstraint('wage_fen IS NULL OR wage_fen >= 0', name=op.f('ck_dues_months_wage_fen_nonneg')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_dues_months_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_months')),
    sa.UniqueConstraint('member_id', 'month', name='uq_dues_months_member_month')
    )
    with op.batch_alter_table('dues_months', schema=None) as batch_op:
        batch_op.create_index('ix_dues_months_month', ['month', 'due_fen', 'paid_fen', 'paid_on', 'member_id'], unique=False)
        batch_op.create_index('ix_dues_months_paid_on', ['paid_on', 'paid_fen', 'member_id'], unique=False)

    op.create_table('wage_bases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('wage_fen', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('wage_fen IS NULL OR wage_fen >= 0', name=op.f('ck_wage_bases_wage_fen_nonneg')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_wage_bases_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wage_bases')),
    sa.UniqueConstraint('member_id', 'effective_from', name='uq_wage_bases_member_effective_from')
    )
    with op.batch_alter_table('wage_bases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wage_bases_member_id'), ['member_id'], unique=False)

    op.create_table('fund_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('sub_item', sa.String(length=50), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('voucher_no', sa.String(length=50), nullable=True),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('aid_batch_id', sa.Integer(), nullable=True),
    sa.Column('aid_payment_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('dues_month', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("category IN ('会费收入', '拨缴经费收入', '上级补助收入', '行政补助收入', '其他收入', '职工活动支出', '职工服务支出', '维权支出', '业务支出', '资本性支出', '其他支出')", name=op.f('ck_fund_entries_category_vocab')),
    sa.CheckConstraint('(CASE WHEN aid_batch_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN aid_payment_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN dues_month IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_fund_entries_one_link')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_fund_entries_amount_fen_positive')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_fund_entries_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['aid_batch_id'], ['aid_batches.id'], name=op.f('fk_fund_entries_aid_batch_id_aid_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['aid_payment_id'], ['aid_payments.id'], name=op.f('fk_fund_entries_aid_payment_id_aid_payments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_entries'))
    )
    with op.batch_alter_table('fund_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_entries_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entries_aid_batch_id'), ['aid_batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entries_aid_payment_id'), ['aid_payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entries_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entries_date'), ['date'], unique=False)

    op.create_table('rule_breaches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['aid_payments.id'], name=op.f('fk_rule_breaches_payment_id_aid_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['spending_rules.id'], name=op.f('fk_rule_breaches_rule_id_spending_rules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_breaches'))
    )
    with op.batch_alter_table('rule_breaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_breaches_payment_id'), ['payment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rule_breaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_breaches_payment_id'))

    op.drop_table('rule_breaches')
    with op.batch_alter_table('fund_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_entries_date'))
        batch_op.drop_index(batch_op.f('ix_fund_entries_category'))
        batch_op.drop_index(batch_op.f('ix_fund_entries_aid_payment_id'))
        batch_op.drop_index(batch_op.f('ix_fund_entries_aid_batch_id'))
        batch_op.drop_index(batch_op.f('ix_fund_entries_activity_id'))

    op.drop_table('fund_entries')
    with op.batch_alter_table('wage_bases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wage_bases_member_id'))

    op.drop_table('wage_bases')
    with op.batch_alter_table('dues_months', schema=None) as batch_op:
        batch_op.drop_index('ix_dues_months_paid_on')
        batch_op.drop_index('ix_dues_months_month')

    op.drop_table('dues_months')
    with op.batch_alter_table('dues_exemptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dues_exemptions_member_id'))

    op.drop_table('dues_exemptions')
    with op.batch_alter_table('spending_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spending_rules_program'))

    op.drop_table('spending_rules')
    with op.batch_alter_table('fund_budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_budgets_year'))

    op.drop_table('fund_budgets')
    _replace_program_check(_OLD_PROGRAMS)
