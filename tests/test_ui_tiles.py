"""The training tiles keep the screen's own scale, so small indicators stay small but visible."""
from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.ui_detector.dataset import read_boxes  # noqa: E402
from tools.ui_detector.tiles import convert, crop_boxes, tiles  # noqa: E402


def _window(width: int, height: int) -> tuple[Image.Image, list]:
    image = Image.new("RGB", (width, height), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    boxes = [(2, 20.0, 20.0, 36.0, 36.0), (0, 500.0, 400.0, 600.0, 430.0)]  # a checkbox, a button
    for _, x1, y1, x2, y2 in boxes:
        draw.rectangle((x1, y1, x2 - 1, y2 - 1), outline=(0, 0, 0))
    return image, boxes


def test_tiles_are_cut_without_scaling_and_boxes_follow():
    image, boxes = _window(700, 500)
    pieces = tiles(image, boxes, 320, 10, random.Random(0))
    assert pieces and all(piece.size == (320, 320) for piece, _ in pieces)
    for piece, inside in pieces:
        for cls, x1, y1, x2, y2 in inside:
            assert piece.getpixel((int(x1), int(y1))) == (0, 0, 0)  # the box sits on the element
            if cls == 2:
                assert (x2 - x1, y2 - y1) == (16.0, 16.0)  # the 16 px checkbox stays 16 px
            else:
                assert x2 - x1 >= 50 and y2 - y1 == 30.0  # the button, perhaps cut by the edge


def test_a_box_mostly_outside_a_tile_is_dropped_and_a_small_cut_is_kept():
    assert crop_boxes([(0, 300.0, 0.0, 400.0, 30.0)], 0, 0, 320) == []          # 20 % inside
    assert crop_boxes([(0, 250.0, 0.0, 330.0, 30.0)], 0, 0, 320) == [(0, 250.0, 0.0, 320, 30.0)]


def test_dataset_conversion_writes_tiles_and_whole_validation_windows(tmp_path: Path):
    from tools.ui_detector.dataset import split_folders, yolo_line

    source = tmp_path / "generated"
    for split in ("train", "val"):
        images, labels = split_folders(source, split)
        image, boxes = _window(700, 500)
        image.save(images / "w.png")
        (labels / "w.txt").write_text("\n".join(yolo_line(c, *b, 700, 500) for c, *b in boxes) + "\n")
    counts = convert(source, tmp_path / "tiles", 320, 2, 800, seed=0)
    assert counts == {"train": 2, "val": 1}
    val = Image.open(tmp_path / "tiles" / "images" / "val" / "w.png")
    assert val.size == (800, 800)
    restored = read_boxes(tmp_path / "tiles" / "labels" / "val" / "w.txt", 800, 800)
    assert [tuple(round(v) for v in box[1:]) for box in restored] == [(20, 20, 36, 36), (500, 400, 600, 430)]
    assert "checkbox_checked" in (tmp_path / "tiles" / "data.yaml").read_text()
