"""The mouse pointer: where it is, moving it, clicking — through pynput (XTest on X11,
``SendInput`` on Windows), in the same coordinates :class:`~vidimo.shell.capture.Shot` maps to.

Clicks happen only when the user presses a key for them, and only after the caller has checked
that the place still looks as it did. Where a program cannot move the pointer (Wayland),
:func:`unavailable` says so in Russian. Runs on the GUI thread; each call returns at once.
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

WAYLAND = ("В сеансе Wayland Видимо не может нажимать на элементы и двигать указатель мыши. "
           "Список только читает их.")
NO_POINTER = "Видимо не может управлять мышью в этой системе."


def is_wayland() -> bool:
    return os.environ.get("XDG_SESSION_TYPE") == "wayland" or bool(os.environ.get("WAYLAND_DISPLAY"))


class PointerError(Exception):
    """The pointer cannot be used; ``str()`` is a Russian message."""


class Pointer:
    """Moves and clicks the system mouse pointer. ``button`` is ``"left"`` or ``"right"``."""

    def __init__(self) -> None:
        self._mouse = None

    def unavailable(self) -> str | None:
        """Why clicks are impossible here (a Russian sentence), or ``None`` when they work."""
        if is_wayland():
            return WAYLAND
        try:
            self._controller()
        except PointerError as error:
            return str(error)
        return None

    def _controller(self):  # noqa: ANN202 - pynput mouse controller
        if self._mouse is None:
            try:
                from pynput import mouse
            except Exception as error:  # noqa: BLE001 - ImportError, or no display for the backend
                log.warning("pynput mouse unavailable: %s", error)
                raise PointerError(NO_POINTER) from error
            self._mouse = mouse.Controller()
        return self._mouse

    def position(self) -> tuple[int, int]:
        x, y = self._controller().position
        return int(x), int(y)

    def move(self, x: int, y: int) -> None:
        self._controller().position = (int(x), int(y))

    def click(self, x: int, y: int, button: str = "left") -> None:
        """Move to ``(x, y)`` and click once there."""
        from pynput.mouse import Button

        mouse = self._controller()
        mouse.position = (int(x), int(y))
        mouse.click(Button.right if button == "right" else Button.left, 1)
        log.info("clicked %s at %d, %d", button, x, y)
