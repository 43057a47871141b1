"""Renders generated web forms and pages in headless Debian Chromium and writes YOLO labels.

    python tools/ui_detector/generate_web.py OUT --count 500 --seed 3 [--split train]

Each page is random HTML (forms, settings pages, link lists) in one of several CSS
looks (plain, Bootstrap-like, Material-like, dark). A script in the page measures
buttons, inputs, selects, checkboxes, radios, links, tabs, list items, images and
icons with getBoundingClientRect and writes the boxes into the DOM; Chromium is run
twice per page (``--screenshot`` and ``--dump-dom``) at a fixed window size, so the
layout is identical. Needs /usr/bin/chromium; no browser download, no network.
"""
from __future__ import annotations

import base64
import html
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from vidimo.models.ui_detector.classes import CLASSES  # noqa: E402
from tools.ui_detector import words  # noqa: E402
from tools.ui_detector.dataset import parse_args, split_folders, yolo_line  # noqa: E402

CLASS_ID = {name: i for i, name in enumerate(CLASSES)}
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1"]
LOOKS = {
    "plain": "body{font-family:sans-serif;background:#fff;color:#111} button{padding:4px 12px}",
    "bootstrap": ("body{font-family:'DejaVu Sans',sans-serif;background:#f8f9fa;color:#212529}"
                  "button{background:#0d6efd;color:#fff;border:0;border-radius:6px;padding:8px 16px}"
                  "input[type=text],input[type=password],select{border:1px solid #ced4da;border-radius:6px;"
                  "padding:6px 10px}.tab{padding:8px 14px;border-bottom:2px solid #dee2e6}"
                  ".tab.on{border-color:#0d6efd}"),
    "material": ("body{font-family:'DejaVu Sans',sans-serif;background:#fafafa;color:#202124}"
                 "button{background:#1a73e8;color:#fff;border:0;border-radius:18px;padding:9px 22px;"
                 "text-transform:uppercase}input[type=text],input[type=password],select{border:0;"
                 "border-bottom:2px solid #9aa0a6;background:#f1f3f4;padding:8px}.tab{padding:10px 18px}"
                 ".tab.on{border-bottom:3px solid #1a73e8}"),
    "dark": ("body{font-family:'DejaVu Sans',sans-serif;background:#1e1e1e;color:#e8eaed}"
             "button{background:#3c4043;color:#e8eaed;border:1px solid #5f6368;border-radius:4px;padding:6px 14px}"
             "input[type=text],input[type=password],select{background:#303134;color:#e8eaed;"
             "border:1px solid #5f6368;padding:6px}a{color:#8ab4f8}.tab{padding:8px 14px}"
             ".tab.on{border-bottom:2px solid #8ab4f8}"),
}
MEASURE = """
<script>
addEventListener('load', () => {
  const out = [];
  const add = (cls, el) => { const r = el.getBoundingClientRect();
    if (r.width > 3 && r.height > 3) out.push([cls, r.left, r.top, r.right, r.bottom]); };
  document.querySelectorAll('button').forEach(e => add('button', e));
  document.querySelectorAll('input[type=text],input[type=password],input[type=email]').forEach(e => add('text_field', e));
  document.querySelectorAll('input[type=checkbox]').forEach(e => add(e.checked ? 'checkbox_checked' : 'checkbox_unchecked', e));
  document.querySelectorAll('input[type=radio]').forEach(e => add(e.checked ? 'radio_checked' : 'radio_unchecked', e));
  document.querySelectorAll('select').forEach(e => add('dropdown', e));
  document.querySelectorAll('input[type=range]').forEach(e => add('slider', e));
  document.querySelectorAll('.tab').forEach(e => add('tab', e));
  document.querySelectorAll('a.link').forEach(e => add('link', e));
  document.querySelectorAll('.menu span').forEach(e => add('menu_item', e));
  document.querySelectorAll('li.item').forEach(e => add('list_item', e));
  document.querySelectorAll('img.photo').forEach(e => add('image', e));
  document.querySelectorAll('.icon').forEach(e => add('icon', e));
  const pre = document.createElement('pre'); pre.id = 'vidimo-boxes'; pre.style.display = 'none';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>
"""


def page(rng: random.Random) -> tuple[str, int, int]:
    """Random HTML and the window size to render it at."""
    language = rng.choice(["ru", "en"])
    pick = lambda table, n=1: words.pick(rng, table, language, n)  # noqa: E731
    parts = [f"<h2>{html.escape(pick(words.TITLES)[0])}</h2>"]
    if rng.random() < 0.4:
        parts.insert(0, '<div class="menu" style="margin-bottom:10px">' + "".join(
            f'<span style="margin-right:16px">{html.escape(m)}</span>' for m in pick(words.MENUS, 4)) + "</div>")
    if rng.random() < 0.3:
        parts.append("<div>" + "".join(f'<span class="icon" style="display:inline-block;width:20px;height:20px;'
                                       f'margin:4px;background:#{rng.randrange(0x1000000):06x};border-radius:'
                                       f'{rng.choice([0, 4, 10])}px"></span>' for _ in range(rng.randint(2, 5)))
                     + "</div>")
    if rng.random() < 0.4:
        tabs = pick(words.TABS, rng.randint(2, 4))
        on = rng.randrange(len(tabs))
        parts.append("<div>" + "".join(f'<span class="tab{" on" if i == on else ""}">{html.escape(t)}</span>'
                                       for i, t in enumerate(tabs)) + "</div><br>")
    for label in pick(words.FIELDS, rng.randint(1, 3)):
        kind = "password" if label in ("Пароль", "Password") else "text"
        value = f' value="{rng.choice(["Иван", "anna@example.com", "8080"])}"' if rng.random() < 0.4 else ""
        parts.append(f"<p><label>{html.escape(label)}: <input type={kind}{value}></label></p>")
    if rng.random() < 0.5:
        options = "".join(f"<option>{html.escape(o)}</option>" for o in pick(words.ITEMS, 3))
        parts.append(f"<p><label>{html.escape(pick(words.FIELDS)[0])}: <select>{options}</select></label></p>")
    for option in pick(words.OPTIONS, rng.randint(0, 3)):
        checked = " checked" if rng.random() < 0.5 else ""
        parts.append(f"<p><label><input type=checkbox{checked}> {html.escape(option)}</label></p>")
    if rng.random() < 0.5:
        group = pick(words.OPTIONS, 2)
        on = rng.randrange(2)
        parts.append("<p>" + "".join(f'<label><input type=radio name=g{" checked" if i == on else ""}> '
                                     f"{html.escape(t)}</label> " for i, t in enumerate(group)) + "</p>")
    if rng.random() < 0.3:
        parts.append('<p><input type=range></p>')
    if rng.random() < 0.4:
        parts.append("<ul>" + "".join(f'<li class="item">{html.escape(i)}</li>' for i in pick(words.ITEMS, 4))
                     + "</ul>")
    if rng.random() < 0.3:
        colour = f"#{rng.randrange(0x1000000):06x}"
        svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='160' height='100'><rect width='160' height='100' "
               f"fill='{colour}'/><circle cx='60' cy='50' r='30' fill='white'/></svg>")
        encoded = base64.b64encode(svg.encode()).decode()
        parts.append(f'<img class="photo" src="data:image/svg+xml;base64,{encoded}" width=160 height=100>')
    if rng.random() < 0.6:
        parts.append("<p>" + " · ".join(f'<a class="link" href="#">{html.escape(t)}</a>'
                                        for t in pick(words.LINKS, rng.randint(1, 2))) + "</p>")
    parts.append("<p>" + " ".join(f"<button>{html.escape(t)}</button>" for t in pick(words.BUTTONS, rng.randint(1, 3)))
                 + "</p>")
    look = LOOKS[rng.choice(list(LOOKS))]
    size = rng.randint(13, 17)
    body = "\n".join(parts)
    document = (f"<!doctype html><html><head><meta charset=utf-8><style>{look} body{{font-size:{size}px;"
                f"margin:{rng.randint(10, 40)}px}}</style></head><body>{body}{MEASURE}</body></html>")
    return document, rng.randint(480, 1100), rng.randint(420, 800)


def render(seed: int, out_image: Path, out_label: Path) -> int:
    rng = random.Random(seed)
    document, width, height = page(rng)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(document, encoding="utf-8")
        common = CHROMIUM + [f"--window-size={width},{height}", f"--user-data-dir={tmp}/profile"]
        png = Path(tmp) / "shot.png"
        subprocess.run(common + [f"--screenshot={png}", source.as_uri()], capture_output=True, timeout=60, check=True)
        dom = subprocess.run(common + ["--dump-dom", source.as_uri()], capture_output=True, timeout=60, check=True,
                             text=True).stdout
        match = re.search(r'<pre id="vidimo-boxes"[^>]*>(.*?)</pre>', dom, re.S)
        boxes = json.loads(html.unescape(match.group(1))) if match else []
        from PIL import Image

        Image.open(png).convert("RGB").save(out_image, quality=88)
    lines = []
    for name, x1, y1, x2, y2 in boxes:
        x1, y1, x2, y2 = max(0, x1), max(0, y1), min(width, x2), min(height, y2)
        if x2 - x1 > 3 and y2 - y1 > 3:
            lines.append(yolo_line(CLASS_ID[name], x1, y1, x2, y2, width, height))
    out_label.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], argv, count=500, seed=3)
    images, labels = split_folders(args.out, args.split)
    for index in range(args.count):
        render(args.seed * 1_000_003 + index, images / f"web_{args.seed}_{index:05d}.jpg",
               labels / f"web_{args.seed}_{index:05d}.txt")


if __name__ == "__main__":
    main()
