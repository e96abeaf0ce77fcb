"""The kinds of records an operation can change, so that screens know when to read again.

An operation (a save, an import, a batch, a restore) names the registers it touched; the pages
that show those registers refresh, the others stay as they are (ui/changes.py carries the notice).
The names are the registers' own Chinese names, so a notice reads well in a log or a test.
"""

from __future__ import annotations

from enum import StrEnum


class Register(StrEnum):
    MEMBERS = "会员"
    CONTRACTS = "集体合同"
    HARDSHIP = "困难职工档案"
    PAYMENTS = "帮扶慰问发放"
    BATCHES = "批量发放"
    ACTIVITIES = "活动"
    HONORS = "荣誉"
    POSITIONS = "阵地"
    CASES = "维权"
    MUTUAL_AID = "互助保障"
    DUES = "会费"  # wage bases, the monthly dues ledger, exemptions
    FUNDS = "经费收支"  # fund entries and budgets
    SPENDING_RULES = "开支标准"  # the rules and the breaches recorded against them
    ATTACHMENTS = "附件"
    PROFILE = "工会信息"
    TEMPLATES = "文档模板"


#: What a restore, the demo union or a migration changes: everything.
ALL_REGISTERS: frozenset[Register] = frozenset(Register)
