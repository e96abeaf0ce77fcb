"""No full ID number or phone in the log or on the terminal when a write fails (issue 12, item 4).

SQLAlchemy's error text carries the statement's parameters, and an import's parameters are whole
rows. Two guards: the engine hides parameters (db/engine.py), and every log handler masks anything
shaped like an ID or a mobile number (log.py). The end-to-end test makes an import fail in a
subprocess and scans what it left behind; the others check each guard alone.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

PEOPLE = [("张三", "11010119900307803X", "13812345678"), ("李四", "110105198506300027", "13987654321")]
SECRETS = [secret for _name, *numbers in PEOPLE for secret in numbers]


def _roster(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "证件号码", "手机号码", "部门"])
    for name, id_number, phone in PEOPLE:
        sheet.append([name, id_number, phone, "一车间"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("failure", ["trigger", "readonly"])
def test_a_failing_import_leaves_no_id_or_phone_in_the_log_or_on_the_terminal(
    db_path: Path, tmp_path: Path, failure: str
) -> None:
    if failure == "trigger":  # any write refused by SQLite after the rows were checked
        with sqlite3.connect(db_path) as connection:
            connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'full'); END")
        command = [sys.executable, "-m", "unionbook"]
    else:  # SQLITE_READONLY on every connection, as for a read-only file
        wrapper = (
            "import sys\nfrom sqlalchemy import event\nfrom sqlalchemy.engine import Engine\n"
            "event.listen(Engine, 'connect', lambda c, r: c.execute('PRAGMA query_only = 1'))\n"
            "from unionbook.app import main\nraise SystemExit(main(sys.argv[1:]))\n"
        )
        command = [sys.executable, "-c", wrapper]
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "UNIONBOOK_"))}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"))
    result = subprocess.run(
        [*command, "--db", str(db_path), "import", "members", str(_roster(tmp_path / "名册.xlsx"))],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode in (1, 2), result.stderr
    logs = list(home.rglob("unionbook.log*"))
    assert logs, "the failure was not logged"
    logged = "".join(path.read_text(encoding="utf-8") for path in logs)
    assert "Traceback" in logged  # the details are in the log ...
    for secret in SECRETS:
        assert secret not in logged, f"{secret} in the log"
        assert secret not in result.stderr and secret not in result.stdout, f"{secret} on the terminal"
    assert "110101********803X" in logged or "[SQL parameters hidden" in logged  # ... but masked


def test_the_engine_hides_statement_parameters(db_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    from unionbook.db.engine import make_engine

    engine = make_engine(db_path)
    try:
        with pytest.raises(IntegrityError) as excinfo, engine.begin() as connection:
            insert = text("INSERT INTO members (id, name, id_number) VALUES (:id, :name, :number)")
            connection.execute(insert, {"id": 1, "name": "张三", "number": PEOPLE[0][1]})
            connection.execute(insert, {"id": 1, "name": "张三", "number": PEOPLE[0][1]})  # same primary key
    finally:
        engine.dispose()
    assert PEOPLE[0][1] not in str(excinfo.value)


def test_mask_personal_masks_ids_and_mobiles_and_nothing_else() -> None:
    from unionbook.log import mask_personal

    line = (
        "('11010119900307803x', 'x', '110101900307803', '13812345678', '+8613987654321', "
        "sha256=a1b2110101199003078031c3, size=123456789012345678901, 2024-05-03 12:00:01,123)"
    )
    masked = mask_personal(line)
    assert "110101********803x" in masked and "110101*****7803" in masked
    assert "138****5678" in masked and "+86139****4321" in masked
    assert "a1b2110101199003078031c3" in masked and "123456789012345678901" in masked  # not shaped like one
    assert mask_personal("没有号码") == "没有号码"


def test_every_part_of_a_log_record_is_masked() -> None:
    from unionbook.log import MaskingFilter

    logger = logging.getLogger("unionbook.test_no_leaks")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    try:
        try:
            raise ValueError(f"row ({PEOPLE[1][1]}, {PEOPLE[1][2]})")
        except ValueError:
            logger.error("import of %s failed (%s)", PEOPLE[0][1], PEOPLE[0][2], exc_info=True)
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "ValueError" in written
    for secret in SECRETS:
        assert secret not in written
