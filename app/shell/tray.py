"""The tray icon and its Russian menu, built from the action table."""
from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from vidimo.shell.actions import ACTIONS, readable_hotkey


def app_icon() -> QIcon:
    """Vidimo's own icon (``resources/vidimo.svg``); a standard one where SVG cannot be drawn."""
    icon = QIcon(str(files("vidimo.resources").joinpath("vidimo.svg")))
    if icon.isNull() or icon.pixmap(16, 16).isNull():
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
    return icon


def build_menu(parent: QObject, hotkeys: dict[str, str], on_action) -> QMenu:  # noqa: ANN001
    """A menu with one entry per action; ``on_action(action_id)`` when one is chosen."""
    menu = QMenu()
    for action in ACTIONS:
        if action.id == "settings":
            menu.addSeparator()
        hotkey = hotkeys.get(action.id)
        title = f"{action.title}\t{readable_hotkey(hotkey)}" if hotkey else action.title
        entry = QAction(title, parent)
        entry.setObjectName(action.id)
        entry.triggered.connect(lambda _=False, a=action.id: on_action(a))
        menu.addAction(entry)
    return menu


class Tray(QObject):
    """``triggered(action_id)`` for every menu choice; a left click describes the screen."""

    triggered = Signal(str)

    def __init__(self, hotkeys: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Видимо")
        self.menu = build_menu(self, hotkeys, self.triggered.emit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.triggered.emit("describe_screen")

    def show(self) -> None:
        self.icon.show()

    def notify(self, text: str) -> None:
        """A desktop notification (screen readers read these): for when our own voice fails."""
        self.icon.showMessage("Видимо", text, QSystemTrayIcon.MessageIcon.Warning)

    def rebuild(self, hotkeys: dict[str, str]) -> None:
        self.menu = build_menu(self, hotkeys, self.triggered.emit)
        self.icon.setContextMenu(self.menu)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()
