"""Rectangles on a screen: intersection, what is left of one after others cover it, visible shares.

Boxes are ``(x0, y0, x1, y1)`` tuples of ints, right and bottom edges exclusive.
"""
from __future__ import annotations

from collections.abc import Iterable

Box = tuple[int, int, int, int]


def area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersect(a: Box, b: Box) -> Box | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def subtract(box: Box, cover: Box) -> list[Box]:
    """The parts of ``box`` that ``cover`` leaves uncovered (up to four rectangles)."""
    inner = intersect(box, cover)
    if inner is None:
        return [box]
    x0, y0, x1, y1 = box
    parts = [(x0, y0, x1, inner[1]), (x0, inner[3], x1, y1),
             (x0, inner[1], inner[0], inner[3]), (inner[2], inner[1], x1, inner[3])]
    return [p for p in parts if area(p) > 0]


def visible_parts(box: Box, clip: Box, covers: Iterable[Box]) -> list[Box]:
    """The parts of ``box`` inside ``clip`` that none of ``covers`` hides."""
    inside = intersect(box, clip)
    parts = [inside] if inside else []
    for cover in covers:
        parts = [piece for part in parts for piece in subtract(part, cover)]
        if not parts:
            break
    return parts


def visible_share(box: Box, clip: Box, covers: Iterable[Box]) -> float:
    total = area(box)
    if total == 0:
        return 0.0
    return sum(area(p) for p in visible_parts(box, clip, covers)) / total


def union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def iou(a: Box, b: Box) -> float:
    inner = intersect(a, b)
    if inner is None:
        return 0.0
    shared = area(inner)
    return shared / (area(a) + area(b) - shared)
