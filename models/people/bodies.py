"""Whole people found by an ultralytics YOLO detector trained on COCO (class 0, ``person``)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PIL import Image

from vidimo.models.device import Device
from vidimo.models.findings import Box, clip_box

log = logging.getLogger(__name__)

#: Detections less certain than this are ignored.
MIN_CONFIDENCE = 0.4
PERSON_CLASS = 0


def load_yolo(weights: Path, device: Device):  # noqa: ANN201 - ultralytics has no public type
    """Load a YOLO checkpoint without letting ultralytics reach the network."""
    os.environ.setdefault("YOLO_OFFLINE", "1")
    from ultralytics import YOLO

    model = YOLO(str(weights))
    model.to(device.name)
    return model


class BodyDetector:
    """Boxes and confidences of people, visible face or not."""

    def __init__(self, weights: Path, device: Device) -> None:
        self._device = device
        self._model = load_yolo(weights, device)

    def detect(self, rgb: Image.Image) -> list[tuple[Box, float]]:
        results = self._model.predict(
            rgb,
            classes=[PERSON_CLASS],
            conf=MIN_CONFIDENCE,
            device=self._device.name,
            half=self._device.half,
            verbose=False,
        )
        found = []
        for result in results:
            for xyxy, conf in zip(result.boxes.xyxy.tolist(), result.boxes.conf.tolist()):
                found.append((clip_box(tuple(xyxy), *rgb.size), round(float(conf), 3)))
        return found
