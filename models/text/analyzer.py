"""The text analyzer: picks an OCR engine for the device and returns lines in reading order.

Engines:

* ``easyocr`` — EasyOCR ``ru``+``en`` (CRAFT + ``cyrillic_g2``); best on a GPU;
* ``craft+tesseract`` — CRAFT finds regions, Tesseract reads them; offline, any device;
* ``tesseract`` — Tesseract's own layout analysis; the fast CPU path;
* ``auto`` — EasyOCR on CUDA when its Russian weights are present, CRAFT+Tesseract
  on CUDA otherwise, Tesseract on the CPU (CRAFT alone takes seconds on two cores).
"""
from __future__ import annotations

import logging

from PIL import Image

from vidimo.models import registry
from vidimo.models.base import Analyzer, Request
from vidimo.models.device import Device
from vidimo.models.findings import Box, TextLine
from vidimo.models.text import scripts, tesseract
from vidimo.models.text.reuse import PartReader
from vidimo.models.text.layout import is_label, ordered_lines, words_to_lines

log = logging.getLogger(__name__)

OCR_ENGINES = ("auto", "tesseract", "craft+tesseract", "easyocr")


def choose_engine(choice: str, device: Device) -> str:
    """The concrete engine ``auto`` stands for on ``device``; other choices pass through."""
    if choice not in OCR_ENGINES:
        raise ValueError(f"unknown OCR engine {choice!r}; expected one of {OCR_ENGINES}")
    if choice != "auto":
        return choice
    if not device.is_cuda:
        return "tesseract"
    if registry.locate(registry.spec("easyocr-cyrillic")) is not None:
        return "easyocr"
    return "craft+tesseract"


class TextAnalyzer(Analyzer[TextLine]):
    """Russian and English text as lines, deduplicated, in reading order."""

    name = "text"

    def __init__(self, device: str | Device = "auto", engine: str = "auto") -> None:
        super().__init__(device)
        if engine not in OCR_ENGINES:
            raise ValueError(f"unknown OCR engine {engine!r}")
        self._engine_choice = engine
        self.engine: str | None = None
        self._reader = None
        self._detector = None
        #: Tesseract's page reading, window by window, kept for unchanged parts of the screen.
        self.parts = PartReader(tesseract.read_page)

    def _load(self, device: Device) -> None:
        engine = choose_engine(self._engine_choice, device)
        if engine == "easyocr":
            from vidimo.models.text.easyocr_reader import EasyOcrReader

            self._reader = EasyOcrReader(device)
            if self._reader.missing is not None:
                self.missing_models.append(self._reader.missing)
        else:
            tesseract.check_tesseract()
            if engine == "craft+tesseract":
                from vidimo.models.text.craft import CraftDetector

                self._detector = CraftDetector(device)
        self.engine = engine
        log.info("text engine: %s on %s", engine, device.name)

    def warm_up(self) -> None:
        """Load, read a small image once, and load the dictionaries that repair words read in the
        wrong alphabet (about two seconds the first request would otherwise wait)."""
        super().warm_up()
        scripts.warm_up()

    def forget(self) -> None:
        """Readings of unchanged screen parts are no longer kept from earlier images."""
        self.parts.forget()

    @property
    def reads_places_alongside(self) -> bool:
        """Whether :meth:`read_places` may run while a page is being read (Tesseract runs as a
        process of its own for each; EasyOCR's one network is not shared between threads)."""
        return self._reader is None

    def read_places(self, image: Image.Image, boxes: list[Box]) -> list[TextLine]:
        """The text in each of the given places, one line per place that holds any: for words the
        page reading passed over, where a label is expected (so a short word counts: «Да»). Loads
        on first call."""
        self.load()
        if not boxes:
            return []
        if self._reader is not None:
            lines = []
            for box in boxes:
                found = self._reader.read(image.crop(box))
                if found:
                    lines.append(TextLine(" ".join(line.text for line in found), box,
                                          min(line.confidence for line in found)))
        else:
            lines = tesseract.read_regions(image, boxes)
        return [line for line in lines if is_label(line)]

    def _analyze(self, image: Image.Image, request: Request) -> list[TextLine]:
        if self._reader is not None:
            lines = self._reader.read(image)
        elif self._detector is not None:
            lines = words_to_lines(tesseract.read_regions(image, self._detector.detect(image)))
        else:
            lines = words_to_lines(self.parts.words(image, request.windows))
        return ordered_lines(lines)
