"""EasyOCR recognition (``ru`` + ``en``): CRAFT detection and ``cyrillic_g2`` recognition."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image

from vidimo.models import registry
from vidimo.models.device import Device
from vidimo.models.errors import ModelCorruptError, ModelMissingError
from vidimo.models.findings import TextLine, clip_box
from vidimo.models.integrity import loading


@contextmanager
def model_folder(names: tuple[str, ...]) -> Iterator[Path]:
    """One folder holding the detector and the recogniser, as EasyOCR expects, for as long as
    EasyOCR reads them (it loads everything when the reader is made).

    When both lie in one folder already (the offline package) that folder is used. Otherwise
    (cache, ``VIDIMO_MODEL_*``) they are linked into a private temporary folder, removed after.
    """
    sources = [registry.require(name) / str(registry.spec(name).filename) for name in names]
    if len({source.parent for source in sources}) == 1:
        yield sources[0].parent
        return
    with tempfile.TemporaryDirectory(prefix="vidimo-easyocr-") as tmp:
        folder = Path(tmp)
        for source in sources:
            try:
                (folder / source.name).symlink_to(source)
            except OSError:
                shutil.copy2(source, folder / source.name)
        yield folder


@contextmanager
def _damaged_file_named(names: tuple[str, ...]) -> Iterator[None]:
    """EasyOCR checks each file's md5 itself and raises ``FileNotFoundError("MD5 mismatch for
    PATH …")``: that names the damaged model."""
    try:
        yield
    except FileNotFoundError as error:
        for name in names:
            model = registry.spec(name)
            if "MD5 mismatch" in str(error) and str(model.filename) in str(error):
                raise ModelCorruptError(model.name, model.title, str(error)) from error
        raise


class EasyOcrReader:
    """Full EasyOCR pipeline: Russian and English with ``cyrillic_g2``; English only
    (``english_g2``, shipped offline) while the Russian weights are not downloaded or are
    damaged, in which case :attr:`missing` holds the error to report."""

    def __init__(self, device: Device) -> None:
        import easyocr

        self.missing: ModelMissingError | None = None
        try:
            registry.require("easyocr-cyrillic")
            languages, recogniser = ["ru", "en"], "easyocr-cyrillic"
        except ModelMissingError as error:
            self.missing = error
            languages, recogniser = ["en"], "easyocr-english"
        names = ("easyocr-craft", recogniser)
        title = registry.spec(recogniser).title
        with model_folder(names) as folder, loading(recogniser, title), _damaged_file_named(names):
            self._reader = easyocr.Reader(
                languages,
                gpu=device.is_cuda,
                model_storage_directory=str(folder),
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
