"""Grabbing what the user sees: the monitor holding the active window, or that window alone.

Backends: mss for pixels on every platform; the active window's frame from X11
(``_NET_ACTIVE_WINDOW`` + ``_NET_FRAME_EXTENTS``) or Win32 (``DwmGetWindowAttribute``
extended frame bounds, DPI-aware). Where neither applies, the whole screen is used.
A :class:`Shot` keeps where the pixels came from (the captured rectangle in the coordinates the
mouse uses, and the window, by its id), so a point of the image maps back to the screen and the
window can be found and raised again. Runs on the GUI thread at the moment of the hotkey, so
what is grabbed is what was shown.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from vidimo.models.findings import Window, box_area, clip_box

log = logging.getLogger(__name__)

#: A pixel counts as changed when one of its channels moved by more than this.
PIXEL_TOLERANCE = 40
#: An area counts as changed when more than this share of its pixels changed (a blinking caret
#: in a text field stays below it; a box that was ticked or a window that moved does not).
CHANGED_SHARE = 0.04


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


@dataclass(frozen=True)
class WindowRef:
    """A top-level window as the platform names it: its id (an X11 window or a Win32 handle),
    its title, and its frame at the time it was asked about."""

    id: int
    title: str
    frame: Rect
    #: The process that owns it (0 when unknown): an id reused by a new window has another one.
    pid: int = 0

    def same(self, other: "WindowRef | None") -> bool:
        """The same window (not a new one that got a closed window's id)."""
        return other is not None and other.id == self.id and other.pid == self.pid


@dataclass(frozen=True)
class Shot:
    """Captured pixels with where they came from.

    ``rect`` is the captured rectangle in the coordinates the mouse uses (virtual-screen pixels on
    X11 and on Windows, which this process asks for per-monitor DPI; points on macOS, where the
    image has two pixels per point on a Retina screen). ``window`` is the window that was captured,
    ``None`` for a whole monitor.
    """

    image: Image.Image
    rect: Rect
    window: WindowRef | None = None
    #: The windows on the captured area as the window manager knows them (frames, titles, the
    #: active one first), in the image's pixels; empty where the platform does not say.
    windows: tuple[Window, ...] = ()

    @property
    def scale(self) -> float:
        """Mouse units per image pixel (1 unless the screen has more pixels than points)."""
        return self.rect.width / max(1, self.image.width)

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """An image pixel's position in mouse coordinates."""
        return (round(self.rect.left + x * self.scale), round(self.rect.top + y * self.rect.height
                                                               / max(1, self.image.height)))

    def to_image(self, x: float, y: float) -> tuple[int, int]:
        """A mouse position as a pixel of this image (it may lie outside the image)."""
        return (round((x - self.rect.left) / self.scale),
                round((y - self.rect.top) * max(1, self.image.height) / max(1, self.rect.height)))

    def screen_box(self, box: tuple[int, int, int, int]) -> Rect:
        """An image box as a rectangle in mouse coordinates."""
        left, top = self.to_screen(box[0], box[1])
        right, bottom = self.to_screen(box[2], box[3])
        return Rect(left, top, max(1, right - left), max(1, bottom - top))

    @property
    def key(self) -> tuple[str, int, int, int, int]:
        """What was captured: the same window (by id), or the same monitor area."""
        if self.window is not None:
            return ("window", self.window.id, 0, 0, 0)
        return ("screen", self.rect.left, self.rect.top, self.rect.width, self.rect.height)


def _mss():  # noqa: ANN202 - mss instance
    import mss

    factory = getattr(mss, "MSS", None) or mss.mss
    return factory()


#: One screen grabber and one X connection per thread, opened on first use: opening them costs
#: tens of milliseconds, which a click must not wait for.
_local = threading.local()


#: A kept grabber is opened again after this many seconds, so monitors plugged in are seen.
GRABBER_AGE_S = 30.0


def _grabber():  # noqa: ANN202 - mss instance
    if getattr(_local, "grabber", None) is not None and time.monotonic() - _local.opened > GRABBER_AGE_S:
        _forget_grabber()
    if getattr(_local, "grabber", None) is None:
        _local.grabber = _mss()
        _local.opened = time.monotonic()
    return _local.grabber


def _forget_grabber() -> None:
    grabber = getattr(_local, "grabber", None)
    _local.grabber = None
    if grabber is not None:
        try:
            grabber.close()
        except Exception:  # noqa: BLE001 - its display may be gone already
            pass


# -- X11 -------------------------------------------------------------------------------------------

class _Kept:
    """The thread's X connection, kept open; ``close()`` does nothing (callers use
    ``try … finally: connection.close()`` as with a fresh one)."""

    def __init__(self, connection) -> None:  # noqa: ANN001 - Xlib display
        self._connection = connection

    def __getattr__(self, name: str):  # noqa: ANN204 - delegate to the display
        return getattr(self._connection, name)

    def close(self) -> None:
        pass


def _x11_display():  # noqa: ANN202 - Xlib display or None
    try:
        from Xlib import display
    except ImportError:
        return None
    kept = getattr(_local, "x11", None)
    if kept is not None:
        try:
            kept.get_input_focus()  # a round trip: fails when the server went away
            return _Kept(kept)
        except Exception:  # noqa: BLE001 - connection lost; open a new one
            _local.x11 = None
    try:
        _local.x11 = display.Display()
    except Exception:  # noqa: BLE001 - no X server (Wayland, headless)
        return None
    return _Kept(_local.x11)


def _x11_active_id(connection) -> int | None:  # noqa: ANN001 - Xlib display
    from Xlib import X

    root = connection.screen().root
    active = root.get_full_property(connection.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType)
    if not active or not active.value or not active.value[0]:
        return None
    return int(active.value[0])


def _x11_title(connection, window) -> str:  # noqa: ANN001 - Xlib display and window
    from Xlib import X

    name = window.get_full_property(connection.intern_atom("_NET_WM_NAME"), connection.intern_atom("UTF8_STRING"))
    if name is not None and name.value:
        value = name.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    legacy = window.get_full_property(X.XA_WM_NAME, X.AnyPropertyType)
    if legacy is not None and legacy.value:
        value = legacy.value
        return value.decode("latin-1", "replace") if isinstance(value, bytes) else str(value)
    return ""


def _x11_frame(connection, window) -> Rect:  # noqa: ANN001 - Xlib display and window
    from Xlib import X

    root = connection.screen().root
    geometry = window.get_geometry()
    origin = window.translate_coords(root, 0, 0)
    left, top = -origin.x, -origin.y
    extents = window.get_full_property(connection.intern_atom("_NET_FRAME_EXTENTS"), X.AnyPropertyType)
    if extents and len(extents.value) == 4:
        frame_left, frame_right, frame_top, frame_bottom = (int(v) for v in extents.value)
        return Rect(left - frame_left, top - frame_top, geometry.width + frame_left + frame_right,
                    geometry.height + frame_top + frame_bottom)
    return Rect(left, top, geometry.width, geometry.height)


def _x11_window(window_id: int | None = None) -> WindowRef | None:
    """The window ``window_id`` (the active one when ``None``) as it is now; ``None`` when there is
    none, or it is gone."""
    from Xlib import X

    connection = _x11_display()
    if connection is None:
        return None
    try:
        window_id = window_id if window_id is not None else _x11_active_id(connection)
        if window_id is None:
            return None
        window = connection.create_resource_object("window", window_id)
        pid = window.get_full_property(connection.intern_atom("_NET_WM_PID"), X.AnyPropertyType)
        return WindowRef(window_id, _x11_title(connection, window), _x11_frame(connection, window),
                         int(pid.value[0]) if pid is not None and len(pid.value) else 0)
    except Exception as error:  # noqa: BLE001 - a window may vanish while we ask (BadWindow)
        log.info("no window %s: %s", window_id, error)
        return None
    finally:
        connection.close()


#: Window types that are not windows a user reads (panels, the desktop, menus, tooltips).
_SKIPPED_TYPES = ("_NET_WM_WINDOW_TYPE_DOCK", "_NET_WM_WINDOW_TYPE_DESKTOP", "_NET_WM_WINDOW_TYPE_MENU",
                  "_NET_WM_WINDOW_TYPE_DROPDOWN_MENU", "_NET_WM_WINDOW_TYPE_POPUP_MENU",
                  "_NET_WM_WINDOW_TYPE_TOOLTIP", "_NET_WM_WINDOW_TYPE_NOTIFICATION")


def _x11_windows() -> list[tuple[WindowRef, Rect | None, bool]]:
    """The windows a user sees, front first (EWMH's stacking list): each with its title bar
    (the frame's top above the client, when the window manager draws one) and whether it is active."""
    from Xlib import X

    connection = _x11_display()
    if connection is None:
        return []
    atom = connection.intern_atom
    try:
        root = connection.screen().root
        stacking = root.get_full_property(atom("_NET_CLIENT_LIST_STACKING"), X.AnyPropertyType)
        current = root.get_full_property(atom("_NET_CURRENT_DESKTOP"), X.AnyPropertyType)
        desktop = int(current.value[0]) if current is not None and len(current.value) else None
        active = _x11_active_id(connection)
        skipped = {atom(name) for name in _SKIPPED_TYPES}
        found = []
        for window_id in reversed(list(stacking.value) if stacking is not None else []):
            try:
                window = connection.create_resource_object("window", int(window_id))
                kinds = window.get_full_property(atom("_NET_WM_WINDOW_TYPE"), X.AnyPropertyType)
                if kinds is not None and skipped & set(kinds.value):
                    continue
                state = window.get_full_property(atom("_NET_WM_STATE"), X.AnyPropertyType)
                if state is not None and atom("_NET_WM_STATE_HIDDEN") in set(state.value):
                    continue
                on = window.get_full_property(atom("_NET_WM_DESKTOP"), X.AnyPropertyType)
                if on is not None and desktop is not None and int(on.value[0]) not in (desktop, 0xFFFFFFFF):
                    continue
                frame = _x11_frame(connection, window)
                extents = window.get_full_property(atom("_NET_FRAME_EXTENTS"), X.AnyPropertyType)
                top = int(extents.value[2]) if extents is not None and len(extents.value) == 4 else 0
                bar = Rect(frame.left, frame.top, frame.width, top) if top > 4 else None
                found.append((WindowRef(int(window_id), _x11_title(connection, window), frame), bar,
                              int(window_id) == active))
            except Exception as error:  # noqa: BLE001 - a window may vanish while we ask (BadWindow)
                log.info("window %s skipped: %s", window_id, error)
        return found
    except Exception as error:  # noqa: BLE001 - a window manager without EWMH
        log.info("no window list: %s", error)
        return []
    finally:
        connection.close()


def windows_on(shot_rect: Rect, image_size: tuple[int, int]) -> tuple[Window, ...]:
    """The windows over a captured rectangle, in its image's pixels, the active one first (none on
    platforms that do not list them)."""
    if not sys.platform.startswith("linux"):
        return ()
    sx = image_size[0] / max(1, shot_rect.width)
    sy = image_size[1] / max(1, shot_rect.height)

    def box(rect: Rect) -> tuple[int, int, int, int]:
        return clip_box(((rect.left - shot_rect.left) * sx, (rect.top - shot_rect.top) * sy,
                         (rect.left + rect.width - shot_rect.left) * sx,
                         (rect.top + rect.height - shot_rect.top) * sy), *image_size)

    windows = []
    for ref, bar, active in _x11_windows():
        frame = box(ref.frame)
        if box_area(frame) < 0.5 * ref.frame.width * ref.frame.height * sx * sy:
            continue  # mostly on another monitor
        windows.append(Window(frame, ref.title or None, active, box(bar) if bar is not None else None))
    return tuple(sorted(windows, key=lambda w: not w.active))


def _x11_activate(window_id: int) -> bool:
    """Ask the window manager to raise and focus a window (as a pager would, which every
    EWMH window manager honours)."""
    connection = _x11_display()
    if connection is None:
        return False
    try:
        from Xlib import X
        from Xlib.protocol import event

        root = connection.screen().root
        window = connection.create_resource_object("window", window_id)
        window.get_geometry()  # BadWindow when it is gone
        message = event.ClientMessage(window=window, client_type=connection.intern_atom("_NET_ACTIVE_WINDOW"),
                                      data=(32, [2, X.CurrentTime, 0, 0, 0]))
        root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        connection.flush()
        return True
    except Exception as error:  # noqa: BLE001 - the window is gone
        log.info("cannot activate window %s: %s", window_id, error)
        return False
    finally:
        connection.close()


# -- Win32 -----------------------------------------------------------------------------------------

def _win32_dpi_aware() -> None:
    import ctypes

    try:
        ctypes.windll.shcore.SetProcessDpiAwareness(2)  # per-monitor aware: physical pixels
    except (AttributeError, OSError):
        pass


def _win32_window(handle: int | None = None) -> WindowRef | None:
    import ctypes
    from ctypes import wintypes

    _win32_dpi_aware()
    user32 = ctypes.windll.user32
    handle = handle if handle is not None else user32.GetForegroundWindow()
    if not handle or not user32.IsWindow(handle):
        return None
    rect = wintypes.RECT()
    extended_frame_bounds = 9
    result = ctypes.windll.dwmapi.DwmGetWindowAttribute(
        handle, extended_frame_bounds, ctypes.byref(rect), ctypes.sizeof(rect))
    if result != 0:
        user32.GetWindowRect(handle, ctypes.byref(rect))
    title = ctypes.create_unicode_buffer(512)
    user32.GetWindowTextW(handle, title, 512)
    pid = wintypes.DWORD()
    user32.GetWindowThreadProcessId(handle, ctypes.byref(pid))
    return WindowRef(int(handle), title.value,
                     Rect(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top), int(pid.value))


def _win32_activate(handle: int) -> bool:
    import ctypes

    user32 = ctypes.windll.user32
    if not user32.IsWindow(handle):
        return False
    user32.ShowWindow(handle, 9)  # SW_RESTORE
    return bool(user32.SetForegroundWindow(handle))


def _x11_keys_down() -> bool:
    connection = _x11_display()
    if connection is None:
        return False
    try:
        return any(connection.query_keymap())
    except Exception as error:  # noqa: BLE001 - the server went away
        log.info("cannot read the keyboard: %s", error)
        return False
    finally:
        connection.close()


def _win32_keys_down() -> bool:
    import ctypes

    keys = (0x0D, 0x10, 0x11, 0x12, 0x5D, 0x20)  # Enter, Shift, Ctrl, Alt, Menu, Space
    return any(ctypes.windll.user32.GetAsyncKeyState(key) & 0x8000 for key in keys)


# -- public --------------------------------------------------------------------------------------

def keys_down() -> bool:
    """True while a key is held (the Enter that asked for a click, the Shift of a right click):
    a click made then would reach the program together with those keys."""
    if sys.platform == "win32":
        return _win32_keys_down()
    if sys.platform.startswith("linux"):
        return _x11_keys_down()
    return False


def window(window_id: int | None = None) -> WindowRef | None:
    """A window as it is now (the active one when ``window_id`` is ``None``); ``None`` when the
    platform does not tell, or the window is gone."""
    if sys.platform == "win32":
        return _win32_window(window_id)
    if sys.platform.startswith("linux"):
        return _x11_window(window_id)
    return None


def activate(window_id: int) -> bool:
    """Raise and focus a window again; ``False`` when it is gone or the platform cannot."""
    if sys.platform == "win32":
        return _win32_activate(window_id)
    if sys.platform.startswith("linux"):
        return _x11_activate(window_id)
    return False


def active_window() -> Rect | None:
    """The active window's frame in virtual-screen pixels, when the platform tells us."""
    found = window()
    return found.frame if found is not None else None


def grab_rect(rect: Rect) -> Image.Image:
    """The pixels of a rectangle of the virtual screen, as RGB."""
    area = {"left": rect.left, "top": rect.top, "width": rect.width, "height": rect.height}
    try:
        shot = _grabber().grab(area)
    except Exception:  # noqa: BLE001 - the kept grabber's display went away: once more with a new one
        _forget_grabber()
        shot = _grabber().grab(area)
    return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


_grab = grab_rect


def monitors() -> list[Rect]:
    try:
        found = _grabber().monitors
    except Exception:  # noqa: BLE001 - the kept grabber's display went away
        _forget_grabber()
        found = _grabber().monitors
    return [Rect(m["left"], m["top"], m["width"], m["height"]) for m in found[1:]]


def warm_up() -> None:
    """Open the grabber and the X connection now, so the first command does not wait for them."""
    try:
        monitors()
        window()
    except Exception as error:  # noqa: BLE001 - no screen at all: the commands will say so
        log.info("capture not ready: %s", error)


def _monitor_at(screens: list[Rect], x: int, y: int) -> Rect:
    return next((m for m in screens if m.contains(x, y)), screens[0])


def screen_shot(at: tuple[int, int] | None = None) -> Shot:
    """The monitor holding the point ``at`` (by default the active window's centre; the first
    monitor when unknown)."""
    screens = monitors()
    found = window()
    point = at or (found.frame.centre if found is not None else None)
    target = _monitor_at(screens, *point) if point is not None else screens[0]
    image = grab_rect(target)
    return Shot(image, target, windows=windows_on(target, image.size))


def window_shot(window_id: int | None = None) -> Shot:
    """A window (the active one unless ``window_id`` is given), with ``window`` set; the whole
    monitor when there is no such window."""
    found = window(window_id)
    if found is None or found.frame.width < 2 or found.frame.height < 2:
        return screen_shot()  # for a window asked by id: it is gone (``window`` is None)
    screens = monitors()
    union = Rect(min(m.left for m in screens), min(m.top for m in screens),
                 max(m.left + m.width for m in screens) - min(m.left for m in screens),
                 max(m.top + m.height for m in screens) - min(m.top for m in screens))
    frame = found.frame
    left, top = max(frame.left, union.left), max(frame.top, union.top)
    right = min(frame.left + frame.width, union.left + union.width)
    bottom = min(frame.top + frame.height, union.top + union.height)
    rect = Rect(left, top, right - left, bottom - top)
    image = grab_rect(rect)
    # The window as the window manager knows it: its title (said at once) and its title bar (not
    # read again as text); the windows behind it are not named.
    return Shot(image, rect, found, windows=tuple(w for w in windows_on(rect, image.size) if w.active))


def grab_screen() -> Image.Image:
    """The monitor that holds the active window (the first monitor when unknown)."""
    return screen_shot().image


def grab_window() -> tuple[Image.Image, bool]:
    """The active window, and whether it really was a window (``False``: the whole screen)."""
    shot = window_shot()
    return shot.image, shot.window is not None


def changed_share(before: Image.Image, after: Image.Image) -> float:
    """The share of pixels that differ between two grabs of the same area (1 for other sizes)."""
    if before.size != after.size:
        return 1.0
    a = np.asarray(before.convert("RGB"), dtype=np.int16)
    b = np.asarray(after.convert("RGB"), dtype=np.int16)
    return float((np.abs(a - b).max(axis=2) > PIXEL_TOLERANCE).mean())


def unchanged(before: Image.Image, after: Image.Image) -> bool:
    """True when two grabs of the same area show the same thing (a blinking caret aside)."""
    return changed_share(before, after) <= CHANGED_SHARE
