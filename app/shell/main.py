"""Starting the desktop app: one instance per user, tray or fallback window."""
from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)


def has_display() -> bool:
    """False on Linux without an X11 or Wayland session (and no platform chosen by hand)."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(argv: list[str] | None = None) -> int:
    """Start Vidimo, or hand over to the one already running. Returns the exit code."""
    if not has_display():
        print("Видимо: нет графического сеанса (DISPLAY или WAYLAND_DISPLAY не заданы). "
              "Запустите Видимо на рабочем столе; без него работает «vidimo describe ФАЙЛ --say».",
              file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from vidimo.shell.single_instance import send_to_running

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    if send_to_running({"action": "activate"}):
        print("Видимо уже запущено.", file=sys.stderr)
        return 0
    app.setApplicationName("Vidimo")
    app.setApplicationDisplayName("Видимо")
    app.setOrganizationName("Vidimo")
    app.setQuitOnLastWindowClosed(False)
    from vidimo.shell.controller import Controller

    controller = Controller(QSettings())
    controller.start()
    return app.exec()
