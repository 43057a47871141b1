"""Every user command, declared once: its Russian title and default global hotkey.

The tray menu, the fallback window, the hotkeys and the settings window all read
this table, so a command is never reachable one way and not another.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """``hotkey`` is in pynput's format (``<ctrl>+<alt>+<shift>+d``), or ``None``."""

    id: str
    title: str
    hotkey: str | None = None


ACTIONS: tuple[Action, ...] = (
    Action("describe_screen", "Описать экран", "<ctrl>+<alt>+<shift>+d"),
    Action("describe_window", "Описать активное окно", "<ctrl>+<alt>+<shift>+w"),
    Action("describe_clipboard", "Описать изображение из буфера", "<ctrl>+<alt>+<shift>+v"),
    Action("open_image", "Открыть изображение…"),
    Action("drop_window", "Окно для перетаскивания изображений…"),
    Action("repeat", "Повторить", "<ctrl>+<alt>+<shift>+r"),
    Action("show_text", "Показать текст описания", "<ctrl>+<alt>+<shift>+t"),
    Action("explore", "Элементы окна…", "<ctrl>+<alt>+<shift>+e"),
    Action("find", "Найти на экране…", "<ctrl>+<alt>+<shift>+f"),
    Action("under_pointer", "Что под указателем мыши", "<ctrl>+<alt>+<shift>+m"),
    Action("what_changed", "Что изменилось", "<ctrl>+<alt>+<shift>+c"),
    Action("stop_speech", "Остановить речь", "<ctrl>+<alt>+<shift>+s"),
    Action("doctor", "Проверить Видимо"),
    Action("settings", "Настройки"),
    Action("quit", "Выход"),
)
BY_ID = {action.id: action for action in ACTIONS}


def readable_hotkey(hotkey: str) -> str:
    """``<ctrl>+<alt>+<shift>+d`` → ``Ctrl+Alt+Shift+D`` (how it is said and shown)."""
    names = {"<ctrl>": "Ctrl", "<alt>": "Alt", "<shift>": "Shift", "<cmd>": "Win"}
    return "+".join(names.get(part, part.strip("<>").upper()) for part in hotkey.split("+"))


#: Readable names of keys that are not one letter or digit, and their pynput names.
_NAMED_KEYS = {"Ctrl": "<ctrl>", "Alt": "<alt>", "Shift": "<shift>", "Win": "<cmd>"}


def pynput_hotkey(text: str) -> str:
    """``Ctrl+Alt+Shift+D`` (as shown) or ``<ctrl>+<alt>+<shift>+d`` (as stored) → the stored form.

    An empty text is no hotkey (``""``)."""
    parts = [part.strip() for part in text.strip().split("+") if part.strip()]
    stored = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            stored.append(part.lower())
        elif part.title() in _NAMED_KEYS:
            stored.append(_NAMED_KEYS[part.title()])
        elif len(part) == 1:
            stored.append(part.lower())
        else:
            stored.append(f"<{part.lower()}>")
    return "+".join(stored)


def spoken_hotkey(hotkey: str) -> str:
    """How a hotkey is spoken in Russian: «Control Alt Shift D»."""
    return readable_hotkey(hotkey).replace("Ctrl", "Control").replace("+", " ")
