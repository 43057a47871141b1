"""Giving interface elements their labels from the text found on the screen.

:func:`attach_labels` is a pure function of the findings; :func:`label_elements` is the pipeline's
labels step: it also reads again the places where a label should be and the page reading found none.

Labels are the OCR text inside an element (buttons, tabs, links, menu and list items)
or beside it: a field's label to the left or above, a checkbox's or radio's text to
the right. A field's contents are its value; a field showing only dots or asterisks
is a password and its contents are never kept.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING

from vidimo.models.findings import Box, TextLine, UiElement, Window, box_area, box_height, intersection, union
from vidimo.models.text.layout import ordered_lines

if TYPE_CHECKING:
    from PIL import Image

    from vidimo.models.base import Analyzer
    from vidimo.scene import Scene

INSIDE = {"button", "tab", "link", "menu_item", "list_item"}
VALUE_INSIDE = {"text_field", "dropdown"}
LABEL_RIGHT = {"checkbox", "radio"}
LABEL_LEFT_OR_ABOVE = {"text_field", "dropdown", "slider"}
_PASSWORD = re.compile(r"^[•●*·∙⬤\s]+$")
#: The text cursor at either end of a field's contents, as OCR reads it.
_CARET = "|¦"
#: How far left of a field a label the page reading missed is looked for, in pixels.
LABEL_REACH = 200
#: A place narrower than this cannot hold a label.
MIN_PLACE_WIDTH = 12
#: A short first word this far (in line heights) from the next is an icon read as a letter.
ICON_GAP = 0.6
#: Inside a button, a place lower than this holds no word (a flat detection of a few pixels).
MIN_PLACE_HEIGHT = 6


def _centre_y(box: Box) -> float:
    return (box[1] + box[3]) / 2


def _inside(line: TextLine, element: UiElement) -> bool:
    return intersection(line.box, element.box) >= 0.5 * max(1, box_area(line.box))


def _same_row(line: TextLine, element: UiElement) -> bool:
    return abs(_centre_y(line.box) - _centre_y(element.box)) <= max(box_height(element.box), box_height(line.box)) * 0.6


def _right_of(line: TextLine, element: UiElement) -> float | None:
    """Horizontal gap when ``line`` starts to the right of ``element`` on its row, or on the
    element itself and runs on to the right (OCR read the indicator as a letter)."""
    gap = line.box[0] - element.box[2]
    limit = max(3 * box_height(element.box), 40)
    on_indicator = element.box[0] - 4 <= line.box[0] and line.box[2] > element.box[2] + box_height(element.box)
    return gap if _same_row(line, element) and (-4 <= gap or on_indicator) and gap <= limit else None


def _without_indicator(line: TextLine, element: UiElement) -> str:
    """The text right of a checkbox or radio, without the indicator OCR may have read as a
    first word («О Высокое», «© Звук»)."""
    words = line.text.split()
    if line.box[0] < element.box[2] - 2 and len(words) > 1 and len(words[0]) <= 2:
        return " ".join(words[1:])
    return line.text


def _left_of(line: TextLine, element: UiElement) -> float | None:
    gap = element.box[0] - line.box[2]
    return gap if _same_row(line, element) and -4 <= gap <= max(element.box[2] - element.box[0], 200) else None


def _above(line: TextLine, element: UiElement) -> float | None:
    gap = element.box[1] - line.box[3]
    overlaps = line.box[0] < element.box[2] and line.box[2] > element.box[0]
    near_left = abs(line.box[0] - element.box[0]) <= 2 * box_height(element.box)
    return gap if -4 <= gap <= 1.5 * box_height(element.box) and (overlaps or near_left) else None


def _centre_in(box: Box, element: UiElement) -> bool:
    x, y = (box[0] + box[2]) / 2, _centre_y(box)
    return element.box[0] <= x <= element.box[2] and element.box[1] <= y <= element.box[3]


def _name_inside(line: TextLine, element: UiElement) -> str:
    """The name ``line`` gives ``element`` (a button, tab, link, menu item or row): its text less
    marks with no letter or digit at either end («Печать |») while a word remains, and, but for
    rows, an icon read as a short first word set apart from the next by more than a space
    («Х Отмена», «А Не защищено»)."""
    words = list(line.words)
    if not words:
        return line.text
    while len(words) > 1 and not any(ch.isalnum() for ch in words[-1][0]):
        words.pop()
    while len(words) > 1 and not any(ch.isalnum() for ch in words[0][0]):
        words.pop(0)
    if element.type != "list_item" and len(words) > 1 and len(words[0][0]) <= 2:
        gap = words[1][1][0] - words[0][1][2]
        if gap >= ICON_GAP * box_height(line.box):
            words.pop(0)
    return " ".join(text for text, _ in words)


def _part(line: TextLine, words: Sequence[tuple[str, Box]]) -> TextLine:
    return replace(line, text=" ".join(text for text, _ in words), box=union([box for _, box in words]),
                   words=tuple(words))


def split_at_fields(texts: Sequence[TextLine], elements: Sequence[UiElement]) -> list[TextLine]:
    """Lines that run from a label into the field beside it («Логин: ivan.petrov»: the label sits
    close to the field, so the recogniser joins them) split where the field begins, into the
    label and the field's contents; lines that run on past a button, tab, link or row (most of
    the line in it) split at its edges, so its name is its own words and the rest is still read."""
    fields = [e for e in elements if e.type in VALUE_INSIDE]
    named = [e for e in elements if e.type in INSIDE]
    result: list[TextLine] = []
    for line in texts:
        field = next((e for e in fields if line.words and _same_row(line, e)
                      and line.box[0] < e.box[0] < line.box[2]), None)
        if field is not None:
            left = [w for w in line.words if (w[1][0] + w[1][2]) / 2 < field.box[0]]
            right = [w for w in line.words if (w[1][0] + w[1][2]) / 2 >= field.box[0]]
            result += [_part(line, part) for part in (left, right) if part]
            continue
        holder = next((e for e in named if line.words and _inside(line, e)), None)
        inside = [_centre_in(w[1], holder) for w in line.words] if holder is not None else []
        if not inside or all(inside) or not any(inside):
            result.append(line)
            continue
        runs = groupby(zip(line.words, inside), key=lambda pair: pair[1])
        result += [_part(line, [word for word, _ in run]) for _, run in runs]
    return result


def attach_labels(elements: Sequence[UiElement], texts: Sequence[TextLine]) -> tuple[list[UiElement], set[int]]:
    """Elements with ``label``/``value``/password state filled, and the indices of the text
    lines used for them (the narration does not read those lines twice)."""
    used: set[int] = set()
    labelled = []
    for element in elements:
        inside = [i for i, line in enumerate(texts) if _inside(line, element)]
        inside_text = " ".join(texts[i].text for i in inside).strip() or None
        label, value, state = element.label, element.value, element.state
        if element.type in INSIDE:
            label = " ".join(_name_inside(texts[i], element) for i in inside).strip() or None
            if element.type == "button" and label and label[0].islower():
                label = label[0].upper() + label[1:]  # «да»: OCR's small letter on a button
            used.update(inside)
        elif element.type in VALUE_INSIDE:
            if element.state == "password" or (
                    inside_text and element.type == "text_field" and _PASSWORD.match(inside_text)):
                state, value = "password", None
            else:
                value = (inside_text or "").strip(_CARET).strip() or None
            used.update(inside)
        candidates: list[tuple[float, int]] = []
        if element.type in LABEL_RIGHT:
            candidates = [(gap, i) for i, line in enumerate(texts) if (gap := _right_of(line, element)) is not None]
        elif element.type in LABEL_LEFT_OR_ABOVE:
            candidates = [(gap, i) for i, line in enumerate(texts)
                          if i not in inside and (gap := _left_of(line, element)) is not None]
            if not candidates:
                candidates = [(gap, i) for i, line in enumerate(texts)
                              if i not in inside and (gap := _above(line, element)) is not None]
        if candidates:
            _, index = min(candidates)
            text = _without_indicator(texts[index], element) if element.type in LABEL_RIGHT else texts[index].text
            label = text.rstrip(":： ").strip()
            used.add(index)
        labelled.append(replace(element, label=label, value=value, state=state))
    return labelled, used


def label_places(elements: Sequence[UiElement], texts: Sequence[TextLine]) -> list[Box]:
    """Where labels the page reading missed would be: the strip left of each field with no text
    on its left, on its row, up to the nearest element there (GTK's «Имя» beside a focused field,
    which would otherwise be unnamed or named by a heading above it), and the inside of each
    button, tab or link left without a label (short words such as «Да» are dropped as noise on
    a whole page)."""
    places = []
    for element in elements:
        if element.type not in LABEL_LEFT_OR_ABOVE or any(_left_of(line, element) is not None for line in texts):
            continue
        x1, y1, _, y2 = element.box
        left = max(0.0, x1 - LABEL_REACH)
        for other in elements:
            if other is not element and other.box[2] <= x1 and other.box[1] < y2 and other.box[3] > y1:
                left = max(left, other.box[2] + 2)
        if x1 - 2 - left >= MIN_PLACE_WIDTH:
            places.append((int(left), int(y1), int(x1 - 2), int(y2)))
    for element in elements:  # a button whose short word («Да», «OK») the page reading dropped
        x1, y1, x2, y2 = element.box
        inset = max(3, (y2 - y1) // 10)  # without the button's frame, which Tesseract reads as a box
        if (element.type in INSIDE and not element.label and x2 - x1 - 2 * inset >= MIN_PLACE_WIDTH
                and y2 - y1 - 2 * inset >= MIN_PLACE_HEIGHT):
            places.append((x1 + inset, y1 + inset, x2 - inset, y2 - inset))
    return places


def label_elements(image: Image.Image, scene: Scene, reader: Analyzer | None) -> None:
    """The labels step: split lines at fields, attach labels, and read the places left of fields
    where the page reading found no text (with ``reader``, the text analyzer, when it is loaded);
    changes ``scene`` in place."""
    scene.texts = split_at_fields(scene.texts, scene.ui_elements)
    scene.ui_elements, scene.label_lines = attach_labels(scene.ui_elements, scene.texts)
    places = label_places(scene.ui_elements, scene.texts)
    if reader is not None and reader.loaded and places:
        found = reader.read_places(image, places)  # type: ignore[attr-defined] - the text analyzer's
        if found:
            scene.texts = ordered_lines([*scene.texts, *found])
            scene.ui_elements, scene.label_lines = attach_labels(scene.ui_elements, scene.texts)
    elements = without_question_options(scene.ui_elements) + missed_buttons(scene.ui_elements, scene.texts,
                                                                               scene.label_lines)
    if elements != scene.ui_elements:
        scene.ui_elements, scene.label_lines = attach_labels(elements, scene.texts)


#: A lone radio «labelled» by this many words or more is a dialog's icon beside its message.
SENTENCE_WORDS = 4


def without_question_options(elements: Sequence[UiElement]) -> list[UiElement]:
    """The elements less the checkboxes and radios «labelled» by a question, and a lone radio
    «labelled» by a sentence: a dialog's round icon beside its question is taken for a radio, but
    no option asks something, and radios come in groups of short choices."""
    radios = [e for e in elements if e.type == "radio"]

    def message(e: UiElement) -> bool:
        label = (e.label or "").rstrip()
        return label.endswith("?") or (e.type == "radio" and len(radios) == 1
                                       and len(label.split()) >= SENTENCE_WORDS)

    return [e for e in elements if not (e.type in LABEL_RIGHT and message(e))]


def missed_buttons(elements: Sequence[UiElement], texts: Sequence[TextLine], used: set[int]) -> list[UiElement]:
    """Buttons the detector missed in a row of buttons: a short free word on the row of found
    buttons, as tall as their text, beside them («Нет» found, «Да» read as text)."""
    buttons = [e for e in elements if e.type == "button" and e.label]
    missed = []
    for index, line in enumerate(texts):
        words = line.text.split()
        if index in used or not 1 <= len(words) <= 2 or any(intersection(line.box, e.box) for e in elements):
            continue
        for button in buttons:
            height = box_height(button.box)
            if (abs(_centre_y(line.box) - _centre_y(button.box)) <= 0.25 * height
                    and box_height(line.box) <= 0.8 * height
                    and min(abs(line.box[0] - button.box[2]), abs(button.box[0] - line.box[2])) <= 4 * height):
                pad_x, pad_y = height // 2, (height - box_height(line.box)) // 2
                box = (line.box[0] - pad_x, button.box[1], line.box[2] + pad_x, button.box[3])
                missed.append(UiElement("button", box, None, None, 0.0))
                break
    return missed


#: A window's title bar is at most this tall at 1× on a 1280-wide screen (taller on larger screens).
TITLE_BAR = 32
#: The window's icon at the left of its title bar, in bar heights (read as «Г]» or «=ш» before the title).
ICON_WIDTH = 1.3
#: Its buttons at the right, in bar heights (what is left of them after a title is dropped as signs).
BUTTONS_WIDTH = 3.0


def title_windows(windows: Sequence[Window], texts: Sequence[TextLine], screen_width: int) -> list[Window]:
    """Windows with the titles the window manager did not give them: the longest line read in the
    band at the top of each window (its title bar)."""
    band = TITLE_BAR * max(1.0, screen_width / 1280)
    titled = []
    for window in windows:
        x1, y1, x2, _ = window.box
        if window.title:
            titled.append(window)
            continue
        candidates = [line for line in texts
                      if y1 - 2 <= (line.box[1] + line.box[3]) / 2 <= y1 + band
                      and line.box[0] >= x1 - 2 and line.box[2] <= x2 + 2 and len(line.text.strip()) > 1]
        best = max(candidates, key=lambda line: len(line.text), default=None)
        titled.append(replace(window, title=best.text.strip(), title_box=best.box) if best else window)
    return titled


def title_bars(windows: Sequence[Window], screen_width: int) -> list[tuple[Window, Box]]:
    """Where the titles of untitled windows are: each one's title bar (or the band at its top),
    without the icon at its left and the buttons at its right."""
    scale = max(1.0, screen_width / 1280)
    bars = []
    for window in windows:
        x1, y1, x2, y2 = window.title_box or (*window.box[:3], int(min(window.box[3], window.box[1] + TITLE_BAR * scale)))
        height = y2 - y1
        left, right = x1 + round(ICON_WIDTH * height), x2 - round(BUTTONS_WIDTH * height)
        if not window.title and x2 - x1 > 160 * scale:  # a narrow window with a tall bar is read whole
            bars.append((window, (left, y1, right, y2) if right - left >= 4 * height else (x1, y1, x2, y2)))
    return bars


def read_titles(image: Image.Image, windows: Sequence[Window], texts: Sequence[TextLine],
                reader: Analyzer | None) -> tuple[list[Window], list[TextLine]]:
    """The titles step: each untitled window's title bar read on its own (white on a coloured bar
    is lost in a whole page's reading), or the page's text in its top band without a reader.
    Returns the windows with their titles, and the title lines read (for the scene's text)."""
    bars = title_bars(windows, image.width)
    if reader is None or not reader.loaded or not bars:
        return title_windows(windows, texts, image.width), []
    # The active window's bar is read on its own: stacked with the others, a band of page text
    # taken for a bar could lose it («Батарея» read as «о»), and its title is the first words.
    front = [bar for window, bar in bars if window.active]
    found = [line for group in (front, [bar for window, bar in bars if not window.active]) if group
             for line in reader.read_places(image, group)]  # type: ignore[attr-defined]
    titles = {bar: replace(line, text=_title_text(line.text) or "") for line in found
              for _, bar in bars if line.box == bar}
    titled = [replace(w, title=titles[bar].text or None, title_box=bar) if bar in titles else w
              for w in windows for bar in [next((b for window, b in bars if window is w), None)]]
    return titled, [line for line in titles.values() if line.text]


def _title_text(text: str) -> str | None:
    """A title bar's reading less what its icon and buttons were read as («| Картинки 896 vax»):
    a lone sign or letter before the title, signs and short small-letter words after it."""
    words = text.split()
    while len(words) > 1 and (len(words[0]) == 1 or not any(ch.isalnum() for ch in words[0])):
        words.pop(0)
    while len(words) > 1 and (not any(ch.isalnum() for ch in words[-1])
                              or (len(words[-1]) <= 3 and words[-1].isalpha() and words[-1].islower())):
        words.pop()
    return " ".join(words) or None
