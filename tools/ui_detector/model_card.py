"""Writes resources/MODEL_CARD.md from a training run's metrics.json and the real-screen score.

    python tools/ui_detector/model_card.py RUN_FOLDER --hardware "AMD EPYC, 2 cores, no GPU"
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.ui.classes import CLASSES  # noqa: E402
from models.ui import classes as classes_module  # noqa: E402


def write(run: Path, hardware: str, real: dict, train_images: int, val_images: int) -> str:
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    rows = "\n".join(
        f"| {name} | {metrics['per_class'].get(name, {}).get('map50', 0):.3f} | "
        f"{metrics['per_class'].get(name, {}).get('map50_95', 0):.3f} |" for name in CLASSES)
    table = classes_module.__doc__.split("| class |", 1)[1]
    size = (run / "weights" / "best.pt").stat().st_size / 2**20
    return f"""# Vidimo interface-element detector (`resources/ui_detector.pt`)

An ultralytics YOLO11n detector of interface elements on screenshots, trained by the
project on interfaces it renders itself. Licence: **AGPL-3.0** (like ultralytics).
Size: {size:.1f} MB.

## Classes

| class |{table}
## Data

- {train_images} training images of real Qt widgets rendered offscreen by
  `tools/ui_detector/generate_qt.py` (seed 1): dialogs, forms, settings pages with tabs, lists with
  toolbars, menu bars, link rows and pictures; Fusion and style sheets imitating Windows 11, macOS,
  GNOME/Adwaita and the web, light and dark, several fonts and sizes, 1×–1.5× scale, Russian and
  English labels. Boxes come from widget geometry.
- {val_images} validation images generated separately (seed 2).
- `tools/ui_detector/generate_web.py` renders generated web pages in headless Debian Chromium with
  boxes from the DOM; it was not yet part of this training run.
- Real application screens used for evaluation (`tests/data/real_screens`, three GTK dialogs) were
  never used for training.

## Training

`python tools/ui_detector/train.py DATASET --epochs {metrics['epochs']} --imgsz {metrics['imgsz']} --device {metrics['device']}`,
from the architecture yaml (no pretrained weights are available offline), fixed seed,
{metrics['training_minutes']} minutes on {hardware}. The time budget, not convergence, ended training.

## Results on the validation split

mAP50 **{metrics['map50']:.3f}**, mAP50-95 **{metrics['map50_95']:.3f}** (target: mAP50 ≥ 0.85).

| class | mAP50 | mAP50-95 |
| --- | --- | --- |
{rows}

## Real screens it never saw

{real['found']} of {real['total']} buttons, fields, checkboxes and radios found with the right label and
state ({real['share'] * 100:.0f} %; target 80 %). Missed: {', '.join(real['missed']) or 'none'}.

## Status

This CPU-trained model is a first step and is **off by default** (`--ui`, or «Находить элементы
интерфейса» in the settings). A longer run on a GPU (`--imgsz 640 --epochs 60 --device 0`, with the
web pages added) is needed to reach the targets.
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--hardware", required=True)
    parser.add_argument("--train-images", type=int, default=3000)
    parser.add_argument("--val-images", type=int, default=500)
    args = parser.parse_args()
    from tools.ui_detector.evaluate_real import evaluate

    real = evaluate(args.run / "weights")
    card = write(args.run, args.hardware, real, args.train_images, args.val_images)
    (ROOT / "resources" / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(card)


if __name__ == "__main__":
    main()
