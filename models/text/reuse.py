"""Reading a screen window by window, and not reading again what has not changed.

A live capture knows its windows (frames from the window manager). Each window in front is read
on its own, and the rest of the screen with those windows blanked out, so lines never run from one
window into the next and each part keeps its own contrast. Each part's reading is kept under a
hash of its pixels: describing the screen again after a small change reads only the part that
changed (the others' lines come back as they were, moved to where the part now is).
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace

from PIL import Image, ImageDraw

from vidimo.models.findings import Box, TextLine, Window, box_area

#: Parts kept: a few screens' worth of windows.
KEPT = 64
#: A window smaller than this (pixels) is read with the rest of the screen.
MIN_PART = 120 * 60

Reader = Callable[[Image.Image], list[TextLine]]


def _moved(line: TextLine, dx: int, dy: int) -> TextLine:
    x1, y1, x2, y2 = line.box
    words = tuple((text, (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)) for text, b in line.words)
    return replace(line, box=(x1 + dx, y1 + dy, x2 + dx, y2 + dy), words=words)


class PartReader:
    """Reads a screenshot in parts (the windows in front, then the rest) with ``read`` (words of
    one image, in its pixels), keeping each part's words by the hash of its pixels."""

    def __init__(self, read: Reader) -> None:
        self._read = read
        self._kept: OrderedDict[str, list[TextLine]] = OrderedDict()
        #: Parts read afresh by the last call (for tests and the benchmark).
        self.read_last = 0

    def _words(self, part: Image.Image) -> list[TextLine]:
        key = hashlib.blake2b(part.tobytes(), digest_size=16, person=part.mode.encode()[:16]).hexdigest()
        key += f"{part.width}x{part.height}"
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        words = self._read(part)
        self.read_last += 1
        self._kept[key] = words
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return words

    def forget(self) -> None:
        """Drop every kept reading."""
        self._kept.clear()

    def words(self, image: Image.Image, windows: Sequence[Window]) -> list[TextLine]:
        """Words of the whole image: each window in front of all others on its own, the rest with
        those windows blanked; with no windows, the whole image at once (still kept by hash)."""
        self.read_last = 0
        fronts = _uncovered(windows)
        found: list[TextLine] = []
        rest = image
        if fronts:
            rest = image.copy()
            draw = ImageDraw.Draw(rest)
            for box in fronts:
                found += [_moved(word, box[0], box[1]) for word in self._words(image.crop(box))]
                draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=_background(image, box))
        return found + self._words(rest)


def _uncovered(windows: Sequence[Window]) -> list[Box]:
    """Boxes of the windows no other window covers (the active one first: the list is front first)."""
    boxes: list[Box] = []
    for window in windows:
        box = window.box
        if box_area(box) < MIN_PART:
            continue
        if all(not _overlap(box, other) for other in boxes):
            boxes.append(box)
        else:
            break  # the windows behind are partly hidden: read with the rest
    return boxes


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _background(image: Image.Image, box: Box) -> tuple[int, ...]:
    """The colour around a window, so that blanking it leaves no edge to read."""
    x1, y1, x2, y2 = box
    samples = [image.getpixel((max(0, x1 - 2), max(0, y1 - 2))), image.getpixel((min(image.width - 1, x2 + 1),
                                                                                  min(image.height - 1, y2 + 1)))]
    return samples[0] if isinstance(samples[0], tuple) else (samples[0],)
