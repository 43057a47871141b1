"""Scores detector weights on real full-desktop screens (tools/screens, ``--split eval``).

    python tools/ui_detector/score_screens.py SCREENS [--weights FOLDER] [--out REPORT.json] [--text-cache DIR]

Runs tools/evaluate_screens.py's evaluation (the pipeline with the interface and text stages:
controls found with the right kind and label, states right, false controls per screen, per theme,
resolution and kind) with the detector in ``FOLDER/ui_detector.pt`` (default: the shipped one),
and, when the detector knows windows, scores its window frames against the windows whose title
bar shows (from_screens.py's rule): found (IoU ≥ 0.5) and false windows per screen. Writes the
whole report as JSON and prints the summary; model_card.py reads the report.

The text stage does not depend on the detector and takes most of the time (about 25 s a screen
here): ``--text-cache`` keeps its findings per image, so comparing weights reads each screen once.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

#: A window frame found when a detection overlaps it this much.
WINDOW_IOU = 0.5


def score_windows(folder: Path) -> dict:
    """Window frames found and false, over every screen in ``folder``."""
    from PIL import Image

    from tools.screens.geometry import iou
    from tools.ui_detector.from_screens import screens, window_boxes
    from vidimo.models.device import Device
    from vidimo.models.ui_detector.analyzer import UiAnalyzer

    analyzer = UiAnalyzer(Device("cpu"), windows=True)
    found = total = false = count = 0
    for path in screens([folder]):
        truth = json.loads(path.read_text(encoding="utf-8"))
        image = Image.open(path.with_name(truth["image"])).convert("RGB")
        detected = [e.box for e in analyzer.analyze(image) if e.type == "window"]
        expected = window_boxes(truth)
        shown = [tuple(w["frame"]) for w in truth["windows"] if w["visible"] > 0]
        hits = {i for i, box in enumerate(expected) if any(iou(box, d) >= WINDOW_IOU for d in detected)}
        found += len(hits)
        total += len(expected)
        false += sum(not any(iou(d, f) >= WINDOW_IOU for f in shown) for d in detected)
        count += 1
    return {"windows": total, "found": found, "share": round(found / max(1, total), 3),
            "false_per_screen": round(false / max(1, count), 3)}


def cache_text(analyzer, folder: Path) -> None:  # noqa: ANN001 - the text analyzer
    """Makes ``analyzer.analyze`` keep its findings in ``folder``, by the image's pixels."""
    folder.mkdir(parents=True, exist_ok=True)
    analyze = analyzer.analyze

    def cached(image, request=None):  # noqa: ANN001, ANN202 - as Analyzer.analyze
        analyzer.load()  # the labels step reads again with it only when it is loaded
        path = folder / f"{hashlib.sha1(image.tobytes()).hexdigest()}.pickle"
        if path.is_file():
            return pickle.loads(path.read_bytes())
        found = analyze(image, request)
        path.write_bytes(pickle.dumps(found))
        return found

    analyzer.analyze = cached


def score(folder: Path, weights: Path | None = None, text_cache: Path | None = None) -> dict:
    """The evaluation report of tools/evaluate_screens.py, plus window frames when known."""
    if weights is not None:
        os.environ["VIDIMO_MODEL_UI_DETECTOR"] = str(weights)
    from tools import evaluate_screens
    from vidimo.models.ui_detector.classes import CLASSES
    from vidimo.pipeline import Pipeline, build_analyzers
    from vidimo.settings import CoreSettings

    stages = ("ui", "text")
    analyzers = build_analyzers(CoreSettings(stages=stages))
    if text_cache is not None:
        cache_text(next(a for a in analyzers if a.name == "text"), text_cache)
    pipeline = Pipeline(analyzers)
    with mock.patch.object(Pipeline, "from_settings", lambda settings: pipeline):
        report = evaluate_screens.evaluate(folder, stages, None, False)
    for screen in report["screens"]:
        screen.pop("narration", None)
    if "window" in CLASSES:
        report["windows"] = score_windows(folder)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("screens", type=Path)
    parser.add_argument("--weights", type=Path, default=None, help="folder holding ui_detector.pt")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--text-cache", type=Path, default=None, help="keep the text stage's findings here")
    args = parser.parse_args(argv)
    from tools import evaluate_screens

    report = score(args.screens, args.weights, args.text_cache)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(evaluate_screens.table(report))
    if "windows" in report:
        print(f"windows: {json.dumps(report['windows'])}")


if __name__ == "__main__":
    main()
