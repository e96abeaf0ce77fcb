"""The 批量发放 preview is read in the background: tests click 预览名单 and wait for the list."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer

from unionbook.services.aid import BatchPreview
from unionbook.ui.dialogs.batch_dialog import BatchDialog


def previewed(dialog: BatchDialog, timeout_ms: int = 60_000) -> BatchPreview | None:
    """Run the preview as the chair's click does and wait until it is in (or refused, or failed):
    the list shown afterwards, None when nothing was shown."""
    task = dialog.run_preview()
    if task is not None and dialog.preview_task is task:
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        assert dialog.preview_task is None, "the preview did not finish in time"
    return dialog.preview
