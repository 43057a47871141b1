"""Scores the detector on real application screens it never saw (tests/data/real_screens).

An element counts as found when a detection of the same type and state overlaps it
(IoU ≥ 0.5) and, with labels attached by the pipeline from Tesseract's text, carries the same label,
ignoring case and letters that look and sound the same in Latin and Cyrillic
(Tesseract with Russian and English reads the button «OK» as «ОК»).

    python tools/ui_detector/evaluate_real.py [WEIGHTS_FOLDER]
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "data" / "real_screens"
KINDS = ("button", "text_field", "checkbox", "radio")
LOOKALIKES = str.maketrans("авекмнорстух", "abekmhopctyx")


def same_label(found: str | None, expected: str) -> bool:
    """Equal ignoring case and Latin/Cyrillic lookalike letters."""
    return (found or "").casefold().translate(LOOKALIKES) == expected.casefold().translate(LOOKALIKES)


def evaluate(weights_folder: Path | None = None) -> dict:
    if weights_folder is not None:
        os.environ["VIDIMO_MODEL_UI_DETECTOR"] = str(weights_folder)
    from vidimo.imageio import load_image
    from vidimo.models.device import Device
    from vidimo.models.findings import iou
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.models.ui_detector.analyzer import UiAnalyzer
    from vidimo.pipeline import Pipeline

    device = Device("cpu")
    pipeline = Pipeline([UiAnalyzer(device), TextAnalyzer(device, "tesseract")])
    truth = json.loads((SCREENS / "labels.json").read_text(encoding="utf-8"))["screens"]
    found, total, misses = 0, 0, []
    for name, expected in truth.items():
        image = load_image(SCREENS / name)
        elements = pipeline.describe(image).ui_elements
        for item in expected:
            if item["type"] not in KINDS:
                continue
            total += 1
            match = [e for e in elements if e.type == item["type"] and e.state == item["state"]
                     and iou(e.box, tuple(item["box"])) >= 0.5
                     and same_label(e.label, item["label"])]
            if match:
                found += 1
            else:
                misses.append(f"{name}: {item['type']} «{item['label']}»")
    return {"found": found, "total": total, "share": round(found / max(1, total), 3), "missed": misses}


if __name__ == "__main__":
    print(json.dumps(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else None), ensure_ascii=False, indent=1))
