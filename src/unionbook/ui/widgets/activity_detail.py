"""The panel under the activities table: the selected activity in three columns.

The facts (category, place, 人次 and whether a sign-in list backs them, cost, a meeting's quorum),
what it was about (the summary, and a meeting's decisions), and its photos and files — what a chair
looks up for one activity while the table is scanned for the year.
"""

from __future__ import annotations

import html

from unionbook.domain.money import format_yuan
from unionbook.services.activities import ActivityRow
from unionbook.services.database import Database
from unionbook.ui.i18n import translator
from unionbook.ui.models.activity_table_model import date_text, quorum_sentence
from unionbook.ui.widgets.detail_panel import DetailPanel

tr = translator("ActivityDetail")


def detail_html(row: ActivityRow) -> str:
    """The activity's facts as short lines for the panel (plain words, no table)."""
    data = row.data
    esc = html.escape
    lines = [f"{data.category}　{data.role}"]
    if data.location:
        lines.append(tr("地点：") + esc(data.location))
    if row.attendance:
        typed = ""
        if data.participants is not None and data.participants != row.attendance:
            typed = tr("（登记的 {0} 人次不计）").format(data.participants)
        lines.append(tr("参与人次：{0}（按签到名单）").format(row.attendance) + typed)
    elif data.participants is not None:
        lines.append(tr("参与人次：{0}").format(f"{data.participants:,}"))
    else:
        lines.append(tr("参与人次：未填写"))
    if data.cost_fen or data.funding_source:
        source = f"（{esc(data.funding_source)}）" if data.funding_source else ""
        lines.append(tr("费用：{0} 元").format(format_yuan(data.cost_fen)) + source)
    if data.outcome:
        lines.append(tr("成果/获奖：") + esc(data.outcome))
    if data.is_meeting:
        text, held = quorum_sentence(data.category, data.expected_attendance, data.actual_attendance, short=True)
        colour = {True: "#1e8449", False: "#c0392b"}.get(held, "#6b7785")  # type: ignore[arg-type]
        lines.append(f'<span style="color:{colour}">{esc(text)}</span>')
        if data.proposals is not None:
            lines.append(tr("提案 {0} 件，已办结 {1} 件").format(data.proposals, data.proposals_closed or 0))
    return "<br>".join(lines)


def summary_html(row: ActivityRow) -> str:
    """What the activity was about: the summary, and a meeting's decisions one per line."""
    data = row.data
    parts = []
    if data.summary:
        parts.append(f"<b>{tr('摘要')}</b><br>{html.escape(data.summary)}")
    if data.is_meeting and data.decisions:
        decisions = "<br>".join(html.escape(line) for line in data.decisions.splitlines() if line.strip())
        parts.append(f"<b>{tr('决议事项')}</b><br>{decisions}")
    if not parts:
        parts.append(f'<span style="color:#6b7785">{tr("没有填写摘要。双击这一行可补充。")}</span>')
    return "<br><br>".join(parts)


class ActivityDetail(DetailPanel):
    """`show_activity(row)` fills the panel (None: nothing selected); `attachments` are the row's."""

    def __init__(self, db: Database) -> None:
        super().__init__("activityDetail")
        self.info = self.add_text(3, scrolled=True)
        self.summary = self.add_text(4, scrolled=True)
        self.add_attachments(db, "activity_id", tr("请先在上面的表格中选中一项活动。"), caption=tr("照片和附件"))
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 + 30)

    def show_activity(self, row: ActivityRow | None) -> None:
        if not self.show_owner(row, tr("（未选中活动）")):
            return
        self.title.setText(f"{date_text(row)}　{row.data.name}")
        self.info.setText(detail_html(row))
        self.summary.setText(summary_html(row))
