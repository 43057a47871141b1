"""Finding the windows of a screenshot, so each can be read on its own.

A whole desktop holds windows over windows, title bars, a task bar and a wallpaper. Read as one
page, lines run from one window into the next and a dark dialog on a dark desktop vanishes.
Windows, dialogs and panels are rectangles with straight, long edges: this module finds the
complete ones (their four sides visible), which are the windows in front and the large panels
inside them, from the long runs of contrast along rows and columns.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from vidimo.models.findings import Box, box_area, intersection

#: A change of at least this much (0–255, in any colour channel) between neighbours is an edge.
EDGE_CONTRAST = 18
#: 0–255 on a square-root scale, by value.
_SQUARE_ROOT = np.sqrt(np.arange(256) * 255.0).astype(np.int16)
#: An edge shorter than this (pixels, at 1× of a 1280-wide screen) is not a side of a window.
MIN_SIDE = 60
#: A window is at least this big (pixels, at 1× of a 1280-wide screen).
MIN_WINDOW = (160, 60)
#: Sides of one rectangle meet within this many pixels.
CORNER_SLACK = 4
#: A side may be broken by this share of its length (a button or a tab touching the frame).
SIDE_GAPS = 0.12


@dataclass(frozen=True)
class Frame:
    """A rectangle found on the screen: its box, and whether a title bar sits on top of it (a
    window's, as opposed to a panel or a list inside one)."""

    box: Box
    #: The title bar: the band between the frame's top and where its sides begin; ``None`` when
    #: the sides reach the top (a panel, or a window whose title bar the sides run through).
    bar: Box | None

    @property
    def titled(self) -> bool:
        return self.bar is not None


def _scale(image: Image.Image) -> float:
    return max(1.0, image.width / 1280)


def edges(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """Edges between rows (``h[y, x]``: between rows y and y+1) and between columns (``v[y, x]``)."""
    return pixel_edges(np.asarray(image.convert("RGB"), dtype=np.int16))


def pixel_edges(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`edges` of an RGB image's pixels (int16, height × width × 3)."""
    # Also on a square-root scale, which spreads the dark values: a dark window's border on a
    # dark desktop differs by a dozen levels only, too few on the linear scale.
    spread = _SQUARE_ROOT[pixels]
    h = np.zeros((pixels.shape[0] - 1, pixels.shape[1]), dtype=bool)
    v = np.zeros((pixels.shape[0], pixels.shape[1] - 1), dtype=bool)
    for values in (pixels, spread):
        h |= np.abs(np.diff(values, axis=0)).max(axis=2) >= EDGE_CONTRAST
        v |= np.abs(np.diff(values, axis=1)).max(axis=2) >= EDGE_CONTRAST
    return h, v


def _runs(line: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """Runs of True at least ``min_length`` long, as (start, end) with end exclusive."""
    padded = np.concatenate(([False], line, [False]))
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = changes[0::2], changes[1::2]
    keep = ends - starts >= min_length
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


def _covered(mask_line: np.ndarray, start: int, end: int) -> float:
    """Share of ``mask_line[start:end]`` that is True (an edge), allowing for 1-pixel offsets."""
    if end <= start:
        return 0.0
    return float(mask_line[max(0, start):end].mean())


def _side(edges: np.ndarray, at: int, start: int, end: int) -> float:
    """How much of a side lies on an edge line at ``at`` (± one pixel), from ``start`` to ``end``."""
    rows = edges[max(0, at - 1):at + 2, max(0, start):end]
    return float(rows.any(axis=0).mean()) if rows.size else 0.0


def _vertical_sides(v: np.ndarray, min_side: int) -> list[tuple[int, int, int]]:
    """Long vertical edges as (x, top, bottom) with bottom exclusive."""
    sides = []
    for x in np.flatnonzero(v.sum(axis=0) >= min_side):
        for top, bottom in _runs(v[:, x], min_side):
            sides.append((int(x), top, bottom))
    return sides


def _title_top(h: np.ndarray, left: int, right: int, top: int, reach: int) -> int:
    """The top of a title bar drawn above a frame's sides: the highest full-width edge within
    ``reach`` pixels above ``top`` (``top`` itself when there is none)."""
    best = top
    for y in range(top - 2, max(0, top - reach) - 1, -1):
        if _side(h, y, left, right) >= 1 - SIDE_GAPS:
            best = y + 1
    return best


def _title_bottom(h: np.ndarray, left: int, right: int, top: int, reach: int, least: int) -> int | None:
    """The bottom of a title bar inside a frame whose sides run up to its top: the first full-width
    edge between ``least`` and ``reach`` pixels below ``top``."""
    for y in range(top + least, min(h.shape[0], top + reach)):
        if _side(h, y, left, right) >= 1 - SIDE_GAPS:
            return y + 1
    return None


def find_frames(image: Image.Image, found_edges: tuple[np.ndarray, np.ndarray] | None = None) -> list[Frame]:
    """The rectangles that look like windows (or large panels), largest first.

    A rectangle has two long vertical sides that start and end together, and a top or a bottom
    that is an edge along its width; a title bar above it (a full-width edge a little higher)
    belongs to it. A window partly hidden behind another is not found (its visible part is read
    with the rest of the screen).
    """
    scale = _scale(image)
    min_side = int(MIN_SIDE * scale)
    min_w, min_h = int(MIN_WINDOW[0] * scale), int(MIN_WINDOW[1] * scale)
    slack = max(CORNER_SLACK, int(CORNER_SLACK * scale))
    h, v = found_edges if found_edges is not None else edges(image)
    by_top: dict[int, list[tuple[int, int, int]]] = {}
    for side in _vertical_sides(v, min_side):
        by_top.setdefault(side[1] // slack, []).append(side)
    found: list[Frame] = []
    for key in by_top:
        group = sorted({s for dt in (-1, 0, 1) for s in by_top.get(key + dt, [])})
        for i, (xl, top_l, bottom_l) in enumerate(group):
            for xr, top_r, bottom_r in group[i + 1:]:
                if xr - xl < min_w or abs(top_l - top_r) > slack:
                    continue
                top, bottom = min(top_l, top_r), max(bottom_l, bottom_r)
                closed_top = _side(h, top - 1, xl + 1, xr) >= 1 - SIDE_GAPS
                closed_bottom = _side(h, bottom - 1, xl + 1, xr) >= 1 - SIDE_GAPS
                if abs(bottom_l - bottom_r) > slack:
                    # One side is cut short by a window in front: the frame's top must be whole, and
                    # its bottom must show where it is not covered.
                    if not closed_top or _side(h, bottom - 1, xl + 1, xr) < 0.3:
                        continue
                elif not (closed_top or closed_bottom):
                    continue
                titled_top = _title_top(h, xl + 1, xr, top, int(48 * scale))
                least = int(10 * scale)
                if top - titled_top < least:  # no bar above the sides: is there one inside them?
                    titled_top = top
                    below = _title_bottom(h, xl + 1, xr, top, int(48 * scale), least)
                    bar = (xl + 1, top, xr + 1, below) if below is not None else None
                else:
                    bar = (xl + 1, titled_top, xr + 1, top)
                if bottom - titled_top >= min_h:
                    found.append(Frame((xl + 1, titled_top, xr + 1, bottom), bar))
    return _distinct(found)


def _distinct(frames: list[Frame]) -> list[Frame]:
    """The frames less near-duplicates (the two sides of a 2-pixel frame give two rectangles)."""
    kept: list[Frame] = []
    for frame in sorted(frames, key=lambda f: (box_area(f.box), f.titled), reverse=True):
        box = frame.box
        if all(intersection(box, other.box) < 0.9 * box_area(box) or box_area(other.box) > 1.25 * box_area(box)
               for other in kept):
            kept.append(frame)
    return kept
