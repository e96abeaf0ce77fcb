"""Errors raised by services. Each carries a code and parameters, never UI text.

Front ends (the CLI and ui/errors.py) turn them into one Chinese sentence with `message()`: the
sentences live here beside the codes so both fronts say the same thing.
"""

from __future__ import annotations


class UnionbookError(Exception):
    """Base class. `exit_code` is what the CLI returns for it (see DESIGN.md)."""

    code = "error"
    template = "操作失败：{detail}"
    exit_code = 1

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.message())

    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return f"{self.template}（{self.params}）"


class InputError(UnionbookError):
    """The user's input cannot be used; nothing was written (exit code 2)."""

    code = "input"
    template = "{detail}"
    exit_code = 2


class DatabaseLockedError(UnionbookError):
    code = "db_locked"
    template = "数据库 {path} 正被另一个 UnionBook 窗口或命令使用，请先关闭它再试"
    exit_code = 2


class DatabaseOpenError(UnionbookError):
    code = "db_open"
    template = "无法打开数据库 {path}：{detail}"
    exit_code = 2


class MigrationError(UnionbookError):
    code = "migration"
    template = "数据库 {path} 升级失败，已自动恢复到升级前的状态（备份：{backup}）。原因：{detail}"
    exit_code = 1


class NewerDatabaseError(UnionbookError):
    code = "db_newer"
    template = "数据库 {path} 由更新版本的 UnionBook 创建（版本 {revision}），请升级本软件后再打开"
    exit_code = 2


class DatabaseMissingError(UnionbookError):
    """Only the window (after asking) and `demo` create a database (DESIGN.md, "Command line")."""

    code = "db_missing"
    template = "找不到数据库 {path}：命令行不会新建数据库。请检查路径，或先打开 UnionBook 窗口新建，或用 `unionbook --db 路径 demo` 生成演示数据"
    exit_code = 2


class ForeignDatabaseError(DatabaseOpenError):
    """A SQLite file that holds another program's tables: refused and left byte-for-byte as it was."""

    code = "db_foreign"
    template = "{path} 不是 UnionBook 数据库（{detail}），已拒绝打开，文件未作任何改动。请选择 UnionBook 的数据库文件"


class DatabaseDamagedError(UnionbookError):
    """The integrity check failed; `backup` is the latest good backup ("" when there is none)."""

    code = "db_damaged"
    template = "数据库 {path} 已损坏（完整性检查未通过：{detail}）。{advice}"
    exit_code = 2

    def __init__(self, *, path: str, detail: str, backup: str = "") -> None:
        if backup:
            advice = f"最近一次完好的备份：{backup}，可用 `unionbook --db {path} restore {backup}` 恢复（损坏的文件会先另存一份）"
        else:
            advice = "没有找到可用的备份；请保留此文件，不要再写入，并联系技术人员"
        super().__init__(path=path, detail=detail, backup=backup, advice=advice)


class NotFoundError(UnionbookError):
    code = "not_found"
    template = "找不到{what}：{key}"
    exit_code = 2


class ValidationError(UnionbookError):
    """A record breaks a rule; `field` names the field in Chinese."""

    code = "validation"
    template = "{field}：{detail}"
    exit_code = 2


class OperationCancelled(UnionbookError):
    """The user cancelled long work; its transaction was rolled back."""

    code = "cancelled"
    template = "已取消，数据库未作任何修改"
    exit_code = 1


class RuleBreachError(UnionbookError):
    """A payment or batch breaks a spending rule (开支标准) and no reason was given: nothing was
    saved. `breaches` (domain.spending_rules.Breach) say who, which rule, the cap and what is left;
    saving again with a reason records them (services/spending_rules.py)."""

    code = "rule_breach"
    template = "{first}{more}。如确需发放，请填写原因后再保存（原因将记入合规检查报告）"
    exit_code = 2

    def __init__(self, *, breaches: tuple) -> None:  # tuple[Breach, ...]; domain.spending_rules imports nothing of ours
        self.breaches = tuple(breaches)
        more = f"（另有 {len(self.breaches) - 1} 条超出标准）" if len(self.breaches) > 1 else ""
        first = self.breaches[0].message if self.breaches else "超出开支标准"
        super().__init__(first=first, more=more, count=len(self.breaches))


class StaleRecordError(UnionbookError):
    """A save or delete of a record someone else changed (or deleted) since it was opened: refused,
    the record left as they saved it. `detail` says who changed it, when, and which fields (field
    names only: never an ID number or a phone), from the audit trail (services/audit/conflicts.py)."""

    code = "stale_record"
    template = "{detail}{advice}"
    exit_code = 2
