"""the district book's statistical year and distinct people (issue 19): `statistical` on
district_books (the package's 统计年度 figures as JSON; NULL for a version 1 package, which lacks
them) and district_counted, the people behind the distinct-person figures by key rather than ID
number (services/district/people.py). Books imported from full-ID rosters before this revision get
their people keyed here, so their members still count once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 19:00:00
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: services/district/people.py as of this revision: the key, and the bits of the roster's figures.
MEMBER, JOINED, FEMALE, MIGRANT = 1, 2, 4, 8


def _key(year: int, number: str) -> str:
    number = (number or '').strip().upper()
    return hashlib.sha256(f'unionbook-package/{year}/{number}'.encode()).hexdigest()[:32] if number else ''


def upgrade() -> None:
    op.add_column('district_books', sa.Column('statistical', sa.Text(), nullable=True))
    counted = op.create_table('district_counted',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=32), nullable=False),
    sa.Column('year_bits', sa.BigInteger(), nullable=False),
    sa.Column('statistical_bits', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['district_books.id'], name=op.f('fk_district_counted_book_id_district_books'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_counted'))
    )
    with op.batch_alter_table('district_counted', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_counted_book_id'), ['book_id'], unique=False)
        batch_op.create_index('ix_district_counted_person_key', ['person_key'], unique=False)
    rows = op.get_bind().execute(sa.text(
        "SELECT p.book_id, b.year, p.id_number, p.is_member, p.joined, p.gender, p.migrant "
        "FROM district_people p JOIN district_books b ON b.id = p.book_id WHERE b.roster_ids = 'full'"))
    people = []
    for book_id, year, number, member, joined, gender, migrant in rows:
        bits = (MEMBER | (FEMALE if gender == '女' else 0) | (MIGRANT if migrant else 0)) if member else 0
        bits |= JOINED if joined else 0
        if bits:
            people.append({'book_id': book_id, 'person_key': _key(year, number), 'year_bits': bits, 'statistical_bits': 0})
    if people:
        op.bulk_insert(counted, people)


def downgrade() -> None:
    with op.batch_alter_table('district_counted', schema=None) as batch_op:
        batch_op.drop_index('ix_district_counted_person_key')
        batch_op.drop_index(batch_op.f('ix_district_counted_book_id'))
    op.drop_table('district_counted')
    with op.batch_alter_table('district_books', schema=None) as batch_op:
        batch_op.drop_column('statistical')
