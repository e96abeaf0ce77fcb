"""Qt's own buttons and dialogs read Chinese, from one catalogue read once (start-up, issue 18)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication

from unionbook.ui.application import create_application
from unionbook.ui.i18n import install_translations


def test_standard_buttons_and_the_file_dialog_read_chinese_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    app = create_application()
    with caplog.at_level(logging.WARNING, logger="unionbook.ui.i18n"):
        installed = install_translations(app)
    try:
        assert caplog.records == []  # every catalogue asked for was found
        assert len(installed) == 2  # qtbase_zh_CN and the supplement: qtbase is not read twice
        assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    finally:
        for translator in installed:
            app.removeTranslator(translator)
