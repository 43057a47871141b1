"""Reading a window's interface as structure: title, question or main text, fields with
labels and contents (passwords never), checkboxes and radios with states, then buttons."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vidimo.models.findings import Box, TextLine, UiElement, Window, box_area
from vidimo.narration import phrases as ru
from vidimo.narration.options import NarrationOptions
from vidimo.narration.russian import count
from vidimo.narration.text import quote, text_sentences

if TYPE_CHECKING:
    from vidimo.scene import Scene

#: Kinds read as "label — state" groups, in reading order of the narration.
GROUPED = ("checkbox", "radio", "tab", "menu_item", "link")
#: Detector kinds that are not controls: counted, and alone they do not make a picture an interface.
PICTURES = ("icon", "image")
#: A window with no more than this many elements and without lists, tabs or menus is a dialog.
DIALOG_MAX_ELEMENTS = 8


def is_interface(elements: Sequence[UiElement]) -> bool:
    """True when some control carries text read inside or beside it. Pictures alone do not
    make a window, nor do unnamed «controls» a detector sees in a photo (stars taken for
    radios): a real window names its controls."""
    return any(e.type not in PICTURES and (e.label or e.value) for e in elements)


#: A window smaller than this share of the screen is read as a dialog.
DIALOG_SHARE = 0.3


def _centre_in(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def active_window(scene: Scene) -> Window | None:
    """The window in front, when the windows stage found one with a title or some text in it (an
    empty one is more likely a part of a window behind, and the screen is then read as a whole)."""
    window = next((w for w in scene.get("windows") if w.active), None)
    if window is None or window.title or any(_centre_in(line.box, window.box) for line in scene.texts):
        return window
    return None


def front_title_known(scene: Scene) -> bool:
    """The window in front has its title already (from the window manager): its part of the
    description is final before any text is read."""
    window = active_window(scene)
    return window is not None and bool(window.title)


def free_lines(scene: Scene, within: Box | None = None, *, labels: bool = True) -> list[TextLine]:
    """Text lines not read as a window's title nor (with ``labels``) as a control's label, inside
    ``within`` when given."""
    titles = [w.title_box for w in scene.get("windows") if w.title and w.title_box is not None]
    return [line for i, line in enumerate(scene.texts)
            if not (labels and i in scene.label_lines) and not any(_centre_in(line.box, t) for t in titles)
            and (within is None or _centre_in(line.box, within))]


def _elements(scene: Scene) -> list[UiElement]:
    """The interface elements of the active window (all of them when no window is known)."""
    window = active_window(scene)
    if window is None:
        return list(scene.ui_elements)
    bar = window.title_box
    return [e for e in scene.ui_elements if _centre_in(e.box, window.box)
            and not (bar is not None and _centre_in(e.box, bar))]  # the title bar's own buttons


def in_rows(elements: Sequence[UiElement]) -> list[UiElement]:
    """Elements as a person reads them: row by row (a pixel or two of difference in height does
    not make a new row), left to right within a row."""
    rows: list[list[UiElement]] = []
    for element in sorted(elements, key=lambda e: (e.box[1] + e.box[3]) / 2):
        centre = (element.box[1] + element.box[3]) / 2
        if rows:
            first = rows[-1][0]
            if abs(centre - (first.box[1] + first.box[3]) / 2) < (first.box[3] - first.box[1]) / 2:
                rows[-1].append(element)
                continue
        rows.append([element])
    return [e for row in rows for e in sorted(row, key=lambda e: e.box[0])]


def _q(text: str | None) -> str:
    return f"«{text}»" if text else ru.UI_UNLABELED


def _title_line(free: Sequence[TextLine], elements: Sequence[UiElement]) -> TextLine | None:
    """The first free line above every element, short and without final punctuation."""
    top = min(e.box[1] for e in elements)
    for line in free:
        text = line.text.strip()
        if line.box[3] <= top + 2 and len(text.split()) <= 6 and text[-1:] not in ".?!:":
            return line
    return None


def _kind(elements: Sequence[UiElement]) -> str:
    busy = any(e.type in ("list_item", "tab", "menu_item") for e in elements)
    return "dialog" if len(elements) <= DIALOG_MAX_ELEMENTS and not busy else "window"


def _fields(elements: Sequence[UiElement]) -> list[str]:
    sentences = []
    for element in elements:
        label = element.label or ru.UI_UNLABELED
        if element.type == "text_field":
            if element.state == "password":
                value = ru.FIELD_PASSWORD
            else:
                value = f"«{element.value}»" if element.value else ru.FIELD_EMPTY
            sentences.append(ru.FIELD.format(label=label, value=value))
        elif element.type == "dropdown":
            value = f"«{element.value}»" if element.value else ru.FIELD_EMPTY
            sentences.append(ru.DROPDOWN.format(label=label, value=value))
        elif element.type == "slider":
            sentences.append(ru.SLIDER.format(label=label))
    return sentences


def _group(kind: str, items: Sequence[UiElement]) -> str:
    one, many = ru.GROUP_TITLES[kind]
    states = ru.RADIO_STATES if kind == "radio" else ru.UI_STATES
    parts = []
    for element in items:
        state = states.get(element.state or "")
        parts.append(ru.CHECK.format(label=element.label or "", state=state).replace("«» ", "")
                     if state else _q(element.label))
    if kind in ("checkbox", "radio") and len(items) == 1:
        return f"{one} {parts[0]}."
    return ru.UI_GROUP.format(noun=one if len(items) == 1 else many, items=", ".join(parts))


def interface_sentences(elements: Sequence[UiElement], free: Sequence[TextLine], detail: str,
                        read_text: Callable[[Sequence[TextLine]], list[str]], *,
                        titled: bool = False) -> list[str]:
    """Sentences for the interface and the free text around it (lines not used as labels); the
    title is looked for in the text unless the window's title is ``titled`` already."""
    ordered = in_rows(elements)
    by_kind: dict[str, list[UiElement]] = defaultdict(list)
    for element in ordered:
        by_kind[element.type].append(element)
    sentences: list[str] = []
    title = None if titled else _title_line(free, ordered)
    rest = [line for line in free if line is not title]
    if title is not None:
        sentences.append(ru.WINDOW_TITLE.format(kind=ru.WINDOW_KINDS[_kind(ordered)], title=title.text.strip()))
    if len(rest) == 1 and rest[0].text.strip().endswith("?"):
        sentences.append(ru.QUESTION.format(text=rest[0].text.strip()))
    elif rest and detail != "brief":
        sentences += read_text(rest)
    if detail == "brief":
        counted = [count(len(items), ru.UI_TYPE_NOUNS[kind].split()[0])
                   for kind, items in by_kind.items() if kind != "button"]
        if counted:
            sentences.append(ru.UNNAMED_COUNT.format(count=", ".join(counted)).capitalize())
    else:
        sentences += _fields(ordered)
        for kind in GROUPED:
            if by_kind.get(kind):
                sentences.append(_group(kind, by_kind[kind]))
        if by_kind.get("list_item"):
            items = by_kind["list_item"]
            sentences.append(ru.LIST_ITEMS.format(count=count(len(items), ru.LIST_NOUN),
                                                  items=", ".join(_q(e.label) for e in items)))
        for kind in PICTURES:
            if by_kind.get(kind):
                sentences.append(ru.UNNAMED_COUNT.format(
                    count=count(len(by_kind[kind]), ru.UI_TYPE_NOUNS[kind])).capitalize())
    if by_kind.get("button"):
        sentences.append(_group("button", by_kind["button"]))
    return sentences


def window_sentences(scene: Scene, options: NarrationOptions) -> list[str]:
    """The interface stage's part of a description: the active window's controls, with the text
    not used as labels; nothing when no control is named (then the text is read as plain text)."""
    elements = _elements(scene)
    if not is_interface(elements):
        return []
    window = active_window(scene)
    return interface_sentences(
        elements, free_lines(scene, window.box if window else None), scene.detail,
        lambda lines: text_sentences(lines, scene.detail, scene.width, scene.height),
        titled=bool(window and window.title))


def reads_as_window(scene: Scene) -> bool:
    """True when the active window's controls are read as a window (its text goes with them)."""
    return is_interface(_elements(scene))


def title_sentences(scene: Scene, options: NarrationOptions) -> list[str]:
    """The windows stage's part: «Окно «…».» for the window in front (a dialog when it is small)."""
    window = active_window(scene)
    if window is None or not window.title:
        return []
    small = box_area(window.box) < DIALOG_SHARE * scene.width * scene.height
    kind = "dialog" if small else "window"
    return [ru.WINDOW_TITLE.format(kind=ru.WINDOW_KINDS[kind], title=window.title.strip())]


def other_windows_sentences(scene: Scene, options: NarrationOptions) -> list[str]:
    """After the active window: the other windows by title (``normal``), or their text and what
    lies outside every window, such as the task bar and the clock (``full``)."""
    window = active_window(scene)
    if window is None or scene.detail == "brief":
        return []
    others = [w for w in scene.get("windows") if not w.active]
    if scene.detail != "full":
        titles = [f"«{w.title.strip()}»" for w in others if w.title]
        return [ru.OTHER_WINDOWS.format(titles=", ".join(titles))] if titles else []
    sentences = []
    read: set[int] = set()
    for other in others:
        lines = [line for line in free_lines(scene, other.box)
                 if not _centre_in(line.box, window.box) and id(line) not in read]
        read.update(id(line) for line in lines)
        if lines:
            quoted = " ".join(quote(line) for line in lines)
            sentences.append(ru.OTHER_WINDOW_TEXT.format(title=other.title.strip(), lines=quoted) if other.title
                             else ru.UNTITLED_WINDOW_TEXT.format(lines=quoted))
    outside = [line for line in free_lines(scene) if id(line) not in read
               and not any(_centre_in(line.box, w.box) for w in scene.get("windows"))]
    if outside:
        sentences.append(ru.OUTSIDE_WINDOWS.format(lines=" ".join(quote(line) for line in outside)))
    return sentences


def text_part(scene: Scene, options: NarrationOptions) -> list[str]:
    """The text stage's part: plain text (of the active window, when one is known), unless the
    window is read with its controls, which then read its text too."""
    if reads_as_window(scene):
        return []
    window = active_window(scene)
    lines = free_lines(scene, window.box if window else None, labels=False)
    return text_sentences(lines, scene.detail, scene.width, scene.height)
