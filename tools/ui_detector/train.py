"""Trains the interface-element detector (ultralytics YOLO) on a generated dataset.

    python tools/ui_detector/tiles.py GENERATED DATASET   # native-scale tiles, see there
    python tools/ui_detector/train.py DATASET --epochs 60 --device 0          # a CUDA GPU
    python tools/ui_detector/train.py DATASET --time-hours 1.5 --device cpu   # this CPU

Trains the architecture in ui_detector.yaml, from scratch or starting from earlier
weights (``--weights``; layers of matching name and shape carry over; no download of
pretrained weights), without network access (YOLO_OFFLINE=1, no plots that would
fetch a font), with fixed seeds. Training sees ``--imgsz`` tiles at the screen's own
scale (± ``--scale``); the final weights are then validated on whole windows at
``--val-imgsz`` (the canvas size of tiles.py), as the analyzer runs them.
Writes last.pt and a metrics.json with mAP50 and mAP50-95 per class on the validation split.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ["YOLO_OFFLINE"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tools.ui_detector.validate import score  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--model", type=Path, default=Path(__file__).with_name("ui_detector.yaml"),
                        help="architecture yaml")
    parser.add_argument("--weights", type=Path, default=None,
                        help="start from these weights: every layer whose name and shape match")
    parser.add_argument("--freeze", type=int, default=0, help="keep the first N layers as they are")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--imgsz", type=int, default=320)
    parser.add_argument("--val-imgsz", type=int, default=1184)
    parser.add_argument("--scale", type=float, default=0.4, help="random zoom, ±")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup-epochs", type=float, default=3.0, help="less when fine-tuning earlier weights")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("runs/ui_detector"))
    parser.add_argument("--time-hours", type=float, default=None, help="stop after this long")
    args = parser.parse_args(argv)

    from ultralytics import YOLO
    from ultralytics.utils import torch_utils

    # ultralytics trains on cpu_count - 1 threads (one on a 2-core machine): use them all.
    torch_utils.NUM_THREADS = os.cpu_count() or 1
    model = YOLO(str(args.model))
    if args.weights:
        model.load(str(args.weights))
    started = time.time()
    model.train(
        data=str(args.dataset / "data.yaml"), epochs=args.epochs, imgsz=args.imgsz, batch=args.batch,
        device=args.device, workers=args.workers, seed=0, deterministic=True, plots=False,
        project=str(args.out.parent), name=args.out.name, exist_ok=True, fraction=args.fraction, fliplr=0.0,
        mosaic=0.5, close_mosaic=2, hsv_h=0.02, hsv_s=0.3, hsv_v=0.3, degrees=0.0, scale=args.scale,
        translate=0.1, amp=args.device != "cpu", patience=100, verbose=False, time=args.time_hours,
        val=False, cache="ram", warmup_epochs=args.warmup_epochs, freeze=args.freeze or None,
    )
    minutes = (time.time() - started) / 60
    epochs_run = getattr(model.trainer, "epoch", args.epochs - 1) + 1  # a time budget may end it early
    final = args.out / "weights" / "last.pt"
    summary = {**score(final, args.dataset, args.device, imgsz=args.val_imgsz),
               "epochs": epochs_run, "imgsz": args.imgsz,
               "val_imgsz": args.val_imgsz, "weights": str(args.weights) if args.weights else None, "device": args.device,
               "training_minutes": round(minutes, 1), "model": args.model.name, "freeze": args.freeze}
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
