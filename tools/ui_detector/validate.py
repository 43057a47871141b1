"""Rebuilds the detector's generated validation split from its seeds and prints its mAP50.

    python tools/ui_detector/validate.py [WEIGHTS.pt] [--data DIR] [--qt 500 --web 60]

The split is 500 windows of generate_qt.py (seed 2) and 60 pages of generate_web.py (seed 4),
``--split val``; each window that fits is pasted whole and unscaled on a 1184 px canvas, as the
analyzer sees a window (tiles.py): 537 windows. Nothing of it is stored in the repository; the
Qt windows take about half a minute here, the web pages (headless Chromium) about four minutes.
``--data`` keeps the split in a folder and reuses it on the next run. Prints one JSON line:
mAP50, mAP50-95 and mAP50 per class, and the number of windows.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["YOLO_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from vidimo.models.ui_detector.classes import CLASSES  # noqa: E402
from tools.ui_detector.dataset import write_data_yaml  # noqa: E402

QT_SEED, WEB_SEED = 2, 4
CANVAS = 1184


def build(folder: Path, qt: int, web: int) -> int:
    """Generates the windows into ``folder/generated`` and the canvas split into ``folder/split``
    (unless already there); returns the number of validation windows."""
    from tools.ui_detector import generate_qt, generate_web
    from tools.ui_detector.tiles import on_canvas

    split = folder / "split"
    done = split / "data.yaml"
    if done.is_file():
        return len(list((split / "images" / "val").iterdir()))
    generated = folder / "generated"
    generate_qt.main([str(generated), "--count", str(qt), "--seed", str(QT_SEED), "--split", "val"])
    generate_web.main([str(generated), "--count", str(web), "--seed", str(WEB_SEED), "--split", "val"])
    count = on_canvas(generated, split, CANVAS)
    write_data_yaml(split)
    return count


def score(weights: Path, split: Path, device: str = "cpu", imgsz: int = CANVAS) -> dict:
    """mAP50, mAP50-95 and per-class mAP50 of ``weights`` on the validation images of the dataset
    in ``split`` (its data.yaml), seen at ``imgsz``."""
    from ultralytics import YOLO

    metrics = YOLO(str(weights)).val(data=str(split / "data.yaml"), imgsz=imgsz, batch=4, device=device,
                                     plots=False, verbose=False, split="val")
    per_class = {}
    for index, name in enumerate(CLASSES):
        if index in metrics.box.ap_class_index:
            position = list(metrics.box.ap_class_index).index(index)
            per_class[name] = {"map50": round(float(metrics.box.ap50[position]), 3),
                               "map50_95": round(float(metrics.box.ap[position]), 3)}
    return {"map50": round(float(metrics.box.map50), 3), "map50_95": round(float(metrics.box.map), 3),
            "per_class": per_class}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weights", type=Path, nargs="?", default=ROOT / "resources" / "ui_detector.pt")
    parser.add_argument("--data", type=Path, default=None, help="keep (and reuse) the split in this folder")
    parser.add_argument("--qt", type=int, default=500)
    parser.add_argument("--web", type=int, default=60)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        windows = build(folder, args.qt, args.web)
        result = score(args.weights, folder / "split", args.device)
    print(json.dumps({"weights": str(args.weights), "windows": windows, **result}, ensure_ascii=False))


if __name__ == "__main__":
    main()
