"""The last description as text a screen reader walks line by line, with its parts as lists."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from vidimo.narration import place
from vidimo.narration.people import describe_person
from vidimo.narration.phrases import UI_STATES, UI_TYPE_NOUNS
from vidimo.scene import Scene


def _labelled_list(name: str) -> tuple[QWidget, QListWidget]:
    page = QWidget()
    layout = QVBoxLayout(page)
    items = QListWidget()
    items.setAccessibleName(name)
    label = QLabel(name)
    label.setBuddy(items)
    layout.addWidget(label)
    layout.addWidget(items)
    return page, items


class ResultWindow(QDialog):
    """Read-only narration, lists of text lines, people and interface elements, and «Копировать»."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Текст описания")
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Части описания")
        self.tabs.tabBar().setAccessibleName("Части описания: описание, текст, люди, интерфейс")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Описание")
        self.tabs.addTab(self.text, "Описание")
        page, self.lines = _labelled_list("Текст на изображении")
        self.tabs.addTab(page, "Текст")
        page, self.people = _labelled_list("Люди")
        self.tabs.addTab(page, "Люди")
        page, self.elements = _labelled_list("Элементы интерфейса")
        self.tabs.addTab(page, "Интерфейс")
        layout.addWidget(self.tabs)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Копировать")
        self.copy_button.setAccessibleName("Копировать описание")
        self.copy_button.clicked.connect(self.copy)
        self.close_button = QPushButton("Закрыть")
        self.close_button.setAccessibleName("Закрыть")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.show_scene(None)

    def show_scene(self, scene: Scene | None) -> None:
        """Fill the window with ``scene`` (or say there is nothing yet)."""
        self.lines.clear()
        self.people.clear()
        self.elements.clear()
        if scene is None:
            self.text.setPlainText("Описаний ещё не было.")
            return
        sentences = scene.narration.replace("». ", "».\n").replace(". ", ".\n")
        self.text.setPlainText(sentences)
        for line in scene.texts:
            self.lines.addItem(line.text)
        for person in scene.people:
            self.people.addItem(f"{describe_person(person)}, {place(person.box, scene.width, scene.height)}")
        for element in scene.ui_elements:
            noun = UI_TYPE_NOUNS.get(element.type, element.type)
            state = f", {UI_STATES[element.state]}" if element.state in UI_STATES else ""
            self.elements.addItem(f"{noun} «{element.label or ''}»{state}")

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
