"""Draws a generated screen's truth over it, to check the labels by eye.

    python tools/screens/preview.py SCREEN.json [OUT.png]

Controls are outlined by class (counted: solid; partly hidden: thin), indicator marks in red,
counted words underlined in green, uncounted text in grey, windows' frames in blue (the active
one thicker), ignored regions hatched in orange.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

COLOURS = {"button": "#ff00ff", "text_field": "#00c0ff", "checkbox": "#ff3030", "radio": "#ff8000",
           "dropdown": "#00ff80", "slider": "#ffff00", "tab": "#8080ff", "link": "#00ffff", "menu_item": "#ff80c0",
           "list_item": "#c0ff00", "icon": "#ffffff", "image": "#a0a0a0"}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def draw(labels: dict, image: Image.Image) -> Image.Image:
    canvas = image.convert("RGB")
    pen = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT, 11)
    for window in labels["windows"]:
        pen.rectangle(window["frame"], outline="#3060ff", width=4 if window["active"] else 1)
    for region in labels["ignore"]:
        x0, y0, x1, y1 = region["box"]
        for x in range(x0, x1 + (y1 - y0), 12):
            pen.line((x, y0, x - (y1 - y0), y1), fill="#ff9900")
    for text in labels["texts"]:
        x0, y0, x1, y1 = text["box"]
        pen.line((x0, y1, x1, y1), fill="#00d000" if text["words"] else "#909090", width=2)
    for control in labels["controls"]:
        colour = COLOURS.get(control["kind"], "#ffffff")
        pen.rectangle(control["box"], outline=colour, width=2 if control["counted"] else 1)
        if control["target"] != control["box"]:
            pen.rectangle(control["target"], outline="#ff0000", width=1)
        tag = control["class"] + (f" «{control['label']}»" if control["label"] else "")
        pen.text((control["box"][0], control["box"][1] - 12), tag, fill=colour, font=font)
    return canvas


def main(argv: list[str]) -> int:
    source = Path(argv[0])
    labels = json.loads(source.read_text(encoding="utf-8"))
    image = Image.open(source.with_name(labels["image"]))
    out = Path(argv[1]) if len(argv) > 1 else source.with_suffix(".preview.png")
    draw(labels, image).save(out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
