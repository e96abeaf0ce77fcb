"""Qt's own Chinese translations, so standard buttons and dialogs read 确定/取消.

Our strings are written in Chinese in the source (inside tr()), so no .qm of ours is needed. Qt's
come from qtbase_zh_CN.qm in PySide6's translations folder (where QLibraryInfo says, or beside the
PySide6 package in a frozen build). Qt 6 renamed a few labels of its file chooser after the Chinese
file was made ("&Look in:", "Files of &type:"), so those few are supplied here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

def translator(context: str) -> Callable[[str], str]:
    """A module's `tr`: its texts translated in `context` (`tr = translator("ContractDialog")`)."""
    return partial(QCoreApplication.translate, context)


#: Strings Qt shows a chair that its zh_CN files lack: (context, source) → translation.
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class _Supplement(QTranslator):
    """Answers only the strings of MISSING; every other lookup falls through to Qt's files."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return MISSING.get((context, source_text))  # type: ignore[return-value] - None: a null QString, "not mine"

    def isEmpty(self) -> bool:
        return False


def translation_folders() -> list[Path]:
    """Where qtbase_zh_CN.qm may be: Qt's own path, then beside the PySide6 package (a frozen build)."""
    import PySide6

    package = Path(PySide6.__file__).parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               package / "Qt" / "translations", package / "translations"]  # fmt: skip
    return list(dict.fromkeys(folders))


#: Qt's catalogues the window loads. qt_zh_CN.qm is only a list of others (qtbase + qtmultimedia):
#: loading it read qtbase a second time and, in the bundle, where qtmultimedia's file is left out,
#: failed with a warning on every start.
CATALOGUES = ("qtbase_zh_CN",)


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's Chinese (qtbase_zh_CN) and the supplement; returns what was installed."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed: list[QTranslator] = []
    for name in CATALOGUES:
        for folder in translation_folders():
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                installed.append(translator)
                break
        else:
            log.warning("Qt's %s.qm was not found in %s: Qt's own dialogs will read English", name,
                        [str(f) for f in translation_folders()])  # fmt: skip
    supplement = _Supplement(app)
    app.installTranslator(supplement)
    installed.append(supplement)
    return installed
