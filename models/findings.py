"""Typed findings the analyzers return: frozen dataclasses of plain Python types.

Boxes are ``(x1, y1, x2, y2)`` in integer pixels of the analysed image.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Box = tuple[int, int, int, int]
Gender = Literal["male", "female"]


def clip_box(box: tuple[float, float, float, float], width: int, height: int) -> Box:
    """Round a box to integers and keep it inside a ``width`` × ``height`` image."""
    x1, y1, x2, y2 = box
    x1, x2 = sorted((x1, x2))
    y1, y2 = sorted((y1, y2))
    return (
        int(max(0, min(width, round(x1)))),
        int(max(0, min(height, round(y1)))),
        int(max(0, min(width, round(x2)))),
        int(max(0, min(height, round(y2)))),
    )


def box_height(box: Box) -> int:
    """Height of a box in pixels, at least 1 (safe to divide by)."""
    return max(1, box[3] - box[1])


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def box_area(box: Box) -> int:
    """Area of a box in pixels (0 for an empty box)."""
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersection(a: Box, b: Box) -> int:
    """Area shared by two boxes."""
    return box_area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    inter = intersection(a, b)
    union = box_area(a) + box_area(b) - inter
    return inter / union if union else 0.0


@dataclass(frozen=True)
class TextLine:
    """One line (or block) of recognised text."""

    text: str
    box: Box
    confidence: float
    #: Index of the block (paragraph, panel, column part) in reading order.
    block: int = 0
    #: The line's words with their boxes, where the recogniser gave them: a line that runs from a
    #: label into the field beside it («Логин: ivan.petrov») can be split where the field begins.
    words: tuple[tuple[str, Box], ...] = ()


@dataclass(frozen=True)
class Person:
    """One person: a face with gender and age, a body without a visible face, or both."""

    box: Box
    gender: Gender | None
    age: int | None
    confidence: float
    face_box: Box | None = None


@dataclass(frozen=True)
class UiElement:
    """One interface element.

    ``state`` is ``checked``/``unchecked`` for checkboxes and radios, ``password`` for a
    field whose contents are hidden; ``label`` is the text on or beside the element;
    ``value`` is what a field or dropdown shows (never filled for passwords).
    """

    type: str
    box: Box
    label: str | None
    state: str | None
    confidence: float
    value: str | None = None


@dataclass(frozen=True)
class Caption:
    """A scene caption in English, its Russian translation, and the model's confidence."""

    en: str
    ru: str | None
    confidence: float


@dataclass(frozen=True)
class Window:
    """A window (or dialog) on a screenshot: its frame, its title when known, and whether it is the
    active one (in front, with the keyboard focus). ``title_box`` is where the title was read."""

    box: Box
    title: str | None
    active: bool
    title_box: Box | None = None
