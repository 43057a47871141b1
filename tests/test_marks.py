"""A check or radio mark told by its shape on the screen's own pixels, whatever the detector said."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from vidimo.models.ui_detector.marks import mark_kind


def _mark(shape: str, theme: str, side: int, checked: bool) -> np.ndarray:
    back, edge, fill = ((250, 250, 250), (140, 140, 140), (53, 132, 228)) if theme == "light" else \
        ((45, 45, 45), (20, 20, 20), (53, 132, 228))
    image = Image.new("RGB", (60, 40), back)
    draw = ImageDraw.Draw(image)
    box = (10, 10, 10 + side - 1, 10 + side - 1)
    if shape == "square":
        draw.rounded_rectangle(box, radius=max(1, side // 6), outline=edge, width=1,
                               fill=fill if checked else None)
        if checked:
            draw.line((13, 10 + side // 2, 10 + side // 2, 10 + side - 4, 10 + side - 3, 13), fill="white", width=2)
    else:
        draw.ellipse(box, outline=fill if checked else edge, width=max(1, side // 4) if checked else 1)
    draw.text((14 + side, 12), "Звук", fill=edge)
    return np.array(image)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("side", [13, 16, 24])
@pytest.mark.parametrize("checked", [True, False])
def test_round_marks_are_radios_and_square_ones_checkboxes(theme, side, checked):
    detected = (9, 9, 11 + side, 11 + side)  # a detection a pixel or two off the mark
    assert mark_kind(_mark("round", theme, side, checked), detected) == "radio"
    assert mark_kind(_mark("square", theme, side, checked), detected) == "checkbox"


def test_no_mark_no_answer():
    assert mark_kind(np.full((40, 60, 3), 200, np.uint8), (9, 9, 27, 27)) is None
    assert mark_kind(np.full((40, 60, 3), 200, np.uint8), (9, 9, 14, 14)) is None  # too small to tell


def test_a_bare_check_glyph_is_not_taken_for_a_radio():
    image = Image.new("RGB", (40, 40), (250, 250, 250))
    ImageDraw.Draw(image).line((10, 20, 16, 27, 28, 11), fill=(30, 30, 30), width=2)  # a menu's ✓
    assert mark_kind(np.array(image), (8, 9, 30, 30)) is None
