"""The window manager's view of a generated desktop, through EWMH properties (python-xlib).

Lists managed windows bottom to top with their titles, process ids and frames (the window
with its title bar and borders, as openbox draws it); moves, resizes and activates them the
way a pager would, so openbox keeps its frames and stacking right.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from Xlib import X, Xatom, display as xdisplay, error as xerror
from Xlib.protocol import event

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Window:
    """A managed top-level window; boxes are ``(x0, y0, x1, y1)`` in screen pixels."""

    id: int
    title: str
    pid: int | None
    wm_class: str
    kind: str
    frame: Box
    client: Box
    active: bool
    hidden: bool


class X11:
    """One connection to the desktop's X server."""

    def __init__(self, name: str) -> None:
        self.display = xdisplay.Display(name)
        self.root = self.display.screen().root
        self._atoms: dict[str, int] = {}

    def atom(self, name: str) -> int:
        if name not in self._atoms:
            self._atoms[name] = self.display.intern_atom(name)
        return self._atoms[name]

    def close(self) -> None:
        self.display.close()

    def _property(self, window, name: str, kind=X.AnyPropertyType):  # noqa: ANN001, ANN202
        try:
            reply = window.get_full_property(self.atom(name), kind)
        except xerror.XError:
            return None
        return reply.value if reply is not None else None

    def size(self) -> tuple[int, int]:
        geometry = self.root.get_geometry()
        return geometry.width, geometry.height

    def set_resources(self, text: str) -> None:
        """The RESOURCE_MANAGER property (``Xft.dpi`` and the like), as ``xrdb`` would set it."""
        self.root.change_property(Xatom.RESOURCE_MANAGER, Xatom.STRING, 8, text.encode())
        self.display.sync()

    def windows(self) -> list[Window]:
        """Managed windows, bottom of the stack first (docks such as the task bar included)."""
        ids = self._property(self.root, "_NET_CLIENT_LIST_STACKING") or []
        active = (self._property(self.root, "_NET_ACTIVE_WINDOW") or [0])[0]
        found = []
        for wid in ids:
            try:
                found.append(self._window(wid, active))
            except xerror.XError:
                continue  # it closed while we were reading it
        return found

    def _window(self, wid: int, active: int) -> Window:
        window = self.display.create_resource_object("window", wid)
        geometry = window.get_geometry()
        origin = window.translate_coords(self.root, 0, 0)
        wm_class = window.get_wm_class() or ("", "")
        title = self._property(window, "_NET_WM_NAME", self.atom("UTF8_STRING"))
        if isinstance(title, bytes):
            title = title.decode("utf-8", "replace")
        if title is None:
            title = window.get_wm_name() or ""
        pid = self._property(window, "_NET_WM_PID")
        extents = self._property(window, "_NET_FRAME_EXTENTS") or [0, 0, 0, 0]
        kinds = self._property(window, "_NET_WM_WINDOW_TYPE") or []
        kind = "normal"
        for name in ("DOCK", "DIALOG", "DESKTOP", "UTILITY", "MENU", "POPUP_MENU", "DROPDOWN_MENU", "TOOLTIP"):
            if self.atom(f"_NET_WM_WINDOW_TYPE_{name}") in kinds:
                kind = name.lower()
                break
        states = self._property(window, "_NET_WM_STATE") or []
        x0, y0 = -origin.x, -origin.y
        client = (x0, y0, x0 + geometry.width, y0 + geometry.height)
        left, right, top, bottom = (int(v) for v in extents)
        frame = (client[0] - left, client[1] - top, client[2] + right, client[3] + bottom)
        return Window(id=wid, title=str(title), pid=int(pid[0]) if pid else None,
                      wm_class=wm_class[1] if len(wm_class) > 1 else "", kind=kind, frame=frame,
                      client=client, active=wid == active, hidden=self.atom("_NET_WM_STATE_HIDDEN") in states)

    def _message(self, window_id: int, name: str, data: list[int]) -> None:
        window = self.display.create_resource_object("window", window_id)
        words = [v & 0xFFFFFFFF for v in (data + [0] * 5)[:5]]  # negative coordinates as X sends them
        message = event.ClientMessage(window=window, client_type=self.atom(name), data=(32, words))
        self.root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        self.display.flush()

    def move_resize(self, window: Window, x: int, y: int, width: int | None = None, height: int | None = None) -> None:
        """Put the frame's top-left corner at (x, y); ``width``/``height`` are the frame's size."""
        left = window.client[0] - window.frame[0]
        top = window.client[1] - window.frame[1]
        right = window.frame[2] - window.client[2]
        bottom = window.frame[3] - window.client[3]
        flags = 1 | (1 << 8) | (1 << 9)  # NorthWest gravity, x and y given
        client_w = client_h = 0
        if width is not None:
            flags |= 1 << 10
            client_w = max(1, width - left - right)
        if height is not None:
            flags |= 1 << 11
            client_h = max(1, height - top - bottom)
        flags |= 2 << 12  # the request comes from a pager, not the application
        self._message(window.id, "_NET_MOVERESIZE_WINDOW", [flags, x, y, client_w, client_h])

    def activate(self, window: Window) -> None:
        """Raise and focus, as a task bar click does."""
        self._message(window.id, "_NET_ACTIVE_WINDOW", [2, X.CurrentTime, 0])

    def iconify(self, window: Window) -> None:
        """Minimise to the task bar (ICCCM WM_CHANGE_STATE to IconicState)."""
        self._message(window.id, "WM_CHANGE_STATE", [3])

    def close_window(self, window: Window) -> None:
        self._message(window.id, "_NET_CLOSE_WINDOW", [X.CurrentTime, 2])

    def settle(self, seconds: float = 0.05) -> None:
        """Wait for the server to have handled every request, plus a moment for redraws."""
        self.display.sync()
        time.sleep(seconds)
