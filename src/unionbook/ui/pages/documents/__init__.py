"""The 文档 page, one module per panel: templates_panel (the list), user_templates (添加/删除 and the
变量目录), recent_panel (最近生成的文档), period_panel (统计期间), figures_panel (将用到的数字),
output_panel (保存到) and generate_panel (生成文档); page.py lays them out and passes the selection
along. What the panels show is decided in services.document_plan and services.recent_documents.
"""

from unionbook.services.document_plan import PeriodChoice, other_variables, used_figures
from unionbook.services.recent_documents import RecentDocument
from unionbook.ui.pages.documents.page import DocumentsPage
from unionbook.ui.pages.documents.recent_panel import forget_recent, load_recent, remember_recent

__all__ = [
    "DocumentsPage",
    "PeriodChoice",
    "RecentDocument",
    "forget_recent",
    "load_recent",
    "other_variables",
    "remember_recent",
    "used_figures",
]
