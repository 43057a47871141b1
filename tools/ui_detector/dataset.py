"""What the dataset tools share: command line, split folders, YOLO label lines both ways, data.yaml."""
from __future__ import annotations

import argparse
from pathlib import Path

from vidimo.models.ui_detector.classes import CLASSES

Box = tuple[int, float, float, float, float]  # class, x1, y1, x2, y2 in pixels


def parse_args(description: str, argv: list[str] | None, *, count: int, seed: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=count)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--split", default="train")
    return parser.parse_args(argv)


def split_folders(out: Path, split: str) -> tuple[Path, Path]:
    """``images/SPLIT`` and ``labels/SPLIT`` under ``out``, created."""
    images, labels = out / "images" / split, out / "labels" / split
    images.mkdir(parents=True, exist_ok=True)
    labels.mkdir(parents=True, exist_ok=True)
    return images, labels


def yolo_line(class_id: int, x1: float, y1: float, x2: float, y2: float, width: int, height: int) -> str:
    """A box in pixels as a YOLO label line: class, centre and size relative to the image."""
    return (f"{class_id} {(x1 + x2) / 2 / width:.6f} {(y1 + y2) / 2 / height:.6f} "
            f"{(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}")


def read_boxes(label: Path, width: int, height: int) -> list[Box]:
    """YOLO label lines → pixel boxes."""
    boxes = []
    for line in label.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            cls, cx, cy, w, h = line.split()
            cx, cy, w, h = float(cx) * width, float(cy) * height, float(w) * width, float(h) * height
            boxes.append((int(cls), cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return boxes


def write_data_yaml(out: Path) -> None:
    """The ``data.yaml`` ultralytics reads: where the splits are and the class names."""
    names = "\n".join(f"  {i}: {name}" for i, name in enumerate(CLASSES))
    (out / "data.yaml").write_text(f"path: {out.resolve()}\ntrain: images/train\nval: images/val\n"
                                   f"names:\n{names}\n", encoding="utf-8")
