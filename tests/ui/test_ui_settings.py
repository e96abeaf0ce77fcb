"""Window state in QSettings: each test (see conftest) gets its own, empty INI file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unionbook.ui import ui_settings


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_starts_with_its_own_empty_settings(run: int) -> None:
    store = ui_settings.settings()
    assert Path(store.fileName()).is_relative_to(os.environ["XDG_CONFIG_HOME"])
    assert store.allKeys() == []  # the other run's value is not seen, whichever ran first
    assert ui_settings.get_int("main/page", 0) == 0
    store.setValue("main/page", run)
    store.sync()
    assert ui_settings.get_int("main/page", 0) == run
