"""Training labels made from real desktops box a check or radio mark as drawn, not as guessed."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from vidimo.models.ui_detector.marks import snap_mark


def _row(theme: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A list row at font scale 1.5: a 16 px radio mark centred in the 27 px square the truth guesses,
    and the row's label to its right."""
    back, ring, ink = ((255, 255, 255), (150, 150, 150), (20, 20, 20)) if theme == "light" else \
        ((48, 48, 48), (28, 28, 28), (230, 230, 230))
    image = Image.new("RGB", (160, 60), back)
    draw = ImageDraw.Draw(image)
    draw.ellipse((22, 22, 37, 37), outline=ring, width=2)
    draw.text((48, 22), "Белый", fill=ink)
    return np.array(image), (16, 16, 43, 43)


def test_a_radio_mark_is_boxed_where_it_is_drawn_in_both_themes():
    for theme in ("light", "dark"):
        pixels, guessed = _row(theme)
        assert snap_mark(pixels, guessed) == (22, 22, 38, 38), theme


def test_a_guess_that_holds_no_mark_is_kept():
    pixels = np.full((60, 160, 3), 240, np.uint8)
    assert snap_mark(pixels, (16, 16, 43, 43)) == (16, 16, 43, 43)


def test_the_label_beside_a_mark_is_not_taken_for_it():
    pixels, _ = _row("light")
    # A guess wide enough to reach the label: still the mark alone.
    assert snap_mark(pixels, (16, 16, 52, 43))[2] <= 38


def test_tiles_around_marks_hold_a_mark_and_a_screen_without_marks_gives_none():
    import random

    from tools.ui_detector.from_screens import CLASS_ID, Labelled, pieces

    image = Image.new("RGB", (1280, 720), (240, 240, 240))
    radio = (CLASS_ID["radio_unchecked"], 1200.0, 700.0, 1216.0, 716.0)  # in a corner, far from most tiles
    button = (CLASS_ID["button"], 100.0, 100.0, 180.0, 130.0)
    screen = Labelled(image, [radio, button], set())
    found = pieces(screen, 640, 0, False, random.Random(0), marks=5)
    assert len(found) == 5
    for suffix, tile, boxes in found:
        assert suffix.startswith("m") and tile.size == (640, 640)
        assert [b[0] for b in boxes] == [CLASS_ID["radio_unchecked"]]
    plain = Labelled(image, [button], set())
    assert pieces(plain, 640, 0, False, random.Random(0), marks=5) == []


def test_a_screens_labels_put_a_radio_on_its_drawn_mark():
    from tools.ui_detector.from_screens import CLASS_ID, label_screen

    pixels, guessed = _row("light")
    truth = {"size": [160, 60], "windows": [], "ignore": [], "controls": [
        {"class": "radio_unchecked", "kind": "radio", "box": [16, 16, 120, 43], "target": list(guessed),
         "counted": True, "visible": 1.0, "window": 0}]}
    screen = label_screen(Image.fromarray(pixels), truth)
    assert screen.boxes == [(CLASS_ID["radio_unchecked"], 22, 22, 38, 38)]
