"""A database damaged the way a failing disk or a killed copy damages one: random bytes written
into the middle of one of a table's pages. 256 bytes at the middle of a leaf page of `members`
was caught by `PRAGMA quick_check` in 40 of 40 seeds (64 bytes: 33 of 40), so tests use 256."""

from __future__ import annotations

import random
import sqlite3
import struct
from contextlib import closing
from pathlib import Path


def corrupt_a_table_page(db_file: Path, table: str = "members", seed: int = 7) -> None:
    """Random bytes in the middle of one of the table's leaf pages (found through its root page)."""
    with closing(sqlite3.connect(db_file)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    data = db_file.read_bytes()
    page = data[(root - 1) * page_size : root * page_size]
    assert page[0] == 0x05, "the table should be big enough to have an interior root page"
    cells = struct.unpack(">H", page[3:5])[0]
    pointers = [struct.unpack(">H", page[12 + 2 * i : 14 + 2 * i])[0] for i in range(cells)]
    leaves = [struct.unpack(">I", page[p : p + 4])[0] for p in pointers]
    rnd = random.Random(seed)
    leaf = rnd.choice(leaves)
    with open(db_file, "r+b") as fh:
        fh.seek((leaf - 1) * page_size + page_size // 2 - 128)
        fh.write(rnd.randbytes(256))
