"""Draws the labelled boxes on generated images, for checking a dataset by eye.

    python tools/ui_detector/preview.py DATASET SPLIT OUT.png [--count 6]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from vidimo.models.ui_detector.classes import CLASSES  # noqa: E402
from tools.ui_detector.dataset import read_boxes  # noqa: E402

COLOURS = ["red", "blue", "green", "lime", "orange", "gold", "purple", "cyan", "magenta", "brown", "navy",
           "teal", "olive", "pink", "yellow"]


def draw(image_path: Path, label_path: Path) -> Image.Image:
    image = Image.open(image_path).convert("RGB")
    pen = ImageDraw.Draw(image)
    for cls, x1, y1, x2, y2 in read_boxes(label_path, image.width, image.height):
        colour = COLOURS[cls % len(COLOURS)]
        pen.rectangle((x1, y1, x2, y2), outline=colour, width=2)
        pen.text((x1 + 2, y1 - 10), CLASSES[cls], fill=colour)
    return image


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", type=Path)
    parser.add_argument("split")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=6)
    args = parser.parse_args()
    images = sorted(p for p in (args.dataset / "images" / args.split).iterdir()
              if p.suffix in (".jpg", ".png"))[: args.count]
    tiles = [draw(p, args.dataset / "labels" / args.split / (p.stem + ".txt")) for p in images]
    width = max(t.width for t in tiles) * 2
    height = sum(max(t.height for t in tiles[i:i + 2]) for i in range(0, len(tiles), 2))
    sheet = Image.new("RGB", (width, height), "gray")
    y = 0
    for i in range(0, len(tiles), 2):
        row = tiles[i:i + 2]
        for j, tile in enumerate(row):
            sheet.paste(tile, (j * width // 2, y))
        y += max(t.height for t in row)
    sheet.save(args.out)


if __name__ == "__main__":
    main()
