"""The window with every action as a button: shown where no system tray exists; and the window
that shows the report of «Проверить Видимо».

The tray is never the only way in: GNOME without AppIndicator, Wayland without
StatusNotifier, or an offscreen session get this small window instead.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from vidimo.shell.actions import ACTIONS, readable_hotkey
from vidimo.shell.tray import app_icon


class MainWindow(QWidget):
    """``triggered(action_id)`` when a button is pressed."""

    triggered = Signal(str)

    def __init__(self, hotkeys: dict[str, str]) -> None:
        super().__init__()
        self.setWindowTitle("Видимо")
        self.setWindowIcon(app_icon())
        self.setAccessibleName("Видимо")
        layout = QVBoxLayout(self)
        intro = QLabel("Видимо озвучивает, что на экране. Выберите действие.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Состояние Видимо")
        self.status.hide()
        layout.addWidget(self.status)
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            hotkey = hotkeys.get(action.id)
            button = QPushButton(action.title)
            button.setObjectName(action.id)
            button.setAccessibleName(action.title)
            if hotkey:
                button.setAccessibleDescription(f"Сочетание клавиш: {readable_hotkey(hotkey)}")
                button.setToolTip(readable_hotkey(hotkey))
            button.clicked.connect(lambda _=False, a=action.id: self.triggered.emit(a))
            layout.addWidget(button)
            self.buttons[action.id] = button
        first = self.buttons[ACTIONS[0].id]
        first.setDefault(True)
        first.setFocus()

    def show_status(self, text: str) -> None:
        """A problem shown in the window (when the voice itself fails, it cannot be said)."""
        self.status.setText(text)
        self.status.show()


class ReportWindow(QDialog):
    """The check's report, one line per part, to read line by line; ``again()`` asks for a new check."""

    again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Проверка")  # the desktop adds « — Видимо» after it
        layout = QVBoxLayout(self)
        caption = QLabel("Отчёт проверки:")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Отчёт проверки")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        caption.setBuddy(self.text)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        self.again_button = QPushButton("Проверить снова")
        self.again_button.clicked.connect(self.again.emit)
        self.close_button = QPushButton("Закрыть")
        self.close_button.setAccessibleName("Закрыть отчёт")
        self.close_button.clicked.connect(self.close)
        layout.addWidget(self.again_button)
        layout.addWidget(self.close_button)
        self.resize(640, 480)

    def show_report(self, text: str) -> None:
        self.text.setPlainText(text)
        self.show()
        self.raise_()
        self.activateWindow()
        self.text.setFocus()

