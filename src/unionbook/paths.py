"""Where things are: bundled resources and migrations, and the user's data, log and config folders.

resources/ and migrations/ live at the top of the source tree. They must be found in three
situations, tried in this order:
1. the pyinstaller bundle (sys._MEIPASS/resources, as build.spec lays them out);
2. a wheel install, where the build puts them inside the package (unionbook/resources);
3. a source checkout or editable install (<repo>/resources beside src/).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "UnionBook"
APP_AUTHOR = "UnionBook"
DB_ENV_VAR = "UNIONBOOK_DB"
DB_FILENAME = "unionbook.sqlite"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled_dir(name: str) -> Path:
    candidates = []
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        candidates.append(Path(sys._MEIPASS) / name)
    candidates.append(_PACKAGE_DIR / name)
    candidates.append(_PACKAGE_DIR.parent.parent / name)  # src/unionbook → repository root
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到程序文件夹 {name}（查找了：{', '.join(map(str, candidates))}），请重新安装 UnionBook")


def resources_dir() -> Path:
    return _bundled_dir("resources")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def migrations_path() -> Path:
    return _bundled_dir("migrations")


def data_dir() -> Path:
    """The user's data folder (database, attachments, user templates, generated documents)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """What the program can work out again but keeps to save time (the templates' scanned variables)."""
    path = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


#: In the user data folder: where the database lives after 设置 → 移动数据文件夹 (one line, a path).
LOCATION_FILE = "数据位置.txt"


def remembered_db_path() -> Path | None:
    """The database the chair moved their data to, if they did."""
    try:
        text = (data_dir() / LOCATION_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def remember_db_path(path: Path) -> None:
    """Make `path` the default database from the next start (written whole or not at all)."""
    target = data_dir() / LOCATION_FILE
    partial = target.with_name(target.name + ".partial")
    partial.write_text(str(Path(path).resolve()) + "\n", encoding="utf-8")
    os.replace(partial, target)


def default_db_path() -> Path:
    """`UNIONBOOK_DB` when set, else where the data was moved to, else the user data folder's."""
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return remembered_db_path() or data_dir() / DB_FILENAME


#: What `--db` / UNIONBOOK_DB may start with to name a PostgreSQL server instead of a file.
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_url(target: object) -> bool:
    """True for a `postgresql://…` database address (db/backend.py), False for a file path."""
    return isinstance(target, str) and target.strip().lower().startswith(SERVER_SCHEMES)


def db_target(text: str) -> Path | str:
    """`--db`'s type: a server address stays text (Path would fold its `//`), anything else a path."""
    return text.strip() if is_server_url(text) else Path(text)


def default_db_target() -> Path | str:
    """The book to open without `--db`: UNIONBOOK_DB when it names a server, else default_db_path()."""
    env = os.environ.get(DB_ENV_VAR, "")
    return env.strip() if is_server_url(env) else default_db_path()


def user_files_dir(db_path: Path, name: str) -> Path:
    """A folder that belongs with one database (attachments/, templates/, documents/): beside it,
    so that copying the folder copies the records and their files together."""
    path = Path(db_path).resolve().parent / name
    return path
