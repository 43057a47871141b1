"""Where something is on the image, in words: «слева вверху», «в центре»."""
from __future__ import annotations

from vidimo.models.findings import Box
from vidimo.narration import phrases as ru


def place(box: Box, width: int, height: int) -> str:
    """Where a box is, in words: «слева вверху», «в центре», «справа внизу»."""
    cx = (box[0] + box[2]) / 2 / max(1, width)
    cy = (box[1] + box[3]) / 2 / max(1, height)
    horizontal = "left" if cx < 1 / 3 else "right" if cx > 2 / 3 else "centre"
    vertical = "top" if cy < 1 / 3 else "bottom" if cy > 2 / 3 else "middle"
    return ru.PLACES[(vertical, horizontal)]


def join_words(items: list[str]) -> str:
    """«a», «a и b», «a, b и c»."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {ru.AND} {items[-1]}"
