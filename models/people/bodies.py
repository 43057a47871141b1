"""Whole people found by an ultralytics YOLO detector trained on COCO (class 0, ``person``)."""
from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image

from vidimo.models.device import Device
from vidimo.models.findings import Box, clip_box
from vidimo.models.yolo import Yolo

log = logging.getLogger(__name__)

#: Detections less certain than this are ignored.
MIN_CONFIDENCE = 0.4
PERSON_CLASS = 0


class BodyDetector:
    """Boxes and confidences of people, visible face or not."""

    def __init__(self, weights: Path, device: Device) -> None:
        self._model = Yolo(weights, device)

    def detect(self, rgb: Image.Image) -> list[tuple[Box, float]]:
        results = self._model.predict(rgb, classes=[PERSON_CLASS], conf=MIN_CONFIDENCE)
        found = []
        for result in results:
            for xyxy, conf in zip(result.boxes.xyxy.tolist(), result.boxes.conf.tolist()):
                found.append((clip_box(tuple(xyxy), *rgb.size), round(float(conf), 3)))
        return found
