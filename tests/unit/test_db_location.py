"""The warning about where a database sits (db/location.py): network drives and cloud-sync folders.

The Windows cases run on any OS: the tests stand in for Windows by giving the module Windows path
rules (ntpath, a path whose resolve() keeps the UNC form, as Windows' own does) and a fake
GetDriveTypeW, so no real network drive is needed.
"""

from __future__ import annotations

import ctypes
import logging
import ntpath
from pathlib import Path, PureWindowsPath
from types import SimpleNamespace

import pytest

from unionbook.db import location
from unionbook.db.location import location_warning

DRIVE_FIXED, DRIVE_REMOTE = 3, 4


def network_text(path: str) -> str:
    return f"数据库 {path} 位于网络驱动器上，可能损坏数据。请把它放在本机硬盘上，用“备份”功能另存副本。"


def sync_text(path: str) -> str:
    return f"数据库 {path} 位于云同步文件夹中，同步软件可能在写入时复制文件导致数据丢失。建议移到本机其他文件夹。"


class _WindowsPath(PureWindowsPath):
    """A Windows path already absolute: resolve() returns it as it is (UNC stays UNC)."""

    def resolve(self, strict: bool = False) -> _WindowsPath:  # noqa: ARG002 - Path.resolve's signature
        return self


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Windows for location.py; Z: is a mapped network drive. Returns the drive roots probed."""
    probed: list[str] = []

    def get_drive_type(root: str) -> int:
        probed.append(root)
        return DRIVE_REMOTE if root.upper() == "Z:\\" else DRIVE_FIXED

    monkeypatch.setattr(location, "sys", SimpleNamespace(platform="win32"))
    monkeypatch.setattr(location, "os", SimpleNamespace(path=ntpath))
    monkeypatch.setattr(location, "Path", _WindowsPath)
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=SimpleNamespace(GetDriveTypeW=get_drive_type)),
                        raising=False)  # fmt: skip
    return probed


# --- any OS: local folders and sync folders --------------------------------------------------


def test_a_local_folder_gets_no_warning(tmp_path: Path) -> None:
    assert location_warning(tmp_path / "工会台账" / "unionbook.sqlite") is None


@pytest.mark.parametrize(
    "folder",
    ["OneDrive", "OneDrive - 江川精密机械有限公司", "Dropbox", "iCloudDrive", "坚果云", "Nutstore", "我的坚果云",
     "百度网盘", "BaiduNetdisk", "BaiduNetdiskDownload", "WPS云盘", "WPSDrive", "ONEDRIVE"],
)  # fmt: skip
def test_a_cloud_sync_folder_gets_a_warning(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "工会" / "unionbook.sqlite"
    assert location_warning(path) == sync_text(str(path.resolve()))


@pytest.mark.parametrize("folder", ["Documents", "网盘资料", "drive", "OneNote", "云文档"])
def test_folders_that_only_look_alike_get_no_warning(tmp_path: Path, folder: str) -> None:
    assert location_warning(tmp_path / folder / "unionbook.sqlite") is None


def test_the_drive_probe_is_windows_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location, "sys", SimpleNamespace(platform="linux"))
    monkeypatch.delattr(ctypes, "windll", raising=False)  # touching it would raise AttributeError
    assert location._is_network_drive("Z:\\工会\\unionbook.sqlite") is False


# --- Windows: UNC paths and mapped drives ----------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("\\\\fileserver\\工会\\unionbook.sqlite", "\\\\fileserver\\工会\\unionbook.sqlite"),
        ("//fileserver/工会/unionbook.sqlite", "\\\\fileserver\\工会\\unionbook.sqlite"),
        ("\\\\192.168.1.20\\share\\台账\\unionbook.sqlite", "\\\\192.168.1.20\\share\\台账\\unionbook.sqlite"),
    ],
)
def test_a_unc_path_is_a_network_drive(windows: list[str], given: str, shown: str) -> None:
    assert location_warning(given) == network_text(shown)


def test_a_mapped_network_drive_is_a_network_drive(windows: list[str]) -> None:
    assert location_warning("Z:\\工会\\unionbook.sqlite") == network_text("Z:\\工会\\unionbook.sqlite")
    assert windows == ["Z:\\"]


def test_a_local_drive_on_windows_gets_no_warning(windows: list[str]) -> None:
    assert location_warning("C:\\Users\\陈晓燕\\Documents\\unionbook.sqlite") is None
    assert location_warning("D:\\台账\\unionbook.sqlite") is None
    assert windows == ["C:\\", "D:\\"]


def test_a_sync_folder_on_a_local_windows_drive(windows: list[str]) -> None:
    path = "C:\\Users\\陈晓燕\\OneDrive\\工会\\unionbook.sqlite"
    assert location_warning(path) == sync_text(path)


def test_the_network_warning_wins_over_the_sync_folder(windows: list[str]) -> None:
    """A OneDrive folder on a share: the network is the graver danger and is named."""
    share = "\\\\nas\\OneDrive\\unionbook.sqlite"
    assert location_warning(share) == network_text(share)
    assert location_warning("Z:\\百度网盘\\unionbook.sqlite") == network_text("Z:\\百度网盘\\unionbook.sqlite")


# --- Database.open passes the warning on -----------------------------------------------------


def test_database_open_keeps_and_logs_the_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from unionbook.services.database import Database

    path = tmp_path / "坚果云" / "unionbook.sqlite"
    with caplog.at_level(logging.WARNING, logger="unionbook.services.database"):
        with Database.open(path, source="test") as database:
            assert database.warning == sync_text(str(path.resolve()))
    assert sync_text(str(path.resolve())) in caplog.messages
    with Database.open(tmp_path / "本机" / "unionbook.sqlite", source="test") as database:
        assert database.warning is None
