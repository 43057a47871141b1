"""Telling a filled password field by its pixels: a row of equal, round, evenly spaced dots.

OCR reads the bullets of a password field as letters («С», «ееее»), so a field whose contents
are hidden cannot be told by its text. Qt, GTK and browsers draw the same thing, though: three
or more filled discs of one size on one line, evenly spaced.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps
from scipy import ndimage

#: A pixel differs from the field's background by more than this (0–255) to be ink.
INK_CONTRAST = 60
#: At least this many dots make a hidden password (a lone «•» or «··» may be punctuation).
MIN_DOTS = 3
#: Discs fill about π/4 of their bounding square; text glyphs and rings fill much less.
MIN_FILL = 0.55
#: Dots of one password differ in size by at most this share.
SIZE_TOLERANCE = 0.3
#: Ink outside the dots (a text cursor, a frame) may be at most this share of all the ink:
#: «Загрузка...» has three round dots too, but also letters.
MAX_OTHER_INK = 0.2


def _dots(ink: np.ndarray, field_height: int) -> list[tuple[float, float, int, int, int]]:
    """Round, filled blobs of ink: (centre x, centre y, width, height, ink pixels)."""
    labels, _ = ndimage.label(ink)
    dots = []
    for index, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is None:
            continue
        rows, cols = found
        height, width = rows.stop - rows.start, cols.stop - cols.start
        if not (0.12 * field_height <= height <= 0.8 * field_height and 3 <= height):
            continue
        if not 0.7 <= width / height <= 1.4:
            continue
        pixels = int((labels[found] == index).sum())
        if pixels / (width * height) >= MIN_FILL:
            dots.append(((cols.start + cols.stop) / 2, (rows.start + rows.stop) / 2, width, height, pixels))
    return dots


def is_hidden_password(field: Image.Image) -> bool:
    """True when the crop of a text field shows a password hidden behind a row of dots."""
    gray = np.asarray(ImageOps.grayscale(field), dtype=np.int16)
    if gray.shape[0] < 6 or gray.shape[1] < 12:
        return False
    inset = max(1, gray.shape[0] // 8)  # the field's own frame is not ink
    inner = gray[inset:-inset, inset:-inset]
    background = int(np.median(inner))
    ink = np.abs(inner - background) > INK_CONTRAST
    dots = _dots(ink, gray.shape[0])
    if len(dots) < MIN_DOTS:
        return False
    dots.sort()
    # The longest run of neighbours that agree in size, line and spacing.
    best: list[tuple[float, float, int, int, int]] = []
    run = [dots[0]]
    for previous, dot in zip(dots, dots[1:]):
        size = max(previous[3], dot[3])
        same_size = abs(previous[3] - dot[3]) <= SIZE_TOLERANCE * size
        same_line = abs(previous[1] - dot[1]) <= 0.25 * size
        close = 0 < dot[0] - previous[0] <= 3 * size
        run = [*run, dot] if same_size and same_line and close else [dot]
        best = max(best, run, key=len)
    if len(best) < MIN_DOTS:
        return False
    return sum(d[4] for d in best) >= (1 - MAX_OTHER_INK) * int(ink.sum())
