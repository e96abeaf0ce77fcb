"""GUI start-up: Qt application, translations, crash handler, database, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from unionbook import paths
from unionbook.domain.errors import UnionbookError
from unionbook.ui.errors import install_excepthook
from unionbook.ui.i18n import install_translations
from unionbook.ui.style import STYLE_SHEET

log = logging.getLogger(__name__)


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationDisplayName("工会台账")
    font = QFont(app.font())
    # Windows ships 微软雅黑; Linux desktops have Noto/Source Han; Qt falls back along this list.
    font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", font.family()])
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    install_translations(app)
    return app


def _unlock(db: object) -> bool:
    """The open password, asked before any page reads data (ui/dialogs/password_dialog.py)."""
    from unionbook.ui.dialogs.password_dialog import unlock

    return unlock(db)  # type: ignore[arg-type]


def run_gui(db_path: Path | None = None, demo_if_empty: bool = False) -> int:
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = create_application()
    install_excepthook()

    from unionbook.services.database import Database

    try:
        db = Database.open(db_path, source="gui")
    except UnionbookError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message())
        return exc.exit_code
    try:
        if not _unlock(db):
            return 2
        if demo_if_empty:
            from unionbook.services.demo import generate_demo
            from unionbook.services.overview import register_counts

            if register_counts(db.session_factory).empty:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    generate_demo(db.session_factory)
                finally:
                    QApplication.restoreOverrideCursor()

        from unionbook.ui.main_window import MainWindow

        window = MainWindow(db)
        window.show()
        return app.exec()
    finally:
        db.close()
