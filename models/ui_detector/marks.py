"""Check and radio marks by their pixels: where a mark is drawn, and whether it is round.

On whole desktops the detector sees a 16 px mark shrunk to 8–11 px and mistakes a radio for a
checkbox and back (a fine-tuned detector called the round marks of a GTK radio list checkboxes).
On the screen's own pixels the shapes are plain: a check box fills its bounding square (0.96–1.0,
rounded corners included), a radio ring or disc about π/4 of it (0.78–0.86), measured on 1250
marks of the real desktops of tools/screens (GTK, Qt, Chromium; light and dark).
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from vidimo.models.findings import Box

#: A pixel belongs to a mark when a channel differs this much from the colour around the mark.
MARK_CONTRAST = 16
#: The margin searched around a mark's guessed box, and the smallest mark kept, in pixels.
MARK_MARGIN, MARK_SMALLEST = 3, 8
#: A mark filling between ``THIN_FILL`` and ``ROUND_FILL`` of its square is round (a radio); more
#: than ``SQUARE_FILL``, square. Less is no mark at all (a bare ✓ of a menu, a letter).
THIN_FILL, ROUND_FILL, SQUARE_FILL = 0.72, 0.88, 0.94
_EIGHT = np.ones((3, 3), bool)


def _parts(pixels: np.ndarray, box: Box) -> tuple[np.ndarray, tuple[int, int]] | None:
    """The shapes apart from the colour around ``box`` (grown by the margin), numbered, and the
    region's corner on the screen."""
    height, width = pixels.shape[:2]
    box = tuple(int(round(v)) for v in box)
    x0, y0 = max(0, box[0] - MARK_MARGIN), max(0, box[1] - MARK_MARGIN)
    x1, y1 = min(width, box[2] + MARK_MARGIN), min(height, box[3] + MARK_MARGIN)
    region = pixels[y0:y1, x0:x1].astype(np.int16)
    if region.shape[0] < MARK_SMALLEST or region.shape[1] < MARK_SMALLEST:
        return None
    ring = np.concatenate([region[0], region[-1], region[:, 0], region[:, -1]])
    around = np.median(ring, axis=0)
    differs = np.abs(region - around).max(axis=2) > MARK_CONTRAST
    labels, _ = ndimage.label(differs, structure=_EIGHT)
    return labels, (x0, y0)


def _mark(pixels: np.ndarray, box: Box) -> tuple[Box, np.ndarray] | None:
    """The box of the mark drawn in ``box`` and its pixels (holes filled), or None."""
    found = _parts(pixels, box)
    if found is None:
        return None
    labels, (x, y) = found
    rows, cols = labels.shape
    middle = (cols // 3, rows // 3, cols - cols // 3, rows - rows // 3)
    best, best_size = None, 0
    for part, where in enumerate(ndimage.find_objects(labels), start=1):
        if where is None:
            continue
        top, bottom, left, right = where[0].start, where[0].stop, where[1].start, where[1].stop
        if left > middle[2] or right < middle[0] or top > middle[3] or bottom < middle[1]:
            continue
        size = int((labels[where] == part).sum())
        if size > best_size:
            best, best_size = (part, left, top, right, bottom), size
    if best is None:
        return None
    part, left, top, right, bottom = best
    w, h = right - left, bottom - top
    side = max(box[2] - box[0], box[3] - box[1])
    if min(w, h) < MARK_SMALLEST or max(w, h) > side + 2 or not 0.75 <= w / h <= 1.33:
        return None
    shape = ndimage.binary_fill_holes(labels[top:bottom, left:right] == part)
    return (x + left, y + top, x + right, y + bottom), shape


def snap_mark(pixels: np.ndarray, box: Box) -> Box:
    """The box of the check or radio mark drawn in ``box``: the connected shape apart from the colour
    around it that holds the box's middle. ``box`` itself when no square-ish shape is found there
    (a mark as faint as its background, or a guess that holds no mark)."""
    found = _mark(pixels, box)
    return found[0] if found else box


def mark_kind(pixels: np.ndarray, box: Box) -> str | None:
    """«radio» for a round mark in ``box``, «checkbox» for a square one, None when the pixels do
    not say (no mark found, too small, or a fill between the two)."""
    found = _mark(pixels, box)
    if found is None:
        return None
    fill = float(found[1].mean())
    return "radio" if THIN_FILL <= fill < ROUND_FILL else "checkbox" if fill > SQUARE_FILL else None
