"""The windows analyzer: which windows a screenshot shows, and which one is in front.

A live capture knows its windows from the window manager (frames, titles, the active one) and
passes them in the request; they are returned as they are. For an image the windows are found in
the pixels (:mod:`vidimo.models.windows.frames`): the rectangles that are not inside another, and
of those, one that nothing covers is taken as the active window (the smallest: a dialog stands
in front of the window it belongs to). A found window's ``title_box`` is its title bar, which the
titles step reads later.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from vidimo.models.base import Analyzer, Request
from vidimo.models.device import Device
from vidimo.models.findings import Box, Window, box_area, clip_box
from vidimo.models.windows.frames import Frame, find_frames, pixel_edges

#: A window is at least this share of the screen's width and height (smaller frames are panels).
MIN_SHARE = (0.12, 0.08)
#: A title bar differs from what is below it by this much (0–255, in some colour channel).
BAR_CONTRAST = 24
#: Mean spread of a bar's colour channels from which it is coloured (an active bar, among bars of
#: at most half its colour).
COLOURED_BAR = 30
#: Bars drawn alike differ by at most this much (0–255); a bar of another look by at least this.
SAME_BAR, OTHER_BAR = 20, 60
#: Frames reaching this low are the task bar or a panel at the screen's edge, not windows.
BOTTOM_EDGE = 0.97


def _inside(inner: Box, outer: Box, slack: int = 3) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _border_share(edges_h: np.ndarray, edges_v: np.ndarray, box: Box, region: Box) -> float | None:
    """How much of ``box``'s border inside ``region`` is drawn (a window behind has it covered)."""
    x1, y1, x2, y2 = box
    rx1, ry1, rx2, ry2 = region
    shares = []
    for x in (x1 - 1, x2 - 1):
        if rx1 <= x < rx2 and ry2 > ry1:
            shares.append(float(edges_v[ry1:ry2, max(0, x - 1):x + 2].any(axis=1).mean()))
    for y in (y1 - 1, y2 - 1):
        if ry1 <= y < ry2 and rx2 > rx1:
            shares.append(float(edges_h[max(0, y - 1):y + 2, rx1:rx2].any(axis=0).mean()))
    return sum(shares) / len(shares) if shares else None


def _beside_a_window(box: Box, windows: list[Box], slack: int = 3) -> bool:
    """True when one side of ``box`` is a larger window's side and the two touch without
    overlapping: the visible part of a window behind, cut off by the window in front of it (whose
    border it borrows as a side)."""
    for other in windows:
        if other == box or box_area(other) <= box_area(box) or not (box[1] < other[3] and other[1] < box[3]):
            continue
        if abs(box[0] - other[2]) <= slack or abs(box[2] - other[0]) <= slack:
            return True
    return False


def _bar_stands_out(pixels: np.ndarray, frame: Frame) -> bool:
    """True when a frame's title bar is coloured apart from what is below it (a window's bar, not
    a list's header row, which has the list's colour)."""
    x1, y1, x2, y2 = frame.bar  # type: ignore[misc]
    below = pixels[y2:min(frame.box[3], y2 + (y2 - y1)), x1:x2]
    if below.size == 0:
        return False
    bar = np.median(pixels[y1:y2, x1:x2].reshape(-1, 3), axis=0)
    body = np.median(below.reshape(-1, 3), axis=0)
    return float(np.abs(bar - body).max()) >= BAR_CONTRAST


def _dialogs_over_windows(pixels: np.ndarray, found: list[Frame], tops: list[Box]) -> list[Box]:
    """Frames inside a window's rectangle that are windows themselves (a dialog in front of the
    editor it came from): each has a title bar as tall as a window's (the window manager draws
    every title bar alike), coloured apart from its contents."""
    slack = max(2, round(2 * pixels.shape[1] / 1280))
    heights = [f.bar[3] - f.bar[1] for f in found if f.box in tops and f.bar is not None]
    if not heights:
        return []
    below_bars = {f.box: f.bar[3] if f.bar else f.box[1] + slack for f in found if f.box in tops}

    def under_a_bar(box: Box) -> bool:  # not a part of the window's own title bar
        return all(box[1] >= bottom for top, bottom in below_bars.items() if _inside(box, top))

    return [f.box for f in found if f.box not in tops and f.bar is not None and under_a_bar(f.box)
            and any(abs(f.bar[3] - f.bar[1] - height) <= slack for height in heights) and _bar_stands_out(pixels, f)]


def _styled_apart(pixels: np.ndarray, titled: list[Box], bars: dict[Box, Box | None]) -> Box | None:
    """The window whose title bar is drawn unlike the others (the active one, as window managers
    draw it), or ``None`` when no bar stands apart: the one coloured bar among grey ones, or the
    one bar of a colour of its own where all the others share one."""
    looks = []
    for box in titled:
        x1, y1, x2, y2 = bars[box]  # type: ignore[misc]
        band = pixels[y1:y2, x1:x2].reshape(-1, 3)
        looks.append((box, np.median(band, axis=0), float((band.max(axis=1) - band.min(axis=1)).mean())))
    coloured = [(box, saturation) for box, _, saturation in looks if saturation >= COLOURED_BAR]
    if len(looks) >= 2 and len(coloured) == 1:
        box, saturation = coloured[0]
        if all(other * 2 < saturation for b, _, other in looks if b != box):
            return box
    if len(looks) >= 3:
        for box, colour, _ in looks:
            others = [c for b, c, _ in looks if b != box]
            if all(np.abs(a - b).max() <= SAME_BAR for a in others for b in others) \
                    and all(np.abs(colour - c).max() >= OTHER_BAR for c in others):
                return box
    return None


def windows_in(image: Image.Image) -> list[Window]:
    """The windows found in a screenshot (titles unknown), the active one first."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    edges_h, edges_v = pixel_edges(pixels)
    found = find_frames(image, (edges_h, edges_v))
    bars = {f.box: f.bar for f in found}
    frames = [f.box for f in found]
    width, height = image.size
    tops = [b for b in frames if not any(o != b and _inside(b, o) for o in frames)]
    dialogs = _dialogs_over_windows(pixels, found, tops)
    tops += [b for b in dialogs if not any(o != b and o not in tops and _inside(b, o) for o in dialogs)]
    windows = [b for b in tops if b[2] - b[0] >= MIN_SHARE[0] * width and b[3] - b[1] >= MIN_SHARE[1] * height
               and b[3] < BOTTOM_EDGE * height]
    if not windows:
        return []
    front = []
    for box in windows:
        covered = _beside_a_window(box, windows)
        for other in windows:
            region = (max(box[0], other[0]), max(box[1], other[1]), min(box[2], other[2]), min(box[3], other[3]))
            if other == box or region[2] <= region[0] or region[3] <= region[1]:
                continue
            mine, theirs = (_border_share(edges_h, edges_v, b, region) for b in (box, other))
            if mine is not None and theirs is not None and theirs > mine:
                covered = True
        if not covered:
            front.append(box)
    titled_front = [b for b in front if bars.get(b)]
    active = _styled_apart(pixels, [b for b in windows if bars.get(b)], bars) \
        or min(titled_front or front or windows, key=box_area)
    ordered = [active] + sorted((b for b in windows if b != active), key=box_area)
    return [Window(b, None, b == active, bars.get(b)) for b in ordered]


class WindowsAnalyzer(Analyzer[Window]):
    """Windows of a screenshot: from the window manager when the capture knows them, else found."""

    name = "windows"

    def __init__(self, device: str | Device = "cpu") -> None:
        super().__init__(device)

    def _load(self, device: Device) -> None:
        pass

    def _analyze(self, image: Image.Image, request: Request) -> list[Window]:
        if request.windows:
            known = [Window(clip_box(w.box, *image.size), w.title, w.active, w.title_box) for w in request.windows]
            return sorted((w for w in known if box_area(w.box) > 0), key=lambda w: not w.active)
        return windows_in(image)
