"""The CRAFT text detector (EasyOCR's weights): finds text regions in any script."""
from __future__ import annotations

import logging

import numpy as np
from PIL import Image

from vidimo.models import registry
from vidimo.models.device import Device
from vidimo.models.findings import Box, clip_box
from vidimo.models.integrity import loading

log = logging.getLogger(__name__)

#: Longest side CRAFT sees; larger images are scaled down (speed), boxes scaled back.
CANVAS = 1280
#: Pixels added around each region so ascenders and descenders are kept.
PADDING = 3


class CraftDetector:
    """Wraps EasyOCR's detector-only reader; ``detect`` returns horizontal line boxes."""

    def __init__(self, device: Device) -> None:
        import easyocr

        model = registry.spec("easyocr-craft")
        folder = registry.require(model.name)
        with loading(model.name, model.title):  # EasyOCR raises on an md5 mismatch: a damaged file
            self._reader = easyocr.Reader(
                ["en"],
                gpu=device.is_cuda,
                model_storage_directory=str(folder),
                download_enabled=False,
                recognizer=False,
                verbose=False,
            )
        self._canvas = 2560 if device.is_cuda else CANVAS

    def detect(self, rgb: Image.Image) -> list[Box]:
        """Boxes of text lines in reading-agnostic order."""
        horizontal, free = self._reader.detect(
            np.asarray(rgb), canvas_size=self._canvas, mag_ratio=1.0, link_threshold=0.3
        )
        boxes: list[Box] = []
        for x1, x2, y1, y2 in horizontal[0]:
            boxes.append(clip_box((x1 - PADDING, y1 - PADDING, x2 + PADDING, y2 + PADDING), *rgb.size))
        for polygon in free[0]:
            xs = [p[0] for p in polygon]
            ys = [p[1] for p in polygon]
            boxes.append(clip_box((min(xs), min(ys), max(xs), max(ys)), *rgb.size))
        return [b for b in boxes if b[2] - b[0] > 2 and b[3] - b[1] > 2]
