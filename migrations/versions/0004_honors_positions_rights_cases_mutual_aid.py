"""honors, positions, rights cases and mutual aid (issue 13).

Four new tables (honors, positions, rights_cases, mutual_aid_enrollments); attachments gain an
owner column for positions' photos (position_id, and the one-owner CHECK counts it); hardship
reviews gain 走访人 (visitors); activities' category CHECK admits 职工体检/疗休养. The CHECKs are
replaced in batch mode (SQLite re-creates the tables); nothing existing is lost.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 14:06:50.387227
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CATEGORIES = ("'思想教育/宣讲', '文体活动', '劳动和技能竞赛', '安康杯', '培训', '职代会/会员大会', '工会委员会议', "
               "'普法宣传', '志愿服务', '走访慰问', '女职工活动'")  # fmt: skip
_OLD_CATEGORIES = f"category IN ({_CATEGORIES}, '其他')"
_NEW_CATEGORIES = f"category IN ({_CATEGORIES}, '职工体检/疗休养', '其他')"
_OWNERS = ("member_id", "contract_id", "hardship_file_id", "activity_id")


def _one_owner(columns: tuple[str, ...]) -> str:
    # CASE rather than (c IS NOT NULL): PostgreSQL does not add booleans.
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def _replace_check(table: str, name: str, expression: str, batch_op: object | None = None) -> None:
    if batch_op is None:
        with op.batch_alter_table(table, schema=None) as batch:
            _replace_check(table, name, expression, batch)
        return
    batch_op.drop_constraint(op.f(name), type_='check')  # type: ignore[attr-defined]
    batch_op.create_check_constraint(op.f(name), expression)  # type: ignore[attr-defined]


def upgrade() -> None:
    op.create_table('positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('area', sa.Integer(), nullable=True),
    sa.Column('demo_level', sa.String(length=10), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("demo_level IS NULL OR demo_level IN ('全国示范', '省级示范', '市级示范', '区县级示范')", name=op.f('ck_positions_demo_level_vocab')),
    sa.CheckConstraint("kind IN ('职工之家', '职工小家', '职工书屋', '爱心妈妈小屋/母婴室', '户外劳动者爱心驿站', '职工活动室', '心理驿站', '其他')", name=op.f('ck_positions_kind_vocab')),
    sa.CheckConstraint('area IS NULL OR area >= 0', name=op.f('ck_positions_area_nonneg')),
    sa.CheckConstraint('closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on', name=op.f('ck_positions_closed_on_after_opened_on')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_positions_opened_on'), ['opened_on'], unique=False)

    op.create_table('honors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('recipient', sa.String(length=10), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('collective', sa.String(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(recipient = '个人') = (member_id IS NOT NULL)", name=op.f('ck_honors_person_named')),
    sa.CheckConstraint("kind IN ('劳动模范', '先进工作者', '五一劳动奖章', '五一劳动奖状', '工人先锋号', '工匠', '最美职工', '优秀工会工作者', '工会积极分子', '模范职工之家', '模范职工小家', '创新工作室', '创新班组', '技术创新成果', '其他')", name=op.f('ck_honors_kind_vocab')),
    sa.CheckConstraint("level IN ('全国', '省部级', '市级', '县区级', '本单位')", name=op.f('ck_honors_level_vocab')),
    sa.CheckConstraint("recipient IN ('个人', '班组', '部门', '本工会')", name=op.f('ck_honors_recipient_vocab')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_honors_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honors'))
    )
    with op.batch_alter_table('honors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_honors_awarded_on'), ['awarded_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_honors_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_honors_member_id'), ['member_id'], unique=False)

    op.create_table('mutual_aid_enrollments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=100), nullable=False),
    sa.Column('contribution_fen', sa.Integer(), nullable=False),
    sa.Column('policy_number', sa.String(length=50), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('contribution_fen IS NULL OR contribution_fen >= 0', name=op.f('ck_mutual_aid_enrollments_contribution_fen_nonneg')),
    sa.CheckConstraint('year BETWEEN 1990 AND 2100', name=op.f('ck_mutual_aid_enrollments_year_range')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_mutual_aid_enrollments_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mutual_aid_enrollments')),
    sa.UniqueConstraint('member_id', 'year', 'plan', name='uq_mutual_aid_enrollments_member_year_plan')
    )
    with op.batch_alter_table('mutual_aid_enrollments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mutual_aid_enrollments_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mutual_aid_enrollments_year'), ['year'], unique=False)

    op.create_table('rights_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('person_name', sa.String(length=50), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('handling', sa.Text(), nullable=True),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(outcome = '办理中') = (closed_on IS NULL)", name=op.f('ck_rights_cases_open_until_closed')),
    sa.CheckConstraint("kind IN ('法律咨询', '劳动争议调解', '法律援助', '职工诉求/办实事')", name=op.f('ck_rights_cases_kind_vocab')),
    sa.CheckConstraint("outcome IN ('调解成功', '调解不成', '已解决', '转交', '办理中')", name=op.f('ck_rights_cases_outcome_vocab')),
    sa.CheckConstraint('closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on', name=op.f('ck_rights_cases_closed_on_after_opened_on')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_rights_cases_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rights_cases'))
    )
    with op.batch_alter_table('rights_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rights_cases_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_rights_cases_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_rights_cases_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rights_cases_opened_on'), ['opened_on'], unique=False)

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachments_position_id'), ['position_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachments_position_id_positions'), 'positions', ['position_id'], ['id'], ondelete='CASCADE')
        _replace_check('attachments', 'ck_attachments_one_owner', _one_owner((*_OWNERS, 'position_id')), batch_op)

    with op.batch_alter_table('hardship_reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visitors', sa.String(length=100), nullable=True))

    _replace_check('activities', 'ck_activities_category_vocab', _NEW_CATEGORIES)


def downgrade() -> None:
    # The old CHECK knows no 职工体检/疗休养: such activities become 其他 rather than being lost.
    op.execute("UPDATE activities SET category = '其他' WHERE category = '职工体检/疗休养'")
    _replace_check('activities', 'ck_activities_category_vocab', _OLD_CATEGORIES)
    with op.batch_alter_table('hardship_reviews', schema=None) as batch_op:
        batch_op.drop_column('visitors')

    # Positions go, and their photos' rows with them (the stored files are swept as orphans).
    op.execute("DELETE FROM attachments WHERE position_id IS NOT NULL")
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        _replace_check('attachments', 'ck_attachments_one_owner', _one_owner(_OWNERS), batch_op)
        batch_op.drop_constraint(batch_op.f('fk_attachments_position_id_positions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachments_position_id'))
        batch_op.drop_column('position_id')

    with op.batch_alter_table('rights_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rights_cases_opened_on'))
        batch_op.drop_index(batch_op.f('ix_rights_cases_member_id'))
        batch_op.drop_index(batch_op.f('ix_rights_cases_kind'))
        batch_op.drop_index(batch_op.f('ix_rights_cases_closed_on'))

    op.drop_table('rights_cases')
    with op.batch_alter_table('mutual_aid_enrollments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mutual_aid_enrollments_year'))
        batch_op.drop_index(batch_op.f('ix_mutual_aid_enrollments_member_id'))

    op.drop_table('mutual_aid_enrollments')
    with op.batch_alter_table('honors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_honors_member_id'))
        batch_op.drop_index(batch_op.f('ix_honors_kind'))
        batch_op.drop_index(batch_op.f('ix_honors_awarded_on'))

    op.drop_table('honors')
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positions_opened_on'))
        batch_op.drop_index(batch_op.f('ix_positions_kind'))

    op.drop_table('positions')
