"""Scores Vidimo on generated full-desktop screens (tools/screens/generate.py), and plain
Tesseract on the same screens as a baseline.

    python tools/evaluate_screens.py OUT_DIR [--stages ui,people,text,windows] [--json] [--limit N]

Figures, per theme, per resolution and overall:

* **word recall** — the share of the truth's visible words (normalized: casefold, ё→е,
  punctuation stripped, Latin letters that look like Cyrillic ones folded together) found among
  the recognized words, each recognized word used once;
* **controls found** — truth controls (visible, counted) with a detection of the same kind over
  them (IoU ≥ 0.3 with the control or its check mark, or the detection lying inside the control)
  and the same label (when the control shows one);
* **states right** — checkbox and radio states right among the controls found;
* **false controls per screen** — detections over no control of their kind (detections over
  partly hidden controls or ignored regions, such as the task bar, do not count);
* **title first** — the share of screens whose narration starts (first sentence) with the
  active window's title.

The baseline is ``tesseract IMAGE - -l rus+eng`` with no preprocessing (words only).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from PIL import Image

Box = tuple[int, int, int, int]
#: Latin letters folded onto the Cyrillic letters they look like (Tesseract mixes them up).
LOOKALIKES = str.maketrans("aeopcyxkmhtbABEKMHOPCTYX", "аеорсухкмнтвАВЕКМНОРСТУХ")
MATCH_IOU = 0.3
STATEFUL = ("checkbox", "radio")


def normalize(text: str) -> str:
    """Casefolded, ё→е, Latin look-alikes folded to Cyrillic, punctuation and symbols removed."""
    text = text.translate(LOOKALIKES).casefold().replace("ё", "е")
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S")))


def words(text: str) -> list[str]:
    return [w for w in (normalize(part) for part in re.split(r"[\s_/\\]+", text)) if w]


def word_hits(truth: list[str], found: list[str]) -> int:
    """How many truth words the found words cover, each found word used once."""
    left = Counter(found)
    hits = 0
    for word in truth:
        if left[word] > 0:
            left[word] -= 1
            hits += 1
    return hits


def _area(box: Box) -> float:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def _inter(a: Box, b: Box) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _iou(a: Box, b: Box) -> float:
    shared = _inter(a, b)
    return shared / max(1e-9, _area(a) + _area(b) - shared)


def overlaps(detection: Box, control: dict) -> float:
    """How well a detection sits on a truth control (0 when it does not)."""
    best = max(_iou(detection, tuple(control["box"])), _iou(detection, tuple(control["target"])))
    if best >= MATCH_IOU:
        return best
    inside = _inter(detection, tuple(control["box"])) / max(1.0, _area(detection))
    return 0.5 * inside if inside >= 0.7 else 0.0


def same_label(found: str | None, expected: str | None) -> bool:
    return expected is None or " ".join(words(found or "")) == " ".join(words(expected))


def score_controls(truth: dict, elements: list[dict]) -> dict:
    """Matches detections to truth controls (greedy, best overlap first)."""
    counted = [c for c in truth["controls"] if c["counted"]]
    pairs = []
    for t, control in enumerate(counted):
        for d, element in enumerate(elements):
            if element["type"] == control["kind"]:
                score = overlaps(tuple(element["box"]), control)
                if score > 0:
                    pairs.append((score, t, d))
    matched_t: dict[int, int] = {}
    used_d: set[int] = set()
    for score, t, d in sorted(pairs, reverse=True):
        if t not in matched_t and d not in used_d:
            matched_t[t] = d
            used_d.add(d)
    result = {"controls": len(counted), "found_kind": 0, "found": 0, "with_state": 0, "state_right": 0,
              "false": 0, "per_kind": defaultdict(lambda: [0, 0, 0]), "misses": [], "false_detections": []}
    for t, control in enumerate(counted):
        result["per_kind"][control["kind"]][2] += 1
        d = matched_t.get(t)
        if d is None:
            result["misses"].append(f"{control['class']} «{control['label']}»")
            continue
        result["found_kind"] += 1
        result["per_kind"][control["kind"]][1] += 1
        element = elements[d]
        if not same_label(element.get("label"), control["label"]):
            result["misses"].append(f"{control['class']} «{control['label']}» read as «{element.get('label')}»")
            continue
        result["found"] += 1
        result["per_kind"][control["kind"]][0] += 1
        if control["kind"] in STATEFUL:
            result["with_state"] += 1
            result["state_right"] += int(element.get("state") == control["state"])
    excused = [c for c in truth["controls"] if not c["counted"]]
    ignored = [tuple(r["box"]) for r in truth.get("ignore", [])]
    for d, element in enumerate(elements):
        if d in used_d:
            continue
        box = tuple(element["box"])
        if any(element["type"] == c["kind"] and overlaps(box, c) > 0 for c in excused):
            continue
        if any(_inter(box, region) >= 0.5 * _area(box) for region in ignored):
            continue
        result["false"] += 1
        result["false_detections"].append({"type": element["type"], "label": element.get("label"),
                                           "box": list(box), "at": _where(box, truth)})
    result["per_kind"] = {k: list(v) for k, v in result["per_kind"].items()}
    return result


def _where(box: Box, truth: dict) -> str:
    """The application of the topmost window under a detection's centre (or «desktop»)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for window in sorted(truth.get("windows", []), key=lambda w: w["stack"]):
        x0, y0, x1, y1 = window["frame"]
        if x0 <= cx < x1 and y0 <= cy < y1:
            return window["app"]
    return "desktop"


def truth_words(truth: dict) -> list[str]:
    return [w for text in truth["texts"] for part in text["words"] for w in words(part)]


def title_first(truth: dict, narration: str) -> bool | None:
    """Whether the narration's first sentence holds the active window's title (None: no active window)."""
    if truth.get("active") is None:
        return None
    title = truth["windows"][truth["active"]]["title"]
    title = re.sub(r"\s[–-] Chromium$", "", title)
    first = re.split(r"(?<=[.!?»])\s+(?=[А-ЯЁA-Z«])", narration.strip(), maxsplit=1)[0]
    expected = " ".join(words(title))
    return bool(expected) and expected in " ".join(words(first))


def tesseract_words(image_path: Path) -> list[str]:
    result = subprocess.run(["tesseract", str(image_path), "-", "-l", "rus+eng"], capture_output=True, text=True)
    return words(result.stdout)


class Totals:
    """Sums of the figures over a group of screens."""

    def __init__(self) -> None:
        self.screens = 0
        self.truth_words = 0
        self.hits = 0
        self.baseline_hits = 0
        self.baseline_screens = 0
        self.baseline_truth_words = 0
        self.controls = self.found = self.found_kind = self.with_state = self.state_right = self.false = 0
        self.titles = self.titles_right = 0
        self.per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.false_at: Counter = Counter()
        self.seconds = 0.0

    def add(self, item: dict) -> None:
        self.screens += 1
        self.truth_words += item["truth_words"]
        self.hits += item["hits"]
        if item.get("baseline_hits") is not None:
            self.baseline_screens += 1
            self.baseline_hits += item["baseline_hits"]
            self.baseline_truth_words += item["truth_words"]
        c = item["controls"]
        self.controls += c["controls"]
        self.found += c["found"]
        self.found_kind += c["found_kind"]
        self.with_state += c["with_state"]
        self.state_right += c["state_right"]
        self.false += c["false"]
        for kind, figures in c["per_kind"].items():
            for i, value in enumerate(figures):
                self.per_kind[kind][i] += value
        for false in c["false_detections"]:
            self.false_at[f"{false['type']} on {false['at']}"] += 1
        if item["title_first"] is not None:
            self.titles += 1
            self.titles_right += int(item["title_first"])
        self.seconds += item["seconds"]

    def figures(self) -> dict:
        share = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
        return {
            "screens": self.screens,
            "word_recall": share(self.hits, self.truth_words),
            "tesseract_word_recall": share(self.baseline_hits, self.baseline_truth_words),
            "controls": self.controls,
            "controls_found": share(self.found, self.controls),
            "controls_found_kind_only": share(self.found_kind, self.controls),
            "states_right": share(self.state_right, self.with_state),
            "states": self.with_state,
            "false_controls_per_screen": share(self.false, self.screens),
            "title_first": share(self.titles_right, self.titles),
            "seconds_per_screen": share(self.seconds, self.screens),
            "per_kind": {k: f"{v[0]}/{v[1]}/{v[2]}" for k, v in sorted(self.per_kind.items())},
            "false_where": dict(self.false_at.most_common(12)),
        }


def evaluate(folder: Path, stages: tuple[str, ...], limit: int | None, baseline: bool) -> dict:
    from vidimo.pipeline import Pipeline
    from vidimo.settings import CoreSettings

    pipeline = Pipeline.from_settings(CoreSettings(stages=stages))
    screens = []
    groups: dict[str, Totals] = defaultdict(Totals)
    paths = sorted(p for p in folder.glob("*.json") if not p.name.endswith(".raw.json"))[:limit]
    for path in paths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        image_path = path.with_name(truth["image"])
        image = Image.open(image_path).convert("RGB")
        started = time.perf_counter()
        scene = pipeline.describe(image, "normal")
        seconds = time.perf_counter() - started
        found = [w for line in scene.texts for w in words(line.text)]
        expected = truth_words(truth)
        elements = [{"type": e.type, "box": e.box, "label": e.label, "state": e.state} for e in scene.ui_elements]
        item = {
            "image": truth["image"], "theme": truth["theme"], "size": "×".join(map(str, truth["size"])),
            "scale": truth["scale"], "truth_words": len(expected), "hits": word_hits(expected, found),
            "controls": score_controls(truth, elements), "title_first": title_first(truth, scene.narration),
            "narration": scene.narration, "seconds": round(seconds, 2),
        }
        if baseline:
            item["baseline_hits"] = word_hits(expected, tesseract_words(image_path))
        screens.append(item)
        for key in ("all", f"theme {item['theme']}", f"size {item['size']}"):
            groups[key].add(item)
        print(f"{item['image']}: words {item['hits']}/{item['truth_words']}"
              + (f" (tesseract {item['baseline_hits']})" if baseline else "")
              + f", controls {item['controls']['found']}/{item['controls']['controls']}, "
              f"false {item['controls']['false']}, title first {item['title_first']}", file=sys.stderr)
    order = ["all"] + sorted(k for k in groups if k.startswith("theme")) + sorted(
        (k for k in groups if k.startswith("size")), key=lambda k: int(k.split()[1].split("×")[0]))
    return {"stages": list(stages), "groups": {k: groups[k].figures() for k in order if k in groups},
            "screens": screens}


def table(report: dict) -> str:
    columns = [("screens", "экранов"), ("word_recall", "слова"), ("tesseract_word_recall", "tesseract"),
               ("controls_found", "элементы"), ("controls_found_kind_only", "вид верен"),
               ("states_right", "состояния"), ("false_controls_per_screen", "ложных/экран"),
               ("title_first", "заголовок первым")]
    lines = ["| группа | " + " | ".join(name for _, name in columns) + " |",
             "| --- |" + " --- |" * len(columns)]
    for group, figures in report["groups"].items():
        cells = ["—" if figures[key] is None else str(figures[key]) for key, _ in columns]
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    lines.append("")
    kinds = report["groups"]["all"]["per_kind"]
    lines.append("per kind (kind and label / kind only / total): "
                 + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    lines.append("false controls, most frequent: "
                 + ", ".join(f"{k} {v}" for k, v in report["groups"]["all"]["false_where"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stages", default="ui,people,text,windows", help="pipeline stages, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="only the first N screens")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain Tesseract")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.folder, tuple(s for s in args.stages.split(",") if s), args.limit, not args.no_baseline)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
