"""«Найти на экране»: a small window with one field; Enter asks to find what is typed
(``search(text)``), Escape closes it (``dismissed``). What a search does is the caller's.
Runs on the GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

TITLE = "Найти на экране"
FIELD_NAME = "Что найти"
HELP = "Введите слово и нажмите Enter: указатель встанет на найденное. Enter ещё раз — нажать. Escape — закрыть."


class FindWindow(QWidget):
    """``search(text)`` on Enter; ``dismissed()`` on Escape."""

    search = Signal(str)
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.resize(420, 120)
        layout = QVBoxLayout(self)
        caption = QLabel("&Что найти:")
        self.field = QLineEdit()
        self.field.setAccessibleName(FIELD_NAME)
        self.field.setAccessibleDescription(HELP)
        caption.setBuddy(self.field)
        self.status = QLabel(HELP)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Результат поиска")
        for widget in (caption, self.field, self.status):
            layout.addWidget(widget)
        self.field.returnPressed.connect(lambda: self.search.emit(self.field.text()))

    def present(self, *, clear: bool = True) -> None:
        if clear:
            self.field.clear()
            self.status.setText(HELP)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()

    def show_result(self, text: str) -> None:
        """What the last search found, in the window (the caller also says it)."""
        self.status.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.dismissed.emit()
        else:
            super().keyPressEvent(event)
