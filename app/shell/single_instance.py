"""One Vidimo per user: a second start hands its request to the running one over a local socket.

Messages are one line of JSON each. A message with ``"reply": true`` keeps the connection open
until the running Vidimo answers with one line of JSON (the description, or an ``error``).
"""
from __future__ import annotations

import getpass
import json
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

TIMEOUT_MS = 1500
#: How long a second start waits for the running Vidimo to finish a description it handed over.
REPLY_TIMEOUT_MS = 300_000


def server_name() -> str:
    """Per user; ``VIDIMO_INSTANCE`` gives a separate name (tests, a second profile)."""
    return os.environ.get("VIDIMO_INSTANCE") or f"vidimo-{getpass.getuser()}"


def _connect() -> QLocalSocket | None:
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    return socket if socket.waitForConnected(TIMEOUT_MS) else None


def _write(socket: QLocalSocket, message: dict) -> None:
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(TIMEOUT_MS)


def send_to_running(message: dict) -> bool:
    """Deliver ``message`` to a running instance; ``False`` when none is running.

    Needs no QApplication (QLocalSocket works with blocking waits).
    """
    socket = _connect()
    if socket is None:
        return False
    _write(socket, message)
    socket.disconnectFromServer()
    return True


class NoAnswerError(Exception):
    """The running instance took the request but did not answer in time (or went away)."""


def ask_running(message: dict, timeout_ms: int = REPLY_TIMEOUT_MS) -> dict | None:
    """Deliver ``message`` and wait for the running instance's answer; ``None`` when none runs.

    Raises :class:`NoAnswerError` when it runs but gives no answer within ``timeout_ms``.
    """
    socket = _connect()
    if socket is None:
        return None
    _write(socket, {**message, "reply": True})
    buffer = b""
    while b"\n" not in buffer:
        if not socket.waitForReadyRead(timeout_ms):
            raise NoAnswerError(socket.errorString())
        buffer += bytes(socket.readAll())
    socket.disconnectFromServer()
    answer = json.loads(buffer.split(b"\n", 1)[0].decode("utf-8"))
    if not isinstance(answer, dict):
        raise NoAnswerError("malformed answer")
    return answer


class Reply:
    """The way back to a start that waits for an answer; answering twice does nothing."""

    def __init__(self, socket: QLocalSocket) -> None:
        self._socket: QLocalSocket | None = socket
        socket.disconnected.connect(self._gone)

    def _gone(self) -> None:
        self._socket = None

    def send(self, answer: dict) -> None:
        socket, self._socket = self._socket, None
        if socket is None:
            log.info("the start that asked has gone; answer dropped")
            return
        socket.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
        socket.flush()
        socket.disconnectFromServer()


class InstanceServer(QObject):
    """Listens for messages from later starts; ``received(dict, Reply | None)`` on the GUI thread
    (a :class:`Reply` when the message asked for an answer)."""

    received = Signal(dict, object)

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
                self.received.emit(message, Reply(socket) if message.get("reply") else None)
