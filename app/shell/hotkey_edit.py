"""The key-sequence field of the settings window: a hotkey is recorded by pressing it.

The field shows the combination as «Ctrl+Alt+Shift+D» and says it aloud; the stored form is
pynput's (``<ctrl>+<alt>+<shift>+d``). Tab and Shift+Tab still move on, Escape still closes the
window, Backspace or Delete removes the hotkey. Runs on the GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from vidimo.shell.actions import pynput_hotkey, readable_hotkey, spoken_hotkey

HINT = ("Нажмите сочетание клавиш, например Ctrl+Alt+Shift+D. Backspace или Delete убирает сочетание. "
        "Tab переходит дальше.")
NEEDS_MODIFIER = "Нужна клавиша Ctrl, Alt или Win вместе с другой клавишей. Сочетание не изменено."
UNSUPPORTED = "Эту клавишу назначить нельзя: выберите букву, цифру или функциональную клавишу F1–F12."

_MODIFIERS = ((Qt.KeyboardModifier.ControlModifier, "<ctrl>"), (Qt.KeyboardModifier.AltModifier, "<alt>"),
              (Qt.KeyboardModifier.ShiftModifier, "<shift>"), (Qt.KeyboardModifier.MetaModifier, "<cmd>"))
_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
                  Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R}
_NAMED = {
    Qt.Key.Key_Space: "<space>", Qt.Key.Key_Return: "<enter>", Qt.Key.Key_Enter: "<enter>",
    Qt.Key.Key_Insert: "<insert>", Qt.Key.Key_Home: "<home>", Qt.Key.Key_End: "<end>",
    Qt.Key.Key_PageUp: "<page_up>", Qt.Key.Key_PageDown: "<page_down>", Qt.Key.Key_Left: "<left>",
    Qt.Key.Key_Right: "<right>", Qt.Key.Key_Up: "<up>", Qt.Key.Key_Down: "<down>",
    Qt.Key.Key_Print: "<print_screen>", Qt.Key.Key_Pause: "<pause>", Qt.Key.Key_Menu: "<menu>",
}
#: The Russian ЙЦУКЕН layout on the keys of the Latin QWERTY one: with the Russian layout on, a
#: press of the D key arrives as «В», and the hotkey is stored by the key (``d``).
_CYRILLIC = dict(zip("йцукенгшщзфывапролдячсмитьё", "qwertyuiopasdfghjklzxcvbnm`"))


def key_name(key: int, text: str = "") -> str | None:
    """pynput's name for a non-modifier key, ``None`` for a key that cannot be a hotkey."""
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return chr(key).lower()
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F12:
        return f"<f{key - Qt.Key.Key_F1 + 1}>"
    if key in _NAMED:
        return _NAMED[Qt.Key(key)]
    letter = chr(key).lower() if 0 < key < 0x110000 else ""
    if letter in _CYRILLIC:
        return _CYRILLIC[letter]
    if text and text.lower() in _CYRILLIC:
        return _CYRILLIC[text.lower()]
    return None


def combination(key: int, modifiers: Qt.KeyboardModifier, text: str = "") -> str | None:
    """The stored form of a pressed combination, or ``None`` when the key cannot be used."""
    name = key_name(key, text)
    if name is None:
        return None
    held = [stored for flag, stored in _MODIFIERS if modifiers & flag]
    return "+".join([*held, name])


def is_usable(hotkey: str) -> bool:
    """A global hotkey needs Ctrl, Alt or Win (typing must never trigger it), or is an F-key."""
    parts = hotkey.split("+")
    return bool({"<ctrl>", "<alt>", "<cmd>"} & set(parts)) or parts[-1].startswith("<f")


class HotkeyEdit(QLineEdit):
    """``recorded(hotkey)`` after a new combination is pressed (stored form, ``""`` when removed);
    ``said(text)`` for what to say aloud (the combination, or why it was not taken)."""

    recorded = Signal(str)
    said = Signal(str)

    def __init__(self, hotkey: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hotkey = ""
        # An editable field (a screen reader treats it as one to type into), whose every key is
        # taken by keyPressEvent: no typing, pasting, dropping or input method reaches its text.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setAccessibleDescription(HINT)
        self.setToolTip(HINT)
        self.setText(hotkey)

    def hotkey(self) -> str:
        """The stored form: ``<ctrl>+<alt>+<shift>+d``."""
        return self._hotkey

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        """Show a hotkey given in either form (``Ctrl+Alt+Shift+D`` or ``<ctrl>+<alt>+<shift>+d``)."""
        self._hotkey = pynput_hotkey(text)
        super().setText(readable_hotkey(self._hotkey) if self._hotkey else "")

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt API
        event.ignore()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.MiddleButton:  # X11's paste of the selection
            event.ignore()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                 | Qt.KeyboardModifier.MetaModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape) and plain:
            event.ignore()  # focus moves on, the window closes: the field does not keep these keys
            return
        if key in _MODIFIER_KEYS:
            event.accept()
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and plain:
            self.setText("")
            self.said.emit("Сочетание убрано.")
            self.recorded.emit("")
            event.accept()
            return
        event.accept()
        pressed = combination(key, modifiers, event.text())
        if pressed is None:
            self.said.emit(UNSUPPORTED)
        elif not is_usable(pressed):
            self.said.emit(NEEDS_MODIFIER)
        else:
            self.setText(pressed)
            self.said.emit(f"{spoken_hotkey(pressed)}.")
            self.recorded.emit(pressed)
