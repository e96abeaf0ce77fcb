"""What reads the book: the window's and the documents' ORM session, or a plain Core connection
(`Database.connect`, which spares a short command importing the ORM). Every reading query over
db/tables/ is a Core statement, which both execute alike.

For type hints only: the names exist under TYPE_CHECKING, so importing this module imports
neither the ORM nor anything else (`if TYPE_CHECKING: from unionbook.db.readers import Reader`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    Reader = Session | Connection
    #: `db.session_factory` or `db.connect`: called once, its context is one read transaction.
    ReaderFactory = Callable[[], AbstractContextManager[Reader]]
