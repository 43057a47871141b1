"""Global hotkeys through pynput. Callbacks only emit a Qt signal: the OS hook thread never waits."""
from __future__ import annotations

import logging
from collections import Counter

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class HotkeyError(Exception):
    """Hotkeys could not be registered; ``str()`` is a Russian message."""


def conflicts(hotkeys: dict[str, str]) -> list[str]:
    """Action ids whose hotkey is also used by another action."""
    counts = Counter(h.lower() for h in hotkeys.values() if h)
    return [action for action, hotkey in hotkeys.items() if hotkey and counts[hotkey.lower()] > 1]


class GlobalHotkeys(QObject):
    """``triggered(action_id)`` is emitted (on the GUI thread, via a queued signal) per press."""

    triggered = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._listener = None

    def register(self, hotkeys: dict[str, str]) -> None:
        """Replace the registered hotkeys; raises :class:`HotkeyError` with a Russian message."""
        self.stop()
        clashing = conflicts(hotkeys)
        if clashing:
            raise HotkeyError("Одно и то же сочетание клавиш назначено нескольким командам.")
        try:
            from pynput import keyboard
        except Exception as error:  # noqa: BLE001 - ImportError, or no display for the backend
            raise HotkeyError("Глобальные сочетания клавиш недоступны в этой системе.") from error
        mapping = {hotkey: (lambda action=action: self.triggered.emit(action))
                   for action, hotkey in hotkeys.items() if hotkey}
        try:
            self._listener = keyboard.GlobalHotKeys(mapping)
            self._listener.start()
        except (ValueError, Exception) as error:  # noqa: BLE001 - bad key names or backend failures
            log.warning("hotkeys not registered: %s", error)
            self._listener = None
            raise HotkeyError("Не удалось назначить глобальные сочетания клавиш.") from error

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
