"""The mouse pointer and clicks that never land blindly.

:class:`Pointer` moves and clicks through pynput (XTest on X11, ``SendInput`` on Windows) in the
coordinates :class:`~vidimo.shell.capture.Shot` maps image pixels to (the capture's origin on the
virtual desktop of all monitors, and its scale). :class:`Clicker` makes a click only once the
window is in front again where it was and the place looks as it was captured. Where a program
cannot move the pointer (Wayland), :meth:`Pointer.unavailable` says so in Russian. Runs on the GUI
thread; nothing here waits: repeated looks are timer ticks.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from vidimo.shell import capture
from vidimo.shell.capture import Shot, WindowRef

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
                log.info("pynput mouse unavailable: %s", error)
                raise PointerError(NO_POINTER) from error
            self._mouse = mouse.Controller()
        return self._mouse

    def close(self) -> None:
        """Let go of the X connection now, while the display is still there (pynput closes it
        when its controller is collected, which may be after the display has gone)."""
        mouse, self._mouse = self._mouse, None
        display = getattr(mouse, "_display", None)
        if display is not None:
            try:
                display.close()
            except Exception as error:  # noqa: BLE001 - Xlib's errors of a connection already closed
                log.debug("pointer connection closed with %s", error)
            del mouse._display  # pynput's __del__ closes only a connection it still has

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


#: How long the window manager has to bring the window to the front (a busy machine is slow)…
RAISE_TIMEOUT_S = 2.0
#: …and the window, once in front, to look as it was captured, before the click is refused.
SETTLE_TIMEOUT_S = 0.6
RETRY_MS = 10
#: How long a click waits for the keys that asked for it to be released.
KEYS_TIMEOUT_S = 1.0
#: A window not yet in front is asked again this often.
REACTIVATE_S = 0.1
#: The area compared before a click: the element's box and this margin around it.
CHECK_MARGIN = 4

MOVED = "Окно сдвинулось с тех пор, как был составлен список. Нажатие отменено."
CHANGED = "Окно изменилось на месте элемента. Нажатие отменено."


@dataclass
class Click:
    """One click to make: on ``point`` (a pixel of ``shot``'s image) with ``button``, once the
    ``window`` is in front again and ``area`` looks as it was captured."""

    point: tuple[int, int]
    area: tuple[int, int, int, int]
    button: str
    shot: Shot
    window: WindowRef | None
    started: float = 0.0
    #: When the window was last asked to come to the front; when it was found there; when no key
    #: was held any more (the click waits for the Enter that asked for it).
    raised_at: float = 0.0
    active_at: float | None = None
    keys_released_at: float | None = None
    #: How many times the click waited, by reason (for the log).
    waits: Counter = field(default_factory=Counter)


class Clicker(QObject):
    """Makes one :class:`Click` at a time, never blindly: the window must be the same one, where it
    was, in front, with no key held, and the area must look as captured; otherwise ``refused``
    gets a Russian sentence (``gone`` the window, when it closed) and nothing is clicked.

    Each look is one timer tick on the GUI thread. ``timings`` holds the parts of the last click
    in milliseconds (to the front, keys held, verify and click, all of it).
    """

    def __init__(self, pointer: Pointer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pointer = pointer or Pointer()
        self.timings: dict[str, float] = {}
        self._click: Click | None = None
        self._done: Callable[[Click], None] = lambda _click: None
        self._refused: Callable[[str], None] = lambda _message: None
        self._gone: Callable[[WindowRef], None] = lambda _window: None
        self._share = 0.0

    def click(self, click: Click, *, done: Callable[[Click], None], refused: Callable[[str], None],
              gone: Callable[[WindowRef], None]) -> None:
        """Start a click (a newer one replaces one still waiting). The caller has hidden its own
        windows; their hiding must reach the window manager before the request to raise the target,
        or the manager gives the focus back to another window of ours after obeying it."""
        QGuiApplication.sync()
        click.started = click.raised_at = time.perf_counter()
        self._click, self._done, self._refused, self._gone = click, done, refused, gone
        if click.window is not None:
            capture.activate(click.window.id)
        self._look()

    def _again(self, reason: str) -> None:
        assert self._click is not None
        self._click.waits[reason] += 1
        QTimer.singleShot(RETRY_MS, self, self._look)

    def _look(self) -> None:
        """One look before the click (repeated by a timer until it clicks or refuses)."""
        click = self._click
        if click is None:
            return
        now = time.perf_counter()
        if click.window is not None:
            current = capture.window(click.window.id)
            if not click.window.same(current):
                self._click = None
                self._gone(click.window)
                return
            if click.shot.window is not None and current.frame != click.shot.window.frame:
                self._refuse(MOVED)
                return
            active = capture.window()
            if active is not None and active.id != click.window.id and now < click.started + RAISE_TIMEOUT_S:
                if now - click.raised_at >= REACTIVATE_S:  # asked again: another window took the focus
                    capture.activate(click.window.id)
                    click.raised_at = now
                self._again("inactive")
                return
        if click.active_at is None:
            click.active_at = now
        if click.keys_released_at is None:
            if capture.keys_down() and now < click.active_at + KEYS_TIMEOUT_S:
                self._again("keys")  # the click must not reach the program with the keys held
                return
            click.keys_released_at = now
        if not self._looks_the_same(click.shot, click.area):
            if now > click.active_at + SETTLE_TIMEOUT_S:
                self._refuse(CHANGED)
            else:
                self._again("pixels")
            return
        self.pointer.click(*click.shot.to_screen(*click.point), click.button)
        self._click = None
        clicked = time.perf_counter()
        released = click.keys_released_at or click.active_at
        self.timings = {"enter_to_click": (clicked - click.started) * 1000,
                        "to_front": (click.active_at - click.started) * 1000,
                        "keys_held": (released - click.active_at) * 1000,
                        "verify_and_click": (clicked - released) * 1000}
        log.info("before the click, waited for: %s", dict(click.waits))
        self._done(click)

    def _looks_the_same(self, shot: Shot, box: tuple[int, int, int, int]) -> bool:
        width, height = shot.image.size
        area = (max(0, box[0] - CHECK_MARGIN), max(0, box[1] - CHECK_MARGIN),
                min(width, box[2] + CHECK_MARGIN), min(height, box[3] + CHECK_MARGIN))
        before = shot.image.crop(area)
        now = capture.grab_rect(shot.screen_box(area))
        if now.size != before.size:
            now = now.resize(before.size)
        self._share = capture.changed_share(before, now)
        return self._share <= capture.CHANGED_SHARE

    def _refuse(self, message: str) -> None:
        click, self._click = self._click, None
        log.info("click refused (%.0f%% of the area changed, waited for %s): %s", 100 * self._share,
                 dict(click.waits) if click else {}, message)
        self._refused(message)
