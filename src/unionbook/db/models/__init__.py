"""All ORM models; importing this package registers every table on `Base.metadata`."""

from unionbook.db.models.activity import Activity, ActivityAttendance
from unionbook.db.models.aid import AidBatch, AidPayment, HardshipFamilyMember, HardshipFile, HardshipReview
from unionbook.db.models.attachment import Attachment
from unionbook.db.models.audit import AuditEntry
from unionbook.db.models.contract import CollectiveContract
from unionbook.db.models.district import DistrictBook, DistrictCounted, DistrictPerson, DistrictUnion
from unionbook.db.models.dues import DuesExemption, DuesMonth, WageBase
from unionbook.db.models.funds import FundBudget, FundEntry
from unionbook.db.models.honor import Honor
from unionbook.db.models.import_history import ImportProblem, ImportRecord
from unionbook.db.models.member import EmploymentEvent, Member, MembershipEvent
from unionbook.db.models.mutual_aid import MutualAidEnrollment
from unionbook.db.models.position import Position
from unionbook.db.models.rights_case import RightsCase
from unionbook.db.models.settings import AppSetting
from unionbook.db.models.spending_rule import RuleBreach, SpendingRule
from unionbook.db.models.union import UnionProfile

__all__ = [
    "Activity",
    "ActivityAttendance",
    "AidBatch",
    "AidPayment",
    "AppSetting",
    "Attachment",
    "AuditEntry",
    "CollectiveContract",
    "DistrictBook",
    "DistrictCounted",
    "DistrictPerson",
    "DistrictUnion",
    "DuesExemption",
    "DuesMonth",
    "EmploymentEvent",
    "FundBudget",
    "FundEntry",
    "HardshipFamilyMember",
    "HardshipFile",
    "HardshipReview",
    "Honor",
    "ImportProblem",
    "ImportRecord",
    "Member",
    "MembershipEvent",
    "MutualAidEnrollment",
    "Position",
    "RightsCase",
    "RuleBreach",
    "SpendingRule",
    "UnionProfile",
    "WageBase",
]
