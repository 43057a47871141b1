"""Reading a window's interface as structure: title, question or main text, fields with
labels and contents (passwords never), checkboxes and radios with states, then buttons."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vidimo.models.findings import TextLine, UiElement
from vidimo.narration import phrases as ru
from vidimo.narration.options import NarrationOptions
from vidimo.narration.russian import count
from vidimo.narration.text import text_sentences

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
                        read_text: Callable[[Sequence[TextLine]], list[str]]) -> list[str]:
    """Sentences for the interface and the free text around it (lines not used as labels)."""
    ordered = sorted(elements, key=lambda e: (e.box[1], e.box[0]))
    by_kind: dict[str, list[UiElement]] = defaultdict(list)
    for element in ordered:
        by_kind[element.type].append(element)
    sentences: list[str] = []
    title = _title_line(free, ordered)
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
    """The interface stage's part of a description: the window, with the text not used as labels;
    nothing when no control is named (then the text is read as plain text)."""
    if not is_interface(scene.ui_elements):
        return []
    free = [line for i, line in enumerate(scene.texts) if i not in scene.label_lines]
    return interface_sentences(
        scene.ui_elements, free, scene.detail,
        lambda lines: text_sentences(lines, scene.detail, scene.width, scene.height))
