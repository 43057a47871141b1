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
    Action("stop_speech", "Остановить речь", "<ctrl>+<alt>+<shift>+s"),
    Action("settings", "Настройки"),
    Action("quit", "Выход"),
)
BY_ID = {action.id: action for action in ACTIONS}


def readable_hotkey(hotkey: str) -> str:
    """``<ctrl>+<alt>+<shift>+d`` → ``Ctrl+Alt+Shift+D`` (how it is said and shown)."""
    names = {"<ctrl>": "Ctrl", "<alt>": "Alt", "<shift>": "Shift", "<cmd>": "Win"}
    return "+".join(names.get(part, part.strip("<>").upper()) for part in hotkey.split("+"))


def spoken_hotkey(hotkey: str) -> str:
    """How a hotkey is spoken in Russian: «Control Alt Shift D»."""
    return readable_hotkey(hotkey).replace("Ctrl", "Control").replace("+", " ")
