"""Every table of the book as a plain Core `Table`, by its SQL name, defined on the one MetaData of
db/metadata.py. Importing this package never imports SQLAlchemy's ORM: the figures and the open
path read the book through these tables; the ORM classes (db/models/) are mapped onto them."""

from unionbook.db.tables.activity import activities, activity_attendance
from unionbook.db.tables.aid import (
    aid_batches,
    aid_payments,
    hardship_family_members,
    hardship_files,
    hardship_reviews,
)
from unionbook.db.tables.attachment import attachments
from unionbook.db.tables.audit import audit_log
from unionbook.db.tables.contract import collective_contracts
from unionbook.db.tables.district import (
    district_books,
    district_counted,
    district_people,
    district_unions,
)
from unionbook.db.tables.dues import dues_exemptions, dues_months, wage_bases
from unionbook.db.tables.funds import fund_budgets, fund_entries
from unionbook.db.tables.honor import honors
from unionbook.db.tables.import_history import import_problems, import_records
from unionbook.db.tables.member import employment_events, members, membership_events
from unionbook.db.tables.mutual_aid import mutual_aid_enrollments
from unionbook.db.tables.position import positions
from unionbook.db.tables.rights_case import rights_cases
from unionbook.db.tables.settings import app_settings
from unionbook.db.tables.spending_rule import rule_breaches, spending_rules
from unionbook.db.tables.union import union_profile

__all__ = [
    "activities",
    "activity_attendance",
    "aid_batches",
    "aid_payments",
    "app_settings",
    "attachments",
    "audit_log",
    "collective_contracts",
    "district_books",
    "district_counted",
    "district_people",
    "district_unions",
    "dues_exemptions",
    "dues_months",
    "employment_events",
    "fund_budgets",
    "fund_entries",
    "hardship_family_members",
    "hardship_files",
    "hardship_reviews",
    "honors",
    "import_problems",
    "import_records",
    "members",
    "membership_events",
    "mutual_aid_enrollments",
    "positions",
    "rights_cases",
    "rule_breaches",
    "spending_rules",
    "union_profile",
    "wage_bases",
]
