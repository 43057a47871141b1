"""Turns real full-desktop screens (tools/screens/generate.py) into detector training data.

    python tools/ui_detector/from_screens.py SCREENS... OUT --tile 640 --per-screen 3 --whole 0.5 --marks 2 --seed 0

Each screen is first scaled as the analyzer scales it (longest side at most 1280, see
``detector_size`` in models/ui_detector/analyzer.py; OpenCV's linear interpolation, as ultralytics'
letterbox), then cut into ``--per-screen`` squares of ``--tile`` px at random places, like
tiles.py, and, for a ``--whole`` share of screens, also kept whole (ultralytics shrinks it to the
training size, so windows are seen with all their context at half scale). A screen with
checkboxes or radios gives ``--marks`` more tiles, each around one of its marks picked at random:
they are a few per screen among hundreds of icons and rows, and a detector fine-tuned on random
tiles alone forgot the radios of GTK option lists (1 of 17 on the eval split, 7 before). A tile keeps every
piece of the desktop, so tiles over headlines, paragraphs, photos, terminals and wallpapers
come with no box at all: hard negatives, the things a detector must not take for controls.

Labels come from the screen's truth (tools/screens/truth.py), which maps AT-SPI roles to the
detector's classes (tools/screens/roles.py):

* a control that shows (``counted``) is boxed as its class; checkboxes and radios on their mark
  (``target``), snapped to the mark as drawn (the truth guesses its size from the font scale, and
  GTK draws a 16 px mark at any font scale), as the generated data boxes them;
* a control partly hidden by a window above it is boxed on its largest visible piece when that
  piece is most of it, and otherwise painted over with its own mean colour, so that it is
  neither a control nor an example of what is not one; so are the regions the truth ignores
  (the task bar, calendars);
* rows of option lists (zenity ``--checklist``) are not list rows: their marks are boxed;
* with ``window`` among the classes, every window whose title bar shows is boxed on its frame
  (title bar included), clipped to the screen.

Screens of the ``eval`` split are refused: they are for reporting only.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from vidimo.models.ui_detector.classes import CLASSES  # noqa: E402
from vidimo.models.ui_detector.marks import snap_mark  # noqa: E402
from tools.screens.geometry import area, intersect, visible_parts  # noqa: E402
from tools.ui_detector.dataset import Box, split_folders, write_data_yaml  # noqa: E402
from tools.ui_detector.tiles import crop_boxes, write  # noqa: E402

log = logging.getLogger("from_screens")

CLASS_ID = {name: i for i, name in enumerate(CLASSES)}
#: A partly hidden control is boxed on its largest visible piece when it holds this share of it.
PIECE_SHARE = 0.6
#: A window is boxed when this share of its title bar shows...
TITLE_SHOWN = 0.6
#: ... and this share of the whole window.
WINDOW_SHOWN = 0.3
#: The title bar's height when the window has none of its own (Chromium draws its tab strip there).
TITLE_HEIGHT = 24
#: A window cut by a tile's edge keeps its box when its title bar is inside and this share of its width.
WINDOW_IN_TILE = 0.5
#: The rows of an option list: not list rows (their marks are boxed), left as they are.
STATEFUL = ("checkbox", "radio")

IntBox = tuple[int, int, int, int]


@dataclass
class Labelled:
    """One screen at the detector's scale: the image, its boxes and the windows among them."""

    image: Image.Image
    boxes: list[Box]
    #: Indices into ``boxes`` of window frames (cut differently by a tile's edge).
    windows: set[int]


def detector_scale(width: int, height: int) -> float:
    """How much the analyzer shrinks a screen of this size (1 for a screen it takes as it is)."""
    from vidimo.models.ui_detector.analyzer import detector_size

    return min(1.0, detector_size(width, height) / max(width, height))


def _covers(truth: dict, window: int) -> list[IntBox]:
    """Frames of the windows above ``window`` and the task bar."""
    above = [tuple(w["frame"]) for w in truth["windows"][window + 1:]]
    return above + [tuple(r["box"]) for r in truth.get("ignore", []) if r.get("why") == "task bar"]


def _screen(truth: dict) -> IntBox:
    return (0, 0, truth["size"][0], truth["size"][1])


def control_boxes(truth: dict) -> tuple[list[tuple[str, IntBox]], list[IntBox]]:
    """(class, box) of the controls to label, and the boxes to paint over, in screen pixels."""
    labels: list[tuple[str, IntBox]] = []
    masks: list[IntBox] = [tuple(r["box"]) for r in truth.get("ignore", [])]
    screen = _screen(truth)
    for control in truth["controls"]:
        box = tuple(control["target"] if control["kind"] in STATEFUL else control["box"])
        if control["counted"]:
            clipped = intersect(box, screen)
            if clipped:
                labels.append((control["class"], clipped))
            continue
        if control["visible"] >= 0.9:
            if control["kind"] != "list_item":  # a Chromium tab that shows no title: still a tab
                clipped = intersect(box, screen)
                if clipped:
                    labels.append((control["class"], clipped))
            continue  # option rows: their marks are labelled
        window = truth["windows"][control["window"]]
        parts = visible_parts(box, intersect(tuple(window["client"]), screen) or screen,
                              _covers(truth, control["window"]))
        if not parts:
            continue
        largest = max(parts, key=area)
        if area(largest) >= PIECE_SHARE * area(box):
            labels.append((control["class"], largest))
        else:
            masks += parts
    return labels, masks


def window_boxes(truth: dict) -> list[IntBox]:
    """Frames of the windows whose title bar shows, clipped to the screen."""
    screen = _screen(truth)
    found = []
    for index, window in enumerate(truth["windows"]):
        frame = tuple(window["frame"])
        if window["visible"] < WINDOW_SHOWN:
            continue
        bottom = window["client"][1] if window["client"][1] - frame[1] >= 8 else frame[1] + TITLE_HEIGHT
        bar = (frame[0], frame[1], frame[2], bottom)
        inside = intersect(bar, screen)
        if inside is None:
            continue
        shown = sum(area(p) for p in visible_parts(bar, screen, _covers(truth, index)))
        if shown >= TITLE_SHOWN * area(bar):
            clipped = intersect(frame, screen)
            if clipped:
                found.append(clipped)
    return found


def _paint(pixels: np.ndarray, box: IntBox) -> None:
    """Fills ``box`` with its own mean colour."""
    x0, y0, x1, y1 = (max(0, v) for v in box)
    region = pixels[y0:y1, x0:x1]
    if region.size:
        region[:] = region.reshape(-1, 3).mean(axis=0).astype(np.uint8)


def label_screen(image: Image.Image, truth: dict) -> Labelled:
    """The screen as the detector sees it, with its boxes (see the module docstring)."""
    labels, masks = control_boxes(truth)
    pixels = np.array(image.convert("RGB"))
    labels = [(cls, snap_mark(pixels, box) if cls.startswith(STATEFUL) else box) for cls, box in labels]
    for box in masks:
        _paint(pixels, box)
    scale = detector_scale(image.width, image.height)
    if scale < 1:
        size = (round(image.width * scale), round(image.height * scale))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_LINEAR)
    boxes: list[Box] = [(CLASS_ID[cls], *(v * scale for v in box)) for cls, box in labels]
    windows: set[int] = set()
    if "window" in CLASS_ID:
        for box in window_boxes(truth):
            windows.add(len(boxes))
            boxes.append((CLASS_ID["window"], *(v * scale for v in box)))
    return Labelled(Image.fromarray(pixels), boxes, windows)


def tile_boxes(screen: Labelled, left: int, top: int, size: int) -> list[Box]:
    """The boxes inside the square (left, top, size): controls as tiles.py keeps them, windows
    when their title bar and half their width are inside (cut by the edge, as by a screen's)."""
    controls = [b for i, b in enumerate(screen.boxes) if i not in screen.windows]
    kept = crop_boxes(controls, left, top, size)
    for i in screen.windows:
        cls, x1, y1, x2, y2 = screen.boxes[i]
        if not top <= y1 < top + size - TITLE_HEIGHT:
            continue
        cx1, cx2 = max(x1, left), min(x2, left + size)
        if cx2 - cx1 >= WINDOW_IN_TILE * (x2 - x1) or cx2 - cx1 >= size * 0.75:
            kept.append((cls, cx1 - left, y1 - top, cx2 - left, min(y2, top + size) - top))
    return kept


def _mark_corners(screen: Labelled, size: int, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """Top-left corners of ``count`` tiles, each holding a check or radio mark of the screen at a
    random place (none when it has no mark)."""
    stateful = {CLASS_ID[name] for name in CLASSES if name.startswith(STATEFUL)}
    marks = [b for i, b in enumerate(screen.boxes) if i not in screen.windows and b[0] in stateful]
    width, height = screen.image.size
    corners = []
    for _ in range(count if marks else 0):
        _, x1, y1, x2, y2 = rng.choice(marks)
        left = rng.randint(int(x2) - size + 1, int(x1)) if x2 - x1 < size else int(x1)
        top = rng.randint(int(y2) - size + 1, int(y1)) if y2 - y1 < size else int(y1)
        corners.append((min(max(0, left), max(0, width - size)), min(max(0, top), max(0, height - size))))
    return corners


def pieces(screen: Labelled, size: int, count: int, whole: bool, rng: random.Random,
           marks: int = 0) -> list[tuple[str, Image.Image, list[Box]]]:
    """(suffix, image, boxes): ``count`` random tiles, ``marks`` tiles around check and radio
    marks, and the whole screen when ``whole``."""
    found = []
    width, height = screen.image.size
    corners = [(rng.randint(0, max(0, width - size)), rng.randint(0, max(0, height - size))) for _ in range(count)]
    for index, (left, top) in enumerate(corners):
        crop = screen.image.crop((left, top, left + size, top + size))  # PIL pads with black past the edge
        found.append((f"t{index}", crop, tile_boxes(screen, left, top, size)))
    for index, (left, top) in enumerate(_mark_corners(screen, size, marks, rng)):
        crop = screen.image.crop((left, top, left + size, top + size))
        found.append((f"m{index}", crop, tile_boxes(screen, left, top, size)))
    if whole:
        found.append(("w", screen.image, list(screen.boxes)))
    return found


def screens(folders: list[Path]) -> list[Path]:
    """The truth files of the screens in ``folders``."""
    return sorted(p for folder in folders for p in folder.glob("*.json") if not p.name.endswith(".raw.json"))


def convert(folders: list[Path], out: Path, size: int, per_screen: int, whole: float, seed: int,
            marks: int = 0) -> dict[str, int]:
    """Writes the training split of ``out``; returns counts of screens, images and boxes per class."""
    images, labels = split_folders(out, "train")
    counts = {"screens": 0, "images": 0, "empty": 0}
    for path in screens(folders):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth.get("split") == "eval":
            raise SystemExit(f"{path} is an eval screen: those are for reporting only, never for training")
        rng = random.Random(f"{seed}/{path.stem}")
        screen = label_screen(Image.open(path.with_name(truth["image"])), truth)
        counts["screens"] += 1
        for suffix, image, boxes in pieces(screen, size, per_screen, rng.random() < whole, rng, marks):
            write(image, boxes, images, labels, f"{path.stem}_{suffix}")
            counts["images"] += 1
            counts["empty"] += not boxes
            for cls, *_ in boxes:
                counts[CLASSES[cls]] = counts.get(CLASSES[cls], 0) + 1
    write_data_yaml(out)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("screens", type=Path, nargs="+", help="folders made by tools/screens/generate.py")
    parser.add_argument("out", type=Path)
    parser.add_argument("--tile", type=int, default=640)
    parser.add_argument("--per-screen", type=int, default=3)
    parser.add_argument("--whole", type=float, default=0.5, help="share of screens also kept whole")
    parser.add_argument("--marks", type=int, default=0, help="tiles around check and radio marks per screen")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = convert(args.screens, args.out, args.tile, args.per_screen, args.whole, args.seed, args.marks)
    print(json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
