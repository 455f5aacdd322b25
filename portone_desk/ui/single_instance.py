"""One running window per data folder (issue 9): a second start brings the first to the front.

The first instance holds a lock file in the data folder (``QLockFile``: a crashed holder's lock is
stale once its pid is gone) and listens on a local socket named after the folder. A second start
fails to take the lock, asks the first over the socket to come forward, and exits. The terminal
commands do not take this lock; they run beside the window and obey the batch leases instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal
from PySide6.QtWidgets import QWidget

# QtNetwork (the socket) is loaded when the server starts listening, after the first paint.
if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "desk.lock"
RAISE = b"raise\n"
ALREADY_OPEN = "PortOne Desk가 이미 열려 있습니다. 열려 있는 창을 앞으로 가져왔습니다."


def server_name(data_dir: Path) -> str:
    # QtCore's SHA-256 (the same digest as hashlib's) spares importing hashlib before first paint.
    data = str(Path(data_dir).resolve()).encode("utf-8")
    hexed = QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha256).toHex()
    digest = bytes(hexed.data()).decode("ascii")[:16]
    return f"portone-desk-{digest}"


class DataFolderGuard(QObject):
    """Held by the running window; ``raise_requested`` fires when another start asks for it."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when the holder's process is gone
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process now owns the data folder; False when another window does (it
        has been asked to come forward)."""
        if not self.claim_lock():
            return False
        self.listen()
        return True

    def claim_lock(self) -> bool:
        """The lock alone (the app listens after its first paint); False when another window has
        the folder (it has been asked to come forward)."""
        if not self._lock.tryLock(0):
            ask_to_raise(self.name)
            return False
        return True

    def listen(self) -> None:
        """Answer later starts' requests to come forward."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a socket left by a crashed holder
        server = QLocalServer(self)
        if not server.listen(self.name):
            log.warning("single-instance socket not available: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server

    def bring_forward(self, window: QWidget) -> None:
        def show() -> None:
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()

        self.raise_requested.connect(show)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()


def ask_to_raise(name: str, timeout_ms: int = 1000) -> bool:
    """Ask the window owning the folder to come forward; False when it did not answer."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True
