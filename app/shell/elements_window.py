"""The «Элементы окна» window: a filter field over the list of a window's elements (like NVDA's
elements list), used entirely from the keyboard.

Typing in the filter keeps the elements whose label or kind it names; Down moves into the list,
Up from the first entry back to the filter; each entry reads as «Флажок «Почта», не отмечен,
3 из 12» (its accessible text, and ``speak`` for Vidimo's own voice). Enter asks for a left
click (``activated(entry, "left")``), Shift+Enter or the context-menu key for a right click;
Escape hides the window (``dismissed``). The window only shows and reports: what happens on
Enter is the caller's. Runs on the GUI thread.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from vidimo.explore import Entry, entry_text, filter_entries, spoken

TITLE = "Элементы окна"
FILTER_NAME = "Фильтр элементов"
FILTER_HINT = "Введите название или вид элемента; стрелка вниз — к списку"
LIST_NAME = "Элементы"
UPDATING = "Обновляю список…"
NOTHING = "Нет подходящих элементов"
COUNT = "Показано элементов: {shown} из {total}"
HELP = "Enter — нажать, Shift+Enter — правая кнопка мыши, Escape — закрыть"
#: Entries keep their data here.
ENTRY_ROLE = Qt.ItemDataRole.UserRole


class _FilterField(QLineEdit):
    """The filter: Down and Page Down go to the list, Enter activates the first entry shown."""

    def __init__(self, owner: "ElementsWindow") -> None:
        super().__init__()
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self._owner.enter_list()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._owner.enter_list()
            self._owner.activate_current(event.modifiers())
        else:
            super().keyPressEvent(event)


class _EntryList(QListWidget):
    """The list: Enter activates, Up from the top goes back to the filter, typing filters."""

    def __init__(self, owner: "ElementsWindow") -> None:
        super().__init__()
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._owner.activate_current(event.modifiers())
        elif key == Qt.Key.Key_Menu:
            self._owner.activate_current(Qt.KeyboardModifier.ShiftModifier)
        elif key == Qt.Key.Key_Up and self.currentRow() <= 0:
            self._owner.filter.setFocus()
        elif event.text().isprintable() and event.text().strip() and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            self._owner.filter.setFocus()
            self._owner.filter.insert(event.text())
        else:
            super().keyPressEvent(event)


class ElementsWindow(QWidget):
    """``activated(Entry, button)``; ``speak(text)`` for what the user should hear; ``dismissed()``
    when Escape closed it."""

    activated = Signal(object, str)
    speak = Signal(str)
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        caption = QLabel("&Фильтр:")
        self.filter = _FilterField(self)
        self.filter.setAccessibleName(FILTER_NAME)
        self.filter.setAccessibleDescription(FILTER_HINT)
        self.filter.setPlaceholderText(FILTER_HINT)
        caption.setBuddy(self.filter)
        self.list = _EntryList(self)
        self.list.setAccessibleName(LIST_NAME)
        self.list.setAccessibleDescription(HELP)
        self.status = QLabel("")
        self.status.setAccessibleName("Состояние списка")
        help_line = QLabel(HELP)
        help_line.setWordWrap(True)
        for widget in (caption, self.filter, self.list, self.status, help_line):
            layout.addWidget(widget)
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.filter.textChanged.connect(self._refilter)
        self.list.currentRowChanged.connect(self._current_changed)

    # -- filling --------------------------------------------------------------------------------
    def show_entries(self, title: str | None, found: Sequence[Entry], *, keep_filter: bool = False) -> None:
        """Fill the list (the title is the listed window's); the filter is emptied unless kept."""
        self.setWindowTitle(f"{TITLE} «{title}»" if title else TITLE)
        self.entries = list(found)
        if not keep_filter:
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
        self._refilter(keep=keep_filter)

    def updating(self) -> None:
        """Say in the window that a fresh list is on its way (the old one stays usable)."""
        self.status.setText(UPDATING)

    def _refilter(self, _text: str = "", *, keep: bool = False) -> None:
        selected = self.current_entry() if keep else None
        self.shown = filter_entries(self.entries, self.filter.text())
        self.list.blockSignals(True)
        self.list.clear()
        total = len(self.shown)
        for index, entry in enumerate(self.shown, start=1):
            item = QListWidgetItem(entry_text(entry))
            item.setData(ENTRY_ROLE, index - 1)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken(entry, index, total))
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, e in enumerate(self.shown) if selected is not None and _same(e, selected)), 0)
        if self.shown:
            self.list.setCurrentRow(row)
        self.status.setText(COUNT.format(shown=total, total=len(self.entries)) if self.shown else NOTHING)

    # -- keyboard ------------------------------------------------------------------------------
    def enter_list(self) -> None:
        """Move from the filter into the list, reading the selected entry."""
        if not self.shown:
            self.speak.emit(NOTHING)
            return
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self._current_changed(self.list.currentRow())

    def current_entry(self) -> Entry | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def activate_current(self, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        entry = self.current_entry()
        if entry is None:
            self.speak.emit(NOTHING)
            return
        right = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        self.activated.emit(entry, "right" if right else "left")

    def _current_changed(self, row: int) -> None:
        if self.list.hasFocus() and 0 <= row < len(self.shown):
            self.speak.emit(spoken(self.shown[row], row + 1, len(self.shown)))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.dismissed.emit()
        else:
            super().keyPressEvent(event)

    def present(self) -> None:
        """Show, raise and focus the window with the focus in the filter."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.filter.setFocus()


def _same(a: Entry, b: Entry) -> bool:
    """The same element in two readings of a window (kind and label, or kind and place)."""
    return a.kind == b.kind and (a.label == b.label or a.box == b.box)
