"""Ground truth of one generated screen: windows, the text on them and their controls.

Sources: the window manager (every window's title, frame and stacking, which one is active),
the accessibility trees (every control's role, name, state and extents; text with the extents of
each visual line), and the generator itself (what it typed into a terminal, the title bars
openbox draws). A toolkit reports extents in its own units (GTK at ``GDK_SCALE=2`` in half
pixels), so each top-level accessible is mapped onto its window's frame. Only what shows counts:
boxes are clipped to the screen, to their scrolled containers and by every window above them;
a control or word counts when at least ``COUNTED`` of it is visible, partly hidden ones are
kept with ``counted: false`` so that finding them is neither a hit nor a false control.

The JSON written beside each PNG is :func:`build`'s result plus the generator's notes (seed,
split, look):

- ``windows``: every window, bottom first — ``title``, ``frame`` and ``client`` boxes, ``active``,
  ``stack`` (0 = on top), ``visible`` share, ``content`` (the strings the generator put in it);
- ``active``: the index of the active window;
- ``texts``: lines of text — ``text``, ``box``, ``window``, ``source`` (``atspi``, ``title`` for a
  title bar, ``generator`` for a terminal), ``words`` (those that count);
- ``controls``: ``class`` (the detector's), ``kind``, ``state``, ``label`` (what the screen shows
  as its label; None when it shows none), ``value``, ``role`` and ``name`` (AT-SPI), ``box``,
  ``target`` (a check mark's own box), ``focused``, ``selected``, ``visible``, ``counted``;
- ``ignore``: regions where nothing is scored (the task bar, calendars GTK does not expose).

Boxes are ``[x0, y0, x1, y1]`` in screenshot pixels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import ImageFont

from tools.screens import roles
from tools.screens.look import Look
from tools.screens.geometry import Box, area, intersect, union, visible_share
from tools.screens.x11 import Window

COUNTED = 0.9
DROPPED = 0.1
CHROMIUM_TAB = re.compile(r'^Вкладка "(.*)"')
WORD = re.compile(r"\S+")
TITLE_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
TEXT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_FILES = {"DejaVu Sans": TEXT_FONT,
              "Liberation Sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"}
#: Room a title needs beyond its width before openbox stops cutting it (theme padding), in pixels.
TITLE_MARGIN = 24
#: Roles whose text a toolkit cuts short with «…» rather than wrapping it.
ELLIPSIZING = {"table cell", "icon", "list item", "page tab", "push button", "toggle button", "combo box"}
#: Text measured this much wider than its box is cut short (ellipsized) by the toolkit.
TRUNCATED = 0.92
#: The smallest interface font on a generated screen, in points at scale 1 (look.py's sizes).
SMALLEST_POINTS = 9


@dataclass
class WindowInfo:
    """What the generator knows about a window it put on the screen."""

    app: str
    kind: str
    #: Every string the generator put into the window.
    content: list[str] = field(default_factory=list)
    #: ``checkbox`` or ``radio`` for windows whose toggle cells are options.
    toggle: str | None = None
    #: Text the generator placed itself, with boxes relative to the window's client area.
    lines: list[tuple[str, Box]] = field(default_factory=list)


def _screen_box(box: list[int], transform: tuple[float, float, float, float], divisor: float = 1.0) -> Box | None:
    x, y, w, h = (v / divisor for v in box)
    if w <= 0 or h <= 0 or x < -10000 or y < -10000:
        return None
    ox, oy, sx, sy = transform
    return (round(ox + x * sx), round(oy + y * sy), round(ox + (x + w) * sx), round(oy + (y + h) * sy))


def _nice_scale(value: float) -> float:
    """Toolkit scale factors are whole or quarter steps; frames are off by a pixel or two."""
    return max(0.25, round(value * 4) / 4)


def _anchor(window: Window, box: list[int]) -> tuple[Box, float, float, float]:
    """The rectangle a top-level accessible's extents stand for — the frame (GTK includes the
    title bar) or the client area (Qt does not) — as (rectangle, x scale, y scale, misfit)."""
    best = None
    for rect in (window.frame, window.client):
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        if box[2] <= 0 or box[3] <= 0:
            return window.frame, 1.0, 1.0, 1.0
        sx, sy = w / box[2], h / box[3]
        misfit = abs(sx - _nice_scale(sx)) + abs(sy - _nice_scale(sy)) + abs(_nice_scale(sx) - _nice_scale(sy))
        if best is None or misfit < best[3] - 1e-6:
            best = (rect, _nice_scale(sx), _nice_scale(sy), misfit)
    return best


def _match_toplevels(apps: list[dict], windows: list[Window]) -> list[tuple[dict, int, Window]]:
    """(application, index of its top-level node, X window) for every top-level that is a window."""
    matched = []
    used: set[int] = set()
    for app in apps:
        tops = [i for i, n in enumerate(app["nodes"]) if n["parent"] == -1 and n["role"] in roles.TOPLEVEL_ROLES]
        candidates = [w for w in windows if w.pid == app["pid"] and w.kind != "dock"]
        for index in tops:
            node = app["nodes"][index]
            best, best_score = None, 0
            for window in candidates:
                if window.id in used:
                    continue
                score = 0
                if node["name"] and node["name"] == window.title:
                    score += 2
                if _anchor(window, node["box"])[3] < 0.06:
                    score += 1
                if score > best_score:
                    best, best_score = window, score
            if best is not None and (best_score >= 2 or (len(candidates) == 1 and len(tops) == 1)):
                used.add(best.id)
                matched.append((app, index, best))
    return matched


@lru_cache(maxsize=8)
def _title_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(TITLE_FONT, size)


@lru_cache(maxsize=16)
def _text_font(size: int, path: str = TEXT_FONT) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _words(text: str, box: Box) -> list[tuple[str, Box]]:
    """Words of a one-line text with boxes shared out by character position."""
    x0, y0, x1, y1 = box
    count = max(1, len(text))
    found = []
    for match in WORD.finditer(text):
        a = x0 + (x1 - x0) * match.start() / count
        b = x0 + (x1 - x0) * match.end() / count
        found.append((match.group(), (round(a), y0, max(round(a) + 1, round(b)), y1)))
    return found


class _Builder:
    def __init__(self, size: tuple[int, int], windows: list[Window], infos: dict[int, WindowInfo],
                 look: Look) -> None:
        self.screen: Box = (0, 0, size[0], size[1])
        self.scale = look.scale
        self.look = look
        self.normal = [w for w in windows if w.kind != "dock" and not w.hidden]
        self.docks = [w for w in windows if w.kind == "dock"]
        self.infos = infos
        self.texts: list[dict] = []
        self.controls: list[dict] = []
        self.ignore: list[dict] = [{"box": list(d.frame), "why": "task bar"} for d in self.docks]

    def covers(self, window_index: int) -> list[Box]:
        """Frames above the window ``window_index`` (of ``self.normal``), the task bar included."""
        return [w.frame for w in self.normal[window_index + 1:]] + [d.frame for d in self.docks]

    # --- text -----------------------------------------------------------------------------

    def add_text(self, text: str, box: Box, window: int, source: str, clip: Box, counted: bool = True,
                 points: float | None = None) -> None:
        """One line of text; with ``points`` (the font size it is drawn in), words cut off by an
        ellipsis (the text is wider than its box) do not count."""
        text = " ".join(text.split())
        if not text:
            return
        covers = self.covers(window)
        share = visible_share(box, clip, covers)
        if share < DROPPED:
            return
        pieces = _words(text, box)
        if points:
            font = _text_font(max(6, round(points * self.look.scale * 96 / 72)),
                              FONT_FILES.get(self.look.font, TEXT_FONT))
            if font.getlength(text) * TRUNCATED > box[2] - box[0]:
                # Cut short with «…»: only words that end before the cut show whole.
                cut = box[2] - font.getlength("…")
                pieces = [(w, (round(box[0] + font.getlength(text[:m.start()])), b[1],
                               round(box[0] + font.getlength(text[:m.end()])), b[3]))
                          for (w, b), m in zip(pieces, WORD.finditer(text))]
                pieces = [(w, b) for w, b in pieces if b[2] <= cut]
        words = [w for w, b in pieces if counted and visible_share(b, clip, covers) >= COUNTED]
        self.texts.append({"text": text, "box": list(box), "window": window, "source": source,
                           "visible": round(share, 3), "words": words})

    def title_bar(self, index: int, window: Window) -> None:
        top = window.client[1] - window.frame[1]
        if top < 8 or not window.title:
            return  # the application draws its own title (Chromium)
        bar = (window.frame[0], window.frame[1], window.frame[2], window.client[1])
        font = _title_font(max(6, round(9 * self.scale * 96 / 72)))
        width = font.getlength(window.title)
        # Openbox: icon on the left, three buttons on the right, the label centred in between.
        button = top
        room = (bar[0] + button + 4, bar[2] - 3 * button - 4)
        fits = width <= room[1] - room[0] - TITLE_MARGIN  # openbox cuts long titles in the middle
        middle = (room[0] + room[1]) / 2
        box = (round(middle - width / 2), bar[1] + 2, round(middle + width / 2), bar[3] - 2)
        self.add_text(window.title, box, index, "title", self.screen, counted=fits)

    # --- one application window -----------------------------------------------------------

    def window_tree(self, index: int, window: Window, app: dict, top: int) -> None:
        nodes = app["nodes"]
        info = self.infos.get(window.id)
        root = nodes[top]
        rect, sx, sy, _ = _anchor(window, root["box"])
        transform = (rect[0] - root["box"][0] * sx, rect[1] - root["box"][1] * sy, sx, sy)
        members = self._subtree(nodes, top)
        divisors = self._page_divisors(nodes, members)
        boxes = {i: _screen_box(nodes[i]["box"], transform, divisors.get(i, 1.0)) for i in members}
        clips: dict[int, Box | None] = {}
        children: dict[int, list[int]] = {}
        for i in members:
            parent = nodes[i]["parent"]
            if i != top:
                children.setdefault(parent, []).append(i)
            if i == top:
                clips[i] = intersect(window.client, self.screen) if boxes[i] else None
                continue
            clip = clips.get(parent)
            parent_box = boxes.get(parent)
            if clip is not None and parent_box is not None and area(parent_box) > 0:
                clip = intersect(clip, parent_box)
            clips[i] = clip
        has_text = {i: bool((nodes[i]["text"] or "").strip()) for i in members}
        text_below: dict[int, bool] = {}
        for i in reversed(members):  # children come after their parents
            text_below[i] = any(has_text[c] or text_below[c] for c in children.get(i, []))
        ancestors = {i: self._ancestor_roles(nodes, i) for i in members}
        covers = self.covers(index)
        web_browser = app["name"].lower().startswith("chrom")
        rows_done: set[int] = set()
        named_texts: list[tuple[str, Box, Box, float | None]] = []
        # The toolkits cut list rows, cells and tabs short with «…»; the font they draw in says
        # where (GTK: the look's font; Qt: its 9-point default; Chromium wraps instead).
        toolkit_points = None if web_browser else 9.0 if info is not None and info.app == "qt" else self.look.font_size

        def points(role: str) -> float | None:
            return toolkit_points if role in ELLIPSIZING else None

        in_control: set[int] = set()  # nodes inside a control (a button's icon is not a control of its own)
        for i in members:
            node, box, clip = nodes[i], boxes[i], clips[i]
            if box is None or clip is None or i == top:
                continue
            role, states = node["role"], set(node["states"])
            above = ancestors[i]
            in_page = "document web" in above or role == "document web"
            if role in roles.IGNORE_ROLES:
                self.ignore.append({"box": list(box), "why": role})
                continue
            if role == "table cell" and node["parent"] not in rows_done and self._is_table(nodes, node["parent"]):
                rows_done.add(node["parent"])
                self.table_rows(index, nodes, node["parent"], boxes, clips, info)
            toggle = info.toggle if info and role == "table cell" and not node["name"] and \
                "toggle" in (node.get("actions") or []) else None
            cls = roles.control_class(
                role, states=states, in_toolbar="tool bar" in above,
                in_browser_ui=web_browser and not in_page, in_web_page=in_page,
                interactive_list="list box" in above or not in_page,
                has_text=has_text[i], toggle_kind=toggle)
            if node["parent"] in in_control:
                in_control.add(i)
                if cls in ("icon", "image"):
                    continue
            if cls == "button" and self._too_narrow(node["name"], box):
                cls = "icon"  # a button that shows a picture, its name only for screen readers
            elif cls == "icon" and role in roles.BUTTON_ROLES and web_browser and not in_page and \
                    box[2] - box[0] > 2 * (box[3] - box[1]) and not self._too_narrow(node["name"], box):
                cls = "button"  # Chromium's security chip shows its name
            if cls is not None and not (role == "table cell" and toggle is None):
                self.control(index, nodes, i, cls, box, clip, covers, web_browser and not in_page, toggle, boxes)
                in_control.add(i)
            if cls in ("icon", "image") or role in roles.TOPLEVEL_ROLES or role == "document web":
                continue
            if role == "password text":
                continue
            if has_text[i] and not text_below[i]:
                lines = node.get("lines") or []
                if lines:
                    for text, x, y, w, h in lines:
                        line_box = _screen_box([x, y, w, h], transform, divisors.get(i, 1.0))
                        if line_box:
                            self.add_text(text, line_box, index, "atspi", clip, points=points(role))
                else:
                    self.add_text(node["text"], box, index, "atspi", clip, points=points(role))
            elif not has_text[i] and not text_below[i]:
                shown = node["name"]
                if role == "combo box":
                    shown = node.get("choice") or ""
                elif role == "page tab" and web_browser:
                    found = CHROMIUM_TAB.match(shown)
                    if found:
                        # Tab titles are cut to the tab's width: present, not counted.
                        self.add_text(found.group(1), box, index, "atspi", clip, counted=False)
                    continue
                elif role not in roles.NAMED_TEXT_ROLES or (web_browser and not in_page):
                    continue
                if shown:
                    named_texts.append((shown, box, clip, points(role)))
        seen = [(t["text"].casefold(), tuple(t["box"])) for t in self.texts if t["window"] == index]
        for shown, box, clip, size in named_texts:
            if any(text == shown.casefold() and intersect(_grow(box, 40), other) for text, other in seen):
                continue
            seen.append((shown.casefold(), box))
            self.add_text(shown, box, index, "atspi", clip, points=size)

    def _too_narrow(self, name: str, box: Box) -> bool:
        """Whether ``name`` in the smallest interface font is wider than the box it would be in."""
        if not name:
            return True
        font = _text_font(max(6, round(SMALLEST_POINTS * self.scale * 96 / 72)))
        return font.getlength(name) > box[2] - box[0]

    @staticmethod
    def _page_divisors(nodes: list[dict], members: list[int]) -> dict[int, float]:
        """Chromium reports a page's extents multiplied by its device scale factor once more
        (the browser's own interface is right): the page's box against its container's says by
        how much, and everything in the page is divided by it."""
        divisors: dict[int, float] = {}
        for i in members:
            parent = nodes[i]["parent"]
            if parent in divisors:
                divisors[i] = divisors[parent]
            elif nodes[i]["role"] == "document web":
                container = parent
                while container >= 0 and (nodes[container]["box"][2] <= 0 or nodes[container]["box"][3] <= 0):
                    container = nodes[container]["parent"]
                if container >= 0 and nodes[i]["box"][2] > 0:
                    ratio = _nice_scale(nodes[i]["box"][2] / nodes[container]["box"][2])
                    divisors[i] = ratio if ratio > 1 else 1.0
        return divisors

    @staticmethod
    def _subtree(nodes: list[dict], top: int) -> list[int]:
        inside = {top}
        members = [top]
        for i in range(top + 1, len(nodes)):
            if nodes[i]["parent"] in inside:
                inside.add(i)
                members.append(i)
        return members

    @staticmethod
    def _ancestor_roles(nodes: list[dict], i: int) -> set[str]:
        found = set()
        parent = nodes[i]["parent"]
        while parent >= 0:
            found.add(nodes[parent]["role"])
            parent = nodes[parent]["parent"]
        return found

    @staticmethod
    def _is_table(nodes: list[dict], i: int) -> bool:
        return i >= 0 and nodes[i]["role"] in ("table", "tree table", "tree")

    # --- controls -------------------------------------------------------------------------

    def control(self, index: int, nodes: list[dict], i: int, cls: str, box: Box, clip: Box, covers: list[Box],
                browser_ui: bool, toggle: str | None, boxes: dict[int, Box | None]) -> None:
        from vidimo.models.ui_detector.classes import element_type

        node = nodes[i]
        kind, state = element_type(cls)
        states = set(node["states"])
        label: str | None = node["name"] or None
        value = None
        if kind == "text_field":
            value = None if node["role"] == "password text" else (node["text"] or None)
            state = "password" if node["role"] == "password text" else None
            label = label or self._layout_label(nodes, i, boxes)
        elif kind in ("dropdown", "slider"):
            beside = self._layout_label(nodes, i, boxes)
            value = node.get("choice") if kind == "dropdown" else (node["value"] or [None])[0]
            if kind == "dropdown" and label and beside and label != beside and value in (None, label):
                value, label = label, beside  # Qt names a combo box by the item it shows
            label = label or beside
        elif kind == "tab" and browser_ui:
            found = CHROMIUM_TAB.match(node["name"])
            label = found.group(1) if found else label
        elif kind in ("icon", "image"):
            label = None
        elif kind == "list_item":
            label = node["text"] or label or self._descendant_text(nodes, i)
        elif toggle is not None:
            label = self._row_label(nodes, i)
        target = box
        if kind in roles.STATEFUL:
            target = self._indicator(box, toggle is not None)
        share = visible_share(box, clip, covers)
        if share < DROPPED or area(box) < 16:
            return
        counted = share >= COUNTED and not (kind == "tab" and browser_ui and label is None)
        item = {"class": cls, "kind": kind, "state": state, "label": label, "value": value, "role": node["role"],
                "name": node["name"], "box": list(box), "target": list(target), "window": index,
                "focused": "focused" in states and self.normal[index].active, "selected": "selected" in states,
                "visible": round(share, 3), "counted": counted}
        self.controls.append(item)

    def _indicator(self, box: Box, centred: bool) -> Box:
        """The check or radio mark: the whole box when it is small, else a square at its left
        (GTK check buttons include their label; a toggle cell centres its mark)."""
        width, height = box[2] - box[0], box[3] - box[1]
        side = min(height, width, max(12, round(18 * self.scale)))
        if width <= 1.5 * height and not centred:
            return box
        cy = (box[1] + box[3]) // 2
        x0 = (box[0] + box[2] - side) // 2 if centred else box[0]
        return (x0, cy - side // 2, x0 + side, cy - side // 2 + side)

    @staticmethod
    def _descendant_text(nodes: list[dict], i: int) -> str | None:
        inside = {i}
        for j in range(i + 1, len(nodes)):
            if nodes[j]["parent"] not in inside:
                break  # nodes are listed depth first: a subtree is one run
            inside.add(j)
            shown = (nodes[j]["text"] or "").strip() or (nodes[j]["name"] if nodes[j]["role"] == "label" else "")
            if shown:
                return shown
        return None

    @staticmethod
    def _row_label(nodes: list[dict], i: int) -> str | None:
        """The text of the first named cell right of a toggle cell, on the same row."""
        node = nodes[i]
        y = node["box"][1] + node["box"][3] / 2
        same_row = [n for n in nodes if n["parent"] == node["parent"] and n["role"] == "table cell" and n["name"]
                    and n["box"][1] <= y <= n["box"][1] + n["box"][3] and n["box"][0] > node["box"][0]]
        same_row.sort(key=lambda n: n["box"][0])
        return same_row[0]["name"] if same_row else None

    @staticmethod
    def _layout_label(nodes: list[dict], i: int, boxes: dict[int, Box | None]) -> str | None:
        """The nearest label left of a field on its row, else the nearest just above it (GTK forms
        leave their fields unnamed)."""
        field_box = boxes.get(i)
        if field_box is None:
            return None
        height = field_box[3] - field_box[1]
        left: list[tuple[int, str]] = []
        above: list[tuple[int, str]] = []
        for j, other in boxes.items():
            if other is None or nodes[j]["role"] != "label" or not nodes[j]["name"]:
                continue
            middle = (other[1] + other[3]) / 2
            if field_box[1] - 2 <= middle <= field_box[3] + 2 and other[2] <= field_box[0] + 4:
                left.append((field_box[0] - other[2], nodes[j]["name"]))
            elif other[3] <= field_box[1] + 4 and other[0] < field_box[2] and other[2] > field_box[0] \
                    and field_box[1] - other[3] <= 2 * height:
                above.append((field_box[1] - other[3], nodes[j]["name"]))
        for found in (left, above):
            if found:
                return min(found)[1]
        return None

    def table_rows(self, index: int, nodes: list[dict], table: int, boxes: dict[int, Box | None],
                   clips: dict[int, Box | None], info: WindowInfo | None) -> None:
        """One list item per row of a GTK tree view (AT-SPI lists cells, not rows)."""
        cells = [i for i, n in enumerate(nodes) if n["parent"] == table and n["role"] == "table cell"
                 and boxes.get(i) is not None]
        rows: list[list[int]] = []
        for i in sorted(cells, key=lambda c: (boxes[c][1], boxes[c][0])):
            middle = (boxes[i][1] + boxes[i][3]) / 2
            if rows and boxes[rows[-1][0]][1] <= middle <= boxes[rows[-1][0]][3]:
                rows[-1].append(i)
            else:
                rows.append([i])
        covers = self.covers(index)
        options = info is not None and info.toggle is not None
        for row in rows:
            named = self._row_names(nodes, row)
            if not named:
                continue
            box = union(boxes[c] for c in row)
            clip = clips.get(row[0])
            if clip is None:
                continue
            share = visible_share(box, clip, covers)
            if share < DROPPED:
                continue
            selected = any("selected" in nodes[c]["states"] for c in row)
            focused = self.normal[index].active and any("focused" in nodes[c]["states"] for c in row)
            self.controls.append({
                "class": "list_item", "kind": "list_item", "state": None, "label": named[0], "value": None,
                "role": "table row", "name": " ".join(named), "box": list(box), "target": list(box),
                "window": index, "focused": focused,
                "selected": selected, "visible": round(share, 3),
                # Option rows are boxed on their indicators (see roles.py).
                "counted": share >= COUNTED and not options})

    @staticmethod
    def _row_names(nodes: list[dict], row: list[int]) -> list[str]:
        names = []
        for c in sorted(row, key=lambda c: nodes[c]["box"][0]):
            if nodes[c]["name"]:
                names.append(nodes[c]["name"])
            names += [n["name"] for n in nodes if n["parent"] == c and n["name"]]
        return names

    # --- generator text -------------------------------------------------------------------

    def generated_lines(self, index: int, window: Window, info: WindowInfo) -> None:
        origin_x, origin_y = window.client[0], window.client[1]
        clip = intersect(window.client, self.screen)
        if clip is None:
            return
        for text, (x0, y0, x1, y1) in info.lines:
            self.add_text(text, (origin_x + x0, origin_y + y0, origin_x + x1, origin_y + y1), index, "generator", clip)


def _grow(box: Box, margin: int) -> Box:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def build(windows: list[Window], apps: list[dict], infos: dict[int, WindowInfo], look: Look) -> dict:
    """The ground truth of one screen of a desktop that looks like ``look`` (see the module docstring)."""
    size = look.size
    builder = _Builder(size, windows, infos, look)
    matched = {window.id: (app, top) for app, top, window in _match_toplevels(apps, builder.normal)}
    window_items = []
    for index, window in enumerate(builder.normal):
        info = infos.get(window.id)
        share = visible_share(window.frame, builder.screen, builder.covers(index))
        window_items.append({
            "index": index, "id": window.id, "title": window.title, "app": info.app if info else window.wm_class,
            "kind": info.kind if info else "", "frame": list(window.frame), "client": list(window.client),
            "active": window.active, "stack": len(builder.normal) - 1 - index, "visible": round(share, 3),
            "content": list(info.content) if info else [], "accessible": window.id in matched})
        if share < DROPPED:
            continue
        builder.title_bar(index, window)
        if window.id in matched:
            app, top = matched[window.id]
            builder.window_tree(index, window, app, top)
        if info is not None and info.lines:
            builder.generated_lines(index, window, info)
    active = next((w for w in window_items if w["active"]), None)
    return {
        "size": list(size), "windows": window_items, "active": active["index"] if active else None,
        "texts": builder.texts, "controls": builder.controls, "ignore": builder.ignore,
    }

