"""One window per user and database: launching UnionBook again brings the open window to the front.

Without this, a second launch (a double-click on the desktop shortcut while the window hides behind
Excel, or "open with 工会台账" on a roster) met the database lock and the "正被另一个窗口使用"
refusal. Now the first window listens on a local socket (a named pipe on Windows, a socket file on
Linux) named after the user and the database, and a second launch hands it the file it was given
(`--open FILE`), gets "ok" back and exits; the first window comes to the front and starts the
import wizard on the file. The database lock (db/lock.py) stays the real guard: if the hand-over
fails (an old window that does not listen, a frozen one), the refusal is what the chair sees.

The name is per user (the hash includes the account name, and the socket allows only its owner)
and per database, so a window on another `--db` is a separate program, as before.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from unionbook import paths

log = logging.getLogger(__name__)

#: How long a second launch waits for the first window to answer.
ANSWER_MS = 3000
_OK = b"ok\n"


def server_name(db_path: Path) -> str:
    """UnionBook-<16 hex digits> for this user and database (a pipe or socket name must be short
    and plain ASCII; the path may be Chinese)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the home folder tells users apart
        user = str(Path.home())
    book = str(db_path) if paths.is_server_url(db_path) else os.path.normcase(str(Path(db_path).resolve()))
    key = f"{user}\0{book}"
    return "UnionBook-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _allow_foreground() -> None:
    """Windows lets only the foreground process raise a window; the launch that was just
    double-clicked is it, and passes the right on (ASFW_ANY) before asking."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # type: ignore[attr-defined]


def hand_over(name: str, file: Path | None = None, timeout_ms: int = ANSWER_MS) -> bool:
    """Ask the window listening on `name` to come to the front (and import `file`). True when it
    answered; False when nobody listens or it did not answer in time (then this launch goes on)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    _allow_foreground()
    message = {"open": str(Path(file).resolve()) if file else ""}
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(timeout_ms)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == _OK


class InstanceServer(QObject):
    """The first window's end: answers each later launch and emits what it asked for.

    Requests that arrive before anything is connected to `requested` (the window is still being
    built, or the password is being asked) are kept and emitted on `attach`.
    """

    requested = Signal(object)  # the file to open (Path), or None: just come to the front

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._pending: list[Path | None] | None = []
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed window (Linux) is removed first. False
        when it cannot listen (the window works anyway, without the hand-over)."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("single-instance server %s: %s", self.name, self._server.errorString())
        return False

    def attach(self, handler) -> None:  # noqa: ANN001 - a callable taking Path | None
        self.requested.connect(handler)
        pending, self._pending = self._pending or [], None
        for item in pending:
            handler(item)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        # Once: a socket being destroyed says "disconnected" again, from its destructor.
        if self._buffers.pop(socket, None) is None:
            return
        socket.disconnected.disconnect()
        socket.readyRead.disconnect()
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if b"\n" not in data:
            if len(data) > 64 * 1024:  # not one of ours
                socket.abort()
            return
        line = data.split(b"\n", 1)[0]
        try:
            text = json.loads(line.decode("utf-8")).get("open") or ""
        except (ValueError, AttributeError):
            socket.abort()
            return
        socket.write(_OK)
        socket.flush()
        request = Path(text) if text else None
        if self._pending is not None:
            self._pending.append(request)
        else:
            # After the answer went out: the handler may open a dialog with its own event loop.
            QTimer.singleShot(0, lambda: self.requested.emit(request))
