"""Grabbing what the user sees: the monitor holding the active window, or that window alone.

Backends: mss for pixels on every platform; the active window's frame from X11
(``_NET_ACTIVE_WINDOW`` + ``_NET_FRAME_EXTENTS``) or Win32 (``DwmGetWindowAttribute``
extended frame bounds, DPI-aware). Where neither applies, the whole screen is used.
Runs on the GUI thread at the moment of the hotkey, so what is grabbed is what was shown.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from PIL import Image

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rect:
    left: int
    top: int
    width: int
    height: int

    def contains(self, x: int, y: int) -> bool:
        return self.left <= x < self.left + self.width and self.top <= y < self.top + self.height

    @property
    def centre(self) -> tuple[int, int]:
        return self.left + self.width // 2, self.top + self.height // 2


def _mss():  # noqa: ANN202 - mss instance
    import mss

    factory = getattr(mss, "MSS", None) or mss.mss
    return factory()


def _x11_active_window() -> Rect | None:
    try:
        from Xlib import X, display
    except ImportError:
        return None
    try:
        connection = display.Display()
    except Exception:  # noqa: BLE001 - no X server (Wayland, headless)
        return None
    try:
        root = connection.screen().root
        active = root.get_full_property(connection.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType)
        if not active or not active.value or not active.value[0]:
            return None
        window = connection.create_resource_object("window", int(active.value[0]))
        geometry = window.get_geometry()
        origin = window.translate_coords(root, 0, 0)
        left, top = -origin.x, -origin.y
        extents = window.get_full_property(connection.intern_atom("_NET_FRAME_EXTENTS"), X.AnyPropertyType)
        if extents and len(extents.value) == 4:
            frame_left, frame_right, frame_top, frame_bottom = (int(v) for v in extents.value)
            return Rect(left - frame_left, top - frame_top, geometry.width + frame_left + frame_right,
                        geometry.height + frame_top + frame_bottom)
        return Rect(left, top, geometry.width, geometry.height)
    except Exception as error:  # noqa: BLE001 - a window may vanish while we ask
        log.info("no active window: %s", error)
        return None
    finally:
        connection.close()


def _win32_active_window() -> Rect | None:
    import ctypes
    from ctypes import wintypes

    try:
        ctypes.windll.shcore.SetProcessDpiAwareness(2)  # per-monitor aware: physical pixels
    except (AttributeError, OSError):
        pass
    handle = ctypes.windll.user32.GetForegroundWindow()
    if not handle:
        return None
    rect = wintypes.RECT()
    extended_frame_bounds = 9
    result = ctypes.windll.dwmapi.DwmGetWindowAttribute(
        handle, extended_frame_bounds, ctypes.byref(rect), ctypes.sizeof(rect))
    if result != 0:
        ctypes.windll.user32.GetWindowRect(handle, ctypes.byref(rect))
    return Rect(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top)


def active_window() -> Rect | None:
    """The active window's frame in virtual-screen pixels, when the platform tells us."""
    if sys.platform == "win32":
        return _win32_active_window()
    if sys.platform.startswith("linux"):
        return _x11_active_window()
    return None


def _grab(rect: Rect) -> Image.Image:
    with _mss() as grabber:
        shot = grabber.grab({"left": rect.left, "top": rect.top, "width": rect.width, "height": rect.height})
        return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def monitors() -> list[Rect]:
    with _mss() as grabber:
        return [Rect(m["left"], m["top"], m["width"], m["height"]) for m in grabber.monitors[1:]]


def grab_screen() -> Image.Image:
    """The monitor that holds the active window (the first monitor when unknown)."""
    screens = monitors()
    window = active_window()
    target = screens[0]
    if window is not None:
        target = next((m for m in screens if m.contains(*window.centre)), target)
    return _grab(target)


def grab_window() -> tuple[Image.Image, bool]:
    """The active window, and whether it really was a window (``False``: the whole screen)."""
    window = active_window()
    if window is None or window.width < 2 or window.height < 2:
        return grab_screen(), False
    screens = monitors()
    union = Rect(min(m.left for m in screens), min(m.top for m in screens),
                 max(m.left + m.width for m in screens) - min(m.left for m in screens),
                 max(m.top + m.height for m in screens) - min(m.top for m in screens))
    left, top = max(window.left, union.left), max(window.top, union.top)
    right = min(window.left + window.width, union.left + union.width)
    bottom = min(window.top + window.height, union.top + union.height)
    return _grab(Rect(left, top, right - left, bottom - top)), True
