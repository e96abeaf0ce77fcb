"""The 批量发放 preview is read, and the batch written, in the background: tests click 预览名单 or
确认发放 and wait until it is done."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer

from unionbook.services.aid import BatchPreview
from unionbook.ui.dialogs.batch_dialog import BatchDialog
from unionbook.ui.tasks import BackgroundTask


def previewed(dialog: BatchDialog, timeout_ms: int = 60_000) -> BatchPreview | None:
    """Run the preview as the chair's click does and wait until it is in (or refused, or failed):
    the list shown afterwards, None when nothing was shown."""
    task = dialog.run_preview()
    if task is not None and dialog.preview_task is task:
        _wait(task, timeout_ms)
        assert dialog.preview_task is None, "the preview did not finish in time"
    return dialog.preview


def _wait(task: BackgroundTask, timeout_ms: int) -> None:
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def confirmed(dialog: BatchDialog, timeout_ms: int = 60_000) -> int | None:
    """Click 确认发放 and wait until the batch is written (or refused, or failed): its id, or None."""
    task = dialog.confirm()
    if task is not None and dialog.record_task is task:
        _wait(task, timeout_ms)
        assert dialog.record_task is None, "the batch was not written in time"
    return dialog.batch_id
