"""One Vidimo per user: a second start hands its request to the running one over a local socket."""
from __future__ import annotations

import getpass
import json
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

TIMEOUT_MS = 1500


def server_name() -> str:
    """Per user; ``VIDIMO_INSTANCE`` gives a separate name (tests, a second profile)."""
    return os.environ.get("VIDIMO_INSTANCE") or f"vidimo-{getpass.getuser()}"


def send_to_running(message: dict) -> bool:
    """Deliver ``message`` to a running instance; ``False`` when none is running.

    Needs no QApplication (QLocalSocket works with blocking waits).
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for messages from later starts; ``received(dict)`` on the GUI thread."""

    received = Signal(dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        QLocalServer.removeServer(server_name())  # a stale socket from a crashed run
        return self._server.listen(server_name())

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine()).decode("utf-8", "replace").strip()
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                log.warning("ignored a malformed message from another start")
                continue
            if isinstance(message, dict):
                self.received.emit(message)
