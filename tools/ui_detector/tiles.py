"""Cuts a generated dataset into native-scale pieces, as the detector sees screens.

    python tools/ui_detector/tiles.py SOURCE OUT --tile 320 --per-image 2 --canvas 1184 --seed 0

The analyzer runs the detector at (nearly) the screen's own pixel size, so a 16 px
checkbox stays 16 px. Training therefore uses ``tile``-sized squares cut from the
rendered windows without any scaling (YOLO would otherwise shrink a whole 1000 px window
to the training size), and validation uses each whole window pasted, unscaled, on a
``canvas``-sized square. Boxes cut by a tile edge are kept when at least half of them
is inside. Pieces smaller than the tile are padded with the window's corner colour.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tools.ui_detector.dataset import Box, read_boxes, split_folders, write_data_yaml, yolo_line  # noqa: E402

#: A box cut by a tile edge is kept when this share of its area is still inside.
MIN_VISIBLE = 0.5


def crop_boxes(boxes: list[Box], left: int, top: int, size: int) -> list[Box]:
    """The boxes inside the square (left, top, size), in its coordinates."""
    kept = []
    for cls, x1, y1, x2, y2 in boxes:
        cx1, cy1 = max(x1, left), max(y1, top)
        cx2, cy2 = min(x2, left + size), min(y2, top + size)
        if cx2 <= cx1 or cy2 <= cy1:
            continue
        if (cx2 - cx1) * (cy2 - cy1) >= MIN_VISIBLE * (x2 - x1) * (y2 - y1):
            kept.append((cls, cx1 - left, cy1 - top, cx2 - left, cy2 - top))
    return kept


def positions(length: int, size: int) -> list[int]:
    """Tile starts along one side: overlapping by a quarter, the last one flush with the edge."""
    if length <= size:
        return [0]
    starts = list(range(0, length - size, size * 3 // 4))
    return starts + [length - size]


def tiles(image: Image.Image, boxes: list[Box], size: int, count: int,
          rng: random.Random) -> list[tuple[Image.Image, list[Box]]]:
    """Up to ``count`` square pieces with at least one element each, unscaled."""
    candidates = [(x, y) for y in positions(image.height, size) for x in positions(image.width, size)]
    rng.shuffle(candidates)
    pieces = []
    for x, y in candidates:
        inside = crop_boxes(boxes, x, y, size)
        if inside:
            pieces.append((pad(image.crop((x, y, min(x + size, image.width), min(y + size, image.height))), size),
                           inside))
        if len(pieces) == count:
            break
    return pieces


def pad(image: Image.Image, size: int) -> Image.Image:
    """The image at the top left of a ``size`` square filled with its corner colour."""
    if image.size == (size, size):
        return image
    canvas = Image.new("RGB", (size, size), image.getpixel((0, 0)))
    canvas.paste(image, (0, 0))
    return canvas


def write(image: Image.Image, boxes: list[Box], images: Path, labels: Path, stem: str) -> None:
    image.save(images / f"{stem}.png")
    lines = [yolo_line(cls, x1, y1, x2, y2, image.width, image.height) for cls, x1, y1, x2, y2 in boxes]
    (labels / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def on_canvas(source: Path, out: Path, canvas: int, split: str = "val") -> int:
    """Every window of ``source``'s ``split`` that fits, whole and unscaled on a ``canvas`` square,
    into ``out``'s validation split. Returns how many."""
    images, labels = split_folders(out, "val")
    count = 0
    for path in sorted((source / "images" / split).iterdir()):
        image = Image.open(path).convert("RGB")
        if image.width <= canvas and image.height <= canvas:
            boxes = read_boxes(source / "labels" / split / f"{path.stem}.txt", *image.size)
            write(pad(image, canvas), boxes, images, labels, path.stem)
            count += 1
    return count


def convert(source: Path, out: Path, tile: int, per_image: int, canvas: int, seed: int) -> dict[str, int]:
    """Training split → tiles, validation split → whole windows on a canvas. Returns image counts."""
    rng = random.Random(seed)
    images, labels = split_folders(out, "train")
    counts = {"train": 0}
    for path in sorted((source / "images" / "train").iterdir()):
        image = Image.open(path).convert("RGB")
        boxes = read_boxes(source / "labels" / "train" / f"{path.stem}.txt", *image.size)
        for index, (piece, inside) in enumerate(tiles(image, boxes, tile, per_image, rng)):
            write(piece, inside, images, labels, f"{path.stem}_{index}")
            counts["train"] += 1
    counts["val"] = on_canvas(source, out, canvas)
    write_data_yaml(out)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--tile", type=int, default=320)
    parser.add_argument("--per-image", type=int, default=2)
    parser.add_argument("--canvas", type=int, default=1184)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = convert(args.source, args.out, args.tile, args.per_image, args.canvas, args.seed)
    print(f"train tiles: {counts['train']}, validation windows: {counts['val']}")


if __name__ == "__main__":
    main()
