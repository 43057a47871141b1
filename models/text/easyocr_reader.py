"""EasyOCR recognition (``ru`` + ``en``): CRAFT detection and ``cyrillic_g2`` recognition."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from vidimo.models import registry
from vidimo.models.device import Device
from vidimo.models.errors import ModelMissingError
from vidimo.models.findings import TextLine, clip_box


def _model_folder(names: tuple[str, ...]) -> Path:
    """One folder holding the detector and the recogniser, as EasyOCR expects.

    Each model may live elsewhere (cache, offline package, ``VIDIMO_MODEL_*``), so
    the files are linked into a private temporary folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="vidimo-easyocr-"))
    for name in names:
        spec = registry.spec(name)
        source = registry.require(name) / str(spec.filename)
        try:
            (folder / source.name).symlink_to(source)
        except OSError:
            shutil.copy2(source, folder / source.name)
    return folder


class EasyOcrReader:
    """Full EasyOCR pipeline: Russian and English with ``cyrillic_g2``; English only
    (``english_g2``, shipped offline) while the Russian weights are not downloaded,
    in which case :attr:`missing` holds the error to report."""

    def __init__(self, device: Device) -> None:
        import easyocr

        self.missing: ModelMissingError | None = None
        try:
            registry.require("easyocr-cyrillic")
            languages, recogniser = ["ru", "en"], "easyocr-cyrillic"
        except ModelMissingError as error:
            self.missing = error
            languages, recogniser = ["en"], "easyocr-english"
        self._reader = easyocr.Reader(
            languages,
            gpu=device.is_cuda,
            model_storage_directory=str(_model_folder(("easyocr-craft", recogniser))),
            download_enabled=False,
            verbose=False,
        )

    def read(self, rgb: Image.Image) -> list[TextLine]:
        """Lines of text with boxes and confidences."""
        results = self._reader.readtext(np.asarray(rgb), paragraph=False)
        lines = []
        for polygon, text, confidence in results:
            xs = [p[0] for p in polygon]
            ys = [p[1] for p in polygon]
            box = clip_box((min(xs), min(ys), max(xs), max(ys)), *rgb.size)
            lines.append(TextLine(str(text), box, round(float(confidence), 3)))
        return lines
