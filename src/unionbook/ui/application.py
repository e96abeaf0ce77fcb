"""GUI start-up: Qt application, translations, crash handler, the window's shell, database, pages.

The shell of the main window (navigation, year selector, an empty page) is shown and painted before
SQLAlchemy and the models are imported and before the database is opened (issues 17, 18): the
chair sees the window at once, then the open (with its questions: a missing, damaged or locked
book, the password) and the first page follow right after the first paint.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from unionbook import paths
from unionbook.domain.errors import UnionbookError
from unionbook.ui.errors import install_excepthook
from unionbook.ui.i18n import install_translations
from unionbook.ui.style import STYLE_SHEET

log = logging.getLogger(__name__)
_IMPORTED = time.perf_counter()


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
    _fade_disabled_placeholders(app)
    install_translations(app)
    return app


def _fade_disabled_placeholders(app: QApplication) -> None:
    """A disabled field's example text (例如：月饼一盒…) is drawn lighter than a disabled value.
    Qt's palette gives placeholders black at half strength in every state, so while a form is
    disabled (批量发放 writing its batch) the examples came out darker than typed values and
    read as if they had been typed."""
    palette = app.palette()
    faded = QColor(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
    faded.setAlpha(110)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.PlaceholderText, faded)
    app.setPalette(palette)


def _unlock(db: object) -> bool:
    """The open password, asked before any page reads data (ui/dialogs/password_dialog.py)."""
    from unionbook.ui.dialogs.password_dialog import unlock

    return unlock(db)  # type: ignore[arg-type]


# --- start-up checks: which database, and what to do when it is missing or damaged ---------------
# They run before MainWindow exists (tests build MainWindow directly and never meet them). Each
# question goes through `_choose`, which the tests replace.

CREATE, RESTORE, OTHER_FILE, QUIT = "create", "restore", "other", "quit"

#: Seconds the window's open spends on the integrity check of a file larger than WHOLE_CHECK_BYTES
#: (db/integrity.py; the command line keeps its second): the rest of a large book's check goes on
#: in the background once the window shows (start_background_checks, damage reported with the
#: offer to restore), instead of holding the window back (~1 s at 100,000 members).
WINDOW_CHECK_BUDGET = 0.1
#: A file up to this size is checked whole whatever the time (the 300-member demo union's 4 MB took
#: 0.09-0.11 s on a loaded 2-core machine): a small union's damage is then reported before any page
#: reads, however busy the PC; a larger file gets the time budget above.
WHOLE_CHECK_BYTES = 8 * 2**20


def _choose(title: str, text: str, choices: list[tuple[str, str]], icon: QMessageBox.Icon) -> str:
    """A QMessageBox with one button per (key, label); the key of the button pressed (QUIT when
    the box is closed)."""
    box = QMessageBox(icon, title, text)
    buttons = {}
    for key, label in choices:
        role = QMessageBox.ButtonRole.RejectRole if key == QUIT else QMessageBox.ButtonRole.AcceptRole
        buttons[box.addButton(label, role)] = key
    box.exec()
    return buttons.get(box.clickedButton(), QUIT)


def _pick_backup_file(start: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    from unionbook.ui.dialogs.backups_dialog import BACKUP_FILTER

    chosen, _ = QFileDialog.getOpenFileName(None, "选择备份文件", str(start), BACKUP_FILTER)
    return Path(chosen) if chosen else None


def _restore_into(target: Path, source: Path) -> bool:
    """Restore `source` over the database at `target` (missing, empty or damaged); False when the
    backup was refused (the refusal has been shown, nothing changed)."""
    from unionbook.services import backup as backups
    from unionbook.services.database import Database

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if not target.exists():
            Database.open(target, source="gui", create=True).close()  # an empty database to restore into
        db = Database.open_for_restore(target, source="gui")
        try:
            result = backups.restore(db, source)
        finally:
            db.close()
    except UnionbookError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(None, "无法恢复", exc.message())
        return False
    QApplication.restoreOverrideCursor()
    QMessageBox.information(None, "恢复完成", result.message())
    return True


def open_database(db_path: Path | None, create_without_asking: bool = False):
    """The database the window will show, after the start-up questions; None when the chair chose
    退出 or it cannot be opened (the reason has been shown).

    - Missing: only the window creates a database, and only after asking (新建 / 从备份恢复 / 退出);
      `--demo` creates it without asking.
    - Damaged: say so, name the latest good backup and offer to restore it (从备份恢复 / 退出).
    """
    from unionbook.domain.errors import DatabaseDamagedError
    from unionbook.services.database import Database

    target = db_path or paths.default_db_target()
    if paths.is_server_url(target):  # a server book: the administrator created it; no file questions
        try:
            return Database.open(target, source="gui", create=False)
        except UnionbookError as exc:
            QMessageBox.critical(None, "无法打开数据库", exc.message())
            return None
    target = Path(target).expanduser().resolve()
    if not target.exists() and not create_without_asking:
        choice = _choose(
            "新建数据库",
            f"没有找到台账数据库：\n{target}\n\n第一次使用时请新建一个；换了电脑或重装了系统，请从备份恢复。"
            "如果数据在 U 盘或移动硬盘上，请先连接它，再重新打开 UnionBook。",
            [(CREATE, "新建数据库"), (RESTORE, "从备份恢复…"), (QUIT, "退出")],
            QMessageBox.Icon.Question,
        )
        if choice == QUIT:
            return None
        if choice == RESTORE:
            source = _pick_backup_file(Path.home())
            if source is None or not _restore_into(target, source):
                return None
    while True:
        try:
            # The shell is on screen and does not repaint meanwhile (an upgrade of a large book
            # takes a while): the busy cursor says so, and is gone before any question is asked.
            small = not target.exists() or target.stat().st_size <= WHOLE_CHECK_BYTES
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                return Database.open(target, source="gui", create=True,
                                     check_budget=None if small else WINDOW_CHECK_BUDGET)  # fmt: skip
            finally:
                QApplication.restoreOverrideCursor()
        except DatabaseDamagedError as exc:
            latest = str(exc.params.get("backup") or "")
            text = (f"数据库已损坏，不能继续使用：\n{target}\n\n检查发现：{exc.params.get('detail')}\n\n"
                    + (f"最近一次完好的备份：\n{latest}\n\n从这个备份恢复吗？损坏的文件会先另存一份。" if latest
                       else "没有找到自动备份。如果有以前备份的文件，可以从它恢复。"))  # fmt: skip
            choices = [(RESTORE, "从备份恢复")] if latest else []
            choices += [(OTHER_FILE, "选择其他备份文件…"), (QUIT, "退出")]
            choice = _choose("数据库已损坏", text, choices, QMessageBox.Icon.Critical)
            if choice == QUIT:
                return None
            source = Path(latest) if choice == RESTORE else _pick_backup_file(target.parent / "backups")
            if source is None:
                return None
            _restore_into(target, source)  # refused: ask again (the loop opens and checks anew)
        except UnionbookError as exc:
            QMessageBox.critical(None, "无法打开数据库", exc.message())
            return None
        except OSError as exc:  # e.g. the remembered folder is on a drive that is not connected
            QMessageBox.critical(None, "无法打开数据库", f"无法打开或新建 {target}：{exc.strerror or exc}。"
                                 "如果数据在 U 盘或移动硬盘上，请先连接它。")  # fmt: skip
            return None


def start_background_checks(window, db) -> None:
    """After the window shows: the rest of an integrity check that outgrew the open's time budget,
    then the first backup of the day, in a worker. Damage found here is reported with the offer to
    restore the latest good backup."""
    from unionbook.services import backup as backups
    from unionbook.services.reading_switch import reading_switch
    from unionbook.ui.tasks import run_in_background

    if db.on_server:  # the server checks its pages and is backed up there (README, PostgreSQL)
        return

    def work(_progress, _cancelled):  # stopped by the window's close (stop_reading)
        return backups.after_open_checks(db, db.integrity, reading_switch(db))

    def done(path) -> None:
        if path is not None:
            window.statusBar().showMessage(f"已自动备份（每天第一次打开时）：{path}", 10000)

    def failed(exc: BaseException) -> None:
        from unionbook.domain.errors import DatabaseDamagedError
        from unionbook.ui.errors import show_error

        if not isinstance(exc, DatabaseDamagedError):
            log.warning("daily backup failed", exc_info=exc)
            window.statusBar().showMessage(f"今天的自动备份没有完成：{exc}", 15000)
            return
        latest = str(exc.params.get("backup") or "")
        if not latest:
            show_error(window, exc, "数据库已损坏")
            return
        choice = _choose("数据库已损坏", f"{exc.message()}\n\n现在从最近一次完好的备份恢复吗？",
                         [(RESTORE, "从备份恢复"), (QUIT, "稍后")], QMessageBox.Icon.Critical)  # fmt: skip
        if choice == RESTORE:
            from unionbook.ui.dialogs.backups_dialog import confirm_and_restore

            confirm_and_restore(window, db, Path(latest))

    task = run_in_background(window, "正在自动备份……", work, cancellable=False, quiet=True)
    task.success(done).failure(failed).start()


def bring_to_front(window, file: Path | None) -> None:
    """A later launch asked for the window (single_instance.py): raise it, and start the import
    wizard on the file it was given — on the 会员 page, as dropping the file on the window does —
    unless a dialog is open (then the status bar says to finish it first)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if file is None:
        return
    if not hasattr(window, "members_page"):  # the district window keeps no roster
        window.statusBar().showMessage(f"区总工会汇总库不导入花名册：{Path(file).name}", 15000)
        return
    from unionbook.ui.main_window import IMPORTABLE_SUFFIXES

    file = Path(file)
    if file.suffix.lower() not in IMPORTABLE_SUFFIXES or not file.is_file():
        window.statusBar().showMessage(f"不能导入这个文件：{file}（支持 .xlsx、.xls、.ods、.csv）", 15000)
        return
    if QApplication.activeModalWidget() is not None:
        window.statusBar().showMessage(f"请先完成或关闭当前对话框，再打开 {file.name}", 15000)
        return
    window.show_page(window.members_page.title)
    window.members_page.open_import(file)


def seconds_since_process_start() -> float:
    """Wall-clock seconds since this process started (the bundle's loader included), from the
    operating system; since this module was imported where it cannot tell."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as uptime:
                ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
                return float(uptime.read().split()[0]) - ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            times = [wintypes.FILETIME() for _ in range(4)]
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), *[ctypes.byref(t) for t in times])
            created = (times[0].dwHighDateTime << 32 | times[0].dwLowDateTime) / 1e7 - 11644473600
            return time.time() - created
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return time.perf_counter() - _IMPORTED  # elsewhere: since the window's code was imported


#: How long the start waits for the shell's first paint before opening the database regardless
#: (a window that never paints — started minimised, a broken display — must not hold the start).
FIRST_PAINT_WAIT_MS = 2000


def wait_for_first_paint(window) -> bool:
    """Run the event loop until `window` has painted once (at most FIRST_PAINT_WAIT_MS); whether
    it did."""
    loop = QEventLoop()
    seen = _PaintSeen(window, loop)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    limit.start(FIRST_PAINT_WAIT_MS)
    loop.exec()
    limit.stop()
    window.removeEventFilter(seen)
    seen.deleteLater()
    return seen.painted


class _PaintSeen(QObject):
    def __init__(self, window, loop: QEventLoop) -> None:
        super().__init__(window)
        self.painted = False
        self.loop = loop
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self.loop.quit()  # the loop ends after this paint is done
        return False


class _FirstPaint(QObject):
    """`--exit-when-shown`: notes the window's first paint (the shell's), then — once the window
    has its database and first page (`ready`) — the first moment the event loop has nothing left
    to do, prints both and quits."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.painted: float | None = None
        self._ready = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.painted is None and event.type() == QEvent.Type.Paint:
            self.painted = seconds_since_process_start()
            self._idle_soon()
        return False

    def ready(self, window) -> None:
        """The window is loaded (a district book's window may have taken the shell's place)."""
        if window is not self.window:
            self.setParent(window)
            self.window = window
        self._ready = True
        self._idle_soon()

    def _idle_soon(self) -> None:
        if self._ready and self.painted is not None:
            QTimer.singleShot(0, self._idle)

    def _idle(self) -> None:
        idle = seconds_since_process_start()
        print(f"窗口首次绘制 {self.painted:.2f} 秒，空闲 {idle:.2f} 秒", flush=True)
        self.window.close()
        # Closing the last window ends the event loop by a posted Quit event; quitting as well would
        # leave that event for whatever event loop runs next (a test's), which it would end at once.
        if any(w.isVisible() for w in QApplication.topLevelWidgets()) or not QApplication.quitOnLastWindowClosed():
            QApplication.exit(0)


def report_when_shown(window) -> _FirstPaint:
    return _FirstPaint(window)


def run_gui(
    db_path: Path | None = None, demo_if_empty: bool = False, *, exit_when_shown: bool = False, open_file: Path | None = None
) -> int:
    """The window. `open_file` (`--open FILE`, the "open with" of a roster) starts the import wizard
    on it; with a window already open on this database, it is handed to that window instead
    (ui/single_instance.py). `exit_when_shown` prints the seconds to the first paint and to idle,
    then closes (`--exit-when-shown`: the bundle's smoke test and the start-up benchmark)."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = create_application()
    install_excepthook()

    from unionbook.ui import single_instance

    target = db_path or paths.default_db_target()
    if not paths.is_server_url(target):
        target = Path(target).expanduser().resolve()
    instance = single_instance.InstanceServer(single_instance.server_name(target))
    if not exit_when_shown:
        if single_instance.hand_over(instance.name, open_file):
            return 0
        instance.listen()
    try:
        return _run_window(app, db_path, demo_if_empty, instance, exit_when_shown, open_file)
    finally:
        instance.close()


def _run_window(app: QApplication, db_path: Path | None, demo_if_empty: bool, instance, exit_when_shown: bool,
                open_file: Path | None) -> int:  # fmt: skip
    from unionbook.ui.main_window import MainWindow

    shell = MainWindow()  # no database yet: navigation, year, an empty page
    reporter = report_when_shown(shell) if exit_when_shown else None
    shell.show()
    wait_for_first_paint(shell)
    db = open_database(db_path, create_without_asking=demo_if_empty)
    if db is None:
        _close_shell(shell)
        return 2
    try:
        from unionbook.services.reading_switch import reading_switch

        reading_switch(db)  # watches the book's connections from now on: the close stops their reading
        if not _unlock(db):
            _close_shell(shell)
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

        if not shell.isVisible():  # closed by the chair while the database was opening
            _close_shell(shell)
            return 0
        from unionbook.ui.windows import window_for

        window = window_for(db, shell)  # the shell gets the database; a district book the 区总 window
        window.show()
        if reporter is not None:
            reporter.ready(window)
        instance.attach(lambda file: bring_to_front(window, file))
        if open_file is not None:
            QTimer.singleShot(0, lambda: bring_to_front(window, open_file))
        start_background_checks(window, db)
        # What start-up made (modules, Qt wrappers, the first page) lives as long as the window:
        # moved out of the collector's reach, a full collection during a later first show walks
        # only what came after (it took ~55 ms of a page's first show at 100,000 members). Once
        # the event loop runs, the garbage of start-up (a --demo first start leaves ~10,000
        # objects) is collected first, so it is not kept for the whole session.
        QTimer.singleShot(0, _freeze_start_up)
        return app.exec()
    finally:
        stop_reading(db)
        db.close()


def _freeze_start_up() -> None:
    gc.collect()
    gc.freeze()


def stop_reading(db) -> None:
    """The window has closed: the background reading of the book (the overview's figures, the rest
    of the integrity check, the day's first backup) stops now instead of holding the program and
    the book's lock for half a minute (issues 17/18; db/interrupt.py). A cancelled daily backup
    leaves no file and is made at the next open; a write in progress (a save, an import) is not
    interrupted and is waited for, as before."""
    from PySide6.QtCore import QThreadPool

    from unionbook.services.reading_switch import reading_switch

    switch = reading_switch(db)
    switch.stop()
    QThreadPool.globalInstance().waitForDone(120_000)
    switch.reset()  # the workers are gone; what runs after (a test's next window) reads as before


def _close_shell(shell) -> None:
    """The start ends without a database (the chair chose 退出, or it could not be opened)."""
    shell.close()
    shell.deleteLater()
