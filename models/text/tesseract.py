"""Tesseract (``rus+eng``) recognition: of a whole page, or of regions found by a detector."""
from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image, ImageOps

from vidimo.models.errors import EngineUnavailableError
from vidimo.models.findings import Box, TextLine, box_area, intersection
from vidimo.models.text.scripts import repair
from vidimo.models.text.preprocess import crop_is_dark, line_scale, normalize_polarity, page_scale

log = logging.getLogger(__name__)

LANGUAGES = "rus+eng"
#: Words Tesseract is less sure of than this (0–100) are dropped as noise.
MIN_WORD_CONFIDENCE = 30
#: Two readings of a word whose confidences (0–1) differ by no more than this are about as sure.
NEAR_TIE = 0.03
#: The page layout's second reading of a page is given up after this long (a dark 1920×1080
#: desktop took it 13 s here, the sparse reading 7 s): the sparse reading is then the page's.
PAGE_LAYOUT_TIMEOUT_S = 6.0
#: Vertical space between stacked crops, in pixels.
STACK_GAP = 24


def check_tesseract() -> None:
    """Raise :class:`EngineUnavailableError` unless Tesseract with Russian is installed."""
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise EngineUnavailableError("tesseract", "apt install tesseract-ocr tesseract-ocr-rus")
    languages = set(pytesseract.get_languages(config=""))
    missing = {"rus", "eng"} - languages
    if missing:
        raise EngineUnavailableError("tesseract", "apt install tesseract-ocr-rus tesseract-ocr-eng")


def _words(image: Image.Image, psm: int, timeout_s: float = 0) -> list[TextLine]:
    """Tesseract's words with their boxes; ``timeout_s`` (when not 0) ends a slower reading with
    a ``RuntimeError``."""
    import pytesseract

    data = pytesseract.image_to_data(
        image, lang=LANGUAGES, config=f"--psm {psm}", output_type=pytesseract.Output.DICT, timeout=timeout_s
    )
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]
    ):
        conf = float(conf)
        if text.strip() and conf >= MIN_WORD_CONFIDENCE:
            words.append(TextLine(repair(text.strip()), (left, top, left + width, top + height), conf / 100))
    return words


def read_page(rgb: Image.Image) -> list[TextLine]:
    """Words of a whole image, read by two of Tesseract's layouts side by side and merged.

    The sparse-text layout (``--psm 11``) reads the image made dark-on-light; small images are
    read by it twice, as they are and upscaled (small UI text needs the upscale, large text
    breaks with it). The page layout (``--psm 3``) reads the plain grey image in another process
    at the same time (given up after :data:`PAGE_LAYOUT_TIMEOUT_S`): it keeps lines whole where
    the sparse one breaks them, and reads light headlines over photos that the polarity flip loses (on 30 real desktops of the train split
    of tools/screens, the sparse layout alone read 81 % of the words, both merged 86 %; dark
    screens 77 % → 85 %). Where two readings overlap, the more confident word wins.
    """
    gray = ImageOps.grayscale(rgb)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tesseract-page") as pool:
        page = pool.submit(_words, gray, 3, PAGE_LAYOUT_TIMEOUT_S)  # Tesseract runs in a process of its own
        normalized = normalize_polarity(gray)
        words = _words(normalized, psm=11)
        scale = page_scale(normalized.size)
        if scale != 1.0:
            big = normalized.resize((round(normalized.width * scale), round(normalized.height * scale)),
                                    Image.Resampling.LANCZOS)
            words = merge_passes(words, [_rescale(w, 1 / scale) for w in _words(big, psm=11)])
        try:
            return merge_passes(words, page.result())
        except RuntimeError as error:  # pytesseract's timeout ended it (or Tesseract failed on it)
            log.info("page layout reading left out: %s", error)
            return words


def merge_passes(first: Sequence[TextLine], second: Sequence[TextLine]) -> list[TextLine]:
    """Words of two readings of one image; of two overlapping words the more confident stays.

    Where both are about as sure (within ``NEAR_TIE``), the one that covers more of the
    line stays: a small word cut short at 1× («файл») loses to its whole reading («файла:»).
    """
    merged = list(first)
    for word in second:
        rivals = [w for w in merged
                  if intersection(w.box, word.box) > 0.5 * min(box_area(w.box), box_area(word.box))]
        if all(_better(word, rival) for rival in rivals):
            merged = [w for w in merged if w not in rivals] + [word]
    return merged


def _better(word: TextLine, rival: TextLine) -> bool:
    if abs(word.confidence - rival.confidence) <= NEAR_TIE:
        return word.box[2] - word.box[0] > rival.box[2] - rival.box[0]
    return word.confidence > rival.confidence


def read_regions(rgb: Image.Image, boxes: Sequence[Box]) -> list[TextLine]:
    """One text line for each detected region, recognised in a single Tesseract call.

    Each crop is made dark-on-light, scaled to a common line height and stacked
    under the others; words are mapped back to their crop by vertical position.
    """
    boxes = [box for box in boxes if box[2] > box[0] and box[3] > box[1]]  # an empty place holds no word
    if not boxes:
        return []
    gray = ImageOps.grayscale(rgb)
    crops, slots = [], []
    y = STACK_GAP
    for box in boxes:
        crop = on_white(gray.crop(box))
        scale = line_scale(box[3] - box[1])
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
                           Image.Resampling.LANCZOS)
        crops.append((crop, y))
        slots.append((y, y + crop.height, box, scale))
        y += crop.height + STACK_GAP
    width = max(c.width for c, _ in crops) + 2 * STACK_GAP
    sheet = Image.new("L", (width, y), 255)
    for crop, top in crops:
        sheet.paste(crop, (STACK_GAP, top))
    found: dict[int, list[TextLine]] = {}
    for word in _words(sheet, psm=6):
        centre = (word.box[1] + word.box[3]) / 2
        for index, (top, bottom, _, _) in enumerate(slots):
            if top - STACK_GAP / 2 <= centre <= bottom + STACK_GAP / 2:
                found.setdefault(index, []).append(word)
                break
    lines = []
    for index, words in sorted(found.items()):
        box = slots[index][2]
        lines.append(TextLine(" ".join(w.text for w in sorted(words, key=lambda w: w.box[0])),
                              box, round(float(np.mean([w.confidence for w in words])), 3)))
    return lines


def on_white(crop: Image.Image) -> Image.Image:
    """A text crop as dark ink on a white background, whatever its colours: inverted when the
    text is lighter than its background, then brightened so the background is white (a grey
    background on the white sheet the crops are stacked on reads as one dark block)."""
    if crop_is_dark(crop):
        crop = ImageOps.invert(crop)
    background = float(np.median(np.asarray(crop)))
    if background <= 0:
        return crop
    gain = 255 / background
    return crop.point(lambda value: min(255, round(value * gain)))


def _rescale(line: TextLine, factor: float) -> TextLine:
    x1, y1, x2, y2 = line.box
    box = (round(x1 * factor), round(y1 * factor), round(x2 * factor), round(y2 * factor))
    return TextLine(line.text, box, line.confidence)
