"""The interface-element analyzer: our YOLO detector, shipped in resources/ (or a local folder).

Returns typed elements with boxes, confidence and state; labels are attached later
by the core from the text analyzer's lines (analyzers know nothing of each other).
"""
from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path

import numpy as np
from PIL import Image

from vidimo.models.base import Analyzer, Request
from vidimo.models.device import Device
from vidimo.models.errors import ModelCorruptError, ModelMissingError
from vidimo.models.findings import UiElement, box_area, clip_box, intersection
from vidimo.models.integrity import loading, weight_problem
from vidimo.models.ui_detector.classes import CLASSES, element_type
from vidimo.models.ui_detector.marks import mark_kind
from vidimo.models.ui_detector.password import is_hidden_password

log = logging.getLogger(__name__)

WEIGHTS = "ui_detector.pt"
#: The detector's name and title in errors (it ships with the app; it is not in the registry).
DETECTOR = ("ui-detector", "детектор элементов интерфейса")
#: Detections less certain than this are not reported.
MIN_CONFIDENCE = 0.35
#: Kinds held to more: on real desktops a headline or a photo's bright dots were taken for
#: checkboxes, and a wallpaper or a part of a photo for a picture, at confidences where the real
#: ones are few (eval split of tools/screens, 66 screens: checkboxes 12 of 17 found either way,
#: false 56 → 37; pictures 0 of 6 either way, false 279 → 105). Radios are not: the generated
#: screens' radios sit at 0.35–0.45 (8 of 11 found; 6 at 0.45).
MIN_CONFIDENCE_OF = {"checkbox": 0.45, "image": 0.7}
#: An element is one with another of its kind when this share of either's box lies in the other.
NESTED = 0.8
#: Kinds whose elements may nest: a dialog in its window, rows in a list taken whole.
NESTING = {"window", "list_item"}
#: The detector was trained on screens at their own pixel size (± 40 %), so it sees a
#: window unscaled; a larger screen is scaled down to this longest side (1920 → 1280).
MAX_IMAGE_SIZE = 1280
#: The network's input sides are multiples of its largest stride.
STRIDE = 32


def detector_size(width: int, height: int) -> int:
    """The input size for an image: its longest side rounded up to the stride, at most ``MAX_IMAGE_SIZE``."""
    return min(MAX_IMAGE_SIZE, -(-max(width, height) // STRIDE) * STRIDE)


def _same_row(a: UiElement, b: UiElement) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap > 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def without_lone_tabs(elements: list[UiElement]) -> list[UiElement]:
    """The elements less any «tab» with no other tab on its row: a tab bar has at least two
    tabs, and a lone one is most often a line of text (a dialog's question) taken for a tab."""
    tabs = [e for e in elements if e.type == "tab"]
    return [e for e in elements
            if e.type != "tab" or any(other is not e and _same_row(e, other) for other in tabs)]


def without_option_rows(elements: list[UiElement]) -> list[UiElement]:
    """The elements less any list row that starts at a check or radio mark on its row: an option
    of a GTK check or radio list, named by its mark («Флажок «Почта»»), not said again as a row."""
    marks = [e for e in elements if e.type in ("checkbox", "radio")]

    def option_row(row: UiElement) -> bool:
        return any(_same_row(row, mark) and row.box[0] <= mark.box[2] + (mark.box[2] - mark.box[0])
                   and row.box[2] > mark.box[2] for mark in marks)

    return [e for e in elements if e.type != "list_item" or not option_row(e)]


def _inside(inner: UiElement, outer: UiElement) -> float:
    """The share of ``inner``'s box that lies in ``outer``'s."""
    area = box_area(inner.box)
    return intersection(inner.box, outer.box) / area if area > 0 else 0.0


def without_nested(elements: list[UiElement]) -> list[UiElement]:
    """The elements less any that nests (lies mostly inside, or mostly holds) a more certain one
    of its kind. Overlap suppression keeps boxes that nest (their overlap is small beside the
    larger box), so a line of page text taken for a link came out as the line and two or three
    of its words, each a link. Windows hold windows and rows lie in lists: those are left."""
    kept: list[UiElement] = []
    for element in sorted(elements, key=lambda e: -e.confidence):
        if element.type in NESTING or not any(
                other.type == element.type and (_inside(element, other) >= NESTED or _inside(other, element) >= NESTED)
                for other in kept):
            kept.append(element)
    return [e for e in elements if any(e is k for k in kept)]


def shipped_weights() -> Path | None:
    """The detector shipped with the app, or the folder named by ``VIDIMO_MODEL_UI_DETECTOR``."""
    import os

    override = os.environ.get("VIDIMO_MODEL_UI_DETECTOR")
    if override:
        path = Path(override).expanduser() / WEIGHTS
        return path if path.is_file() else None
    path = Path(str(files("vidimo.resources").joinpath(WEIGHTS)))
    return path if path.is_file() else None


class UiAnalyzer(Analyzer[UiElement]):
    """Buttons, fields, checkboxes and radios with their states, tabs, links, lists, icons, images."""

    name = "ui"

    def __init__(self, device: str | Device = "auto", *, windows: bool = False) -> None:
        """``windows``: also report the frames of windows and dialogs (title bar included) as
        elements of type ``window``; they are not controls, so only callers that group controls
        by window ask for them."""
        super().__init__(device)
        self._model = None
        self._windows = windows

    def _load(self, device: Device) -> None:
        """Loads the detector; a damaged file, or one whose classes are not ours (its class
        numbers would name the wrong kinds of element), is a :class:`ModelCorruptError`."""
        weights = shipped_weights()
        if weights is None:
            raise ModelMissingError(*DETECTOR)
        if problem := weight_problem(weights):
            raise ModelCorruptError(*DETECTOR, problem)
        from vidimo.models.yolo import Yolo

        with loading(*DETECTOR):
            model = Yolo(weights, device)
        if model.names != list(CLASSES):
            raise ModelCorruptError(*DETECTOR, f"{weights} has the classes {model.names}, expected {list(CLASSES)}")
        self._model = model

    def _analyze(self, image: Image.Image, request: Request) -> list[UiElement]:
        # One element per place: a checkbox is checked or unchecked, never both, nor also an icon.
        results = self._model.predict(image, imgsz=detector_size(*image.size), conf=MIN_CONFIDENCE,
                                      agnostic_nms=True)
        elements = []
        pixels = None
        for result in results:
            for xyxy, conf, cls in zip(result.boxes.xyxy.tolist(), result.boxes.conf.tolist(),
                                       result.boxes.cls.tolist()):
                kind, state = element_type(CLASSES[int(cls)])
                box = clip_box(tuple(xyxy), *image.size)
                if kind in ("checkbox", "radio"):  # the shape tells them apart better than the detector
                    pixels = np.asarray(image.convert("RGB")) if pixels is None else pixels
                    kind = mark_kind(pixels, box) or kind
                if (kind == "window" and not self._windows) or conf < MIN_CONFIDENCE_OF.get(kind, MIN_CONFIDENCE):
                    continue
                if kind in ("text_field", "dropdown") and is_hidden_password(image.crop(box)):
                    kind, state = "text_field", "password"  # only a field hides what it holds
                elements.append(UiElement(kind, box, None, state, round(float(conf), 3)))
        kept = without_option_rows(without_lone_tabs(without_nested(elements)))
        return sorted(kept, key=lambda e: (e.box[1], e.box[0]))
