"""What changed between two descriptions of the same window or screen, in Russian (no Qt).

:func:`differences` compares two :class:`~vidimo.scene.Scene`s of one window: elements are paired
by kind and place (or by kind and label when the window scrolled), so a ticked box is said as
«Флажок «Почта» отмечен», a field's new contents as «Поле «Имя»: «Иван»», and what appeared or
went away by name; text lines are compared by their words, so only new text is read. OCR reads
the same label a little differently each time, so labels match when they are alike, not equal.
"""
from __future__ import annotations

import difflib
from dataclasses import replace
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vidimo.explore import Entry, clean_label, entry_text, fold, noun, words
from vidimo.models.findings import UiElement, iou
from vidimo.narration import phrases as ru

if TYPE_CHECKING:
    from vidimo.scene import Scene

NOTHING_CHANGED = "Ничего не изменилось."
APPEARED = "Появилось: {items}."
DISAPPEARED = "Исчезло: {items}."
NEW_TEXT = "Новый текст: {lines}"
MORE = "и ещё {count}"
STATE_CHANGED = "{kind} «{label}» {state}."
VALUE_CHANGED = "{kind} «{label}»: {value}."
LABEL_CHANGED = "{kind} «{old}» теперь «{new}»."
WINDOW_OPENED = "Открылось окно «{title}»."
WINDOW_CLOSED = "Окно «{title}» закрылось."
#: At most this many items are named in one sentence; the rest are counted.
MAX_NAMED = 6
#: Boxes overlapping at least this much are the same element, whatever OCR read on it.
SAME_PLACE = 0.5
#: Labels at least this alike are the same text read twice.
ALIKE = 0.8


def alike(a: str, b: str) -> bool:
    """Two readings of the same text (a letter or two apart)."""
    a, b = " ".join(words(a)), " ".join(words(b))
    if a == b:
        return True
    return bool(a and b) and difflib.SequenceMatcher(None, a, b).ratio() >= ALIKE


def _centre_distance(a: UiElement, b: UiElement) -> float:
    ax, ay = (a.box[0] + a.box[2]) / 2, (a.box[1] + a.box[3]) / 2
    bx, by = (b.box[0] + b.box[2]) / 2, (b.box[1] + b.box[3]) / 2
    return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5


def pair_elements(before: Sequence[UiElement], after: Sequence[UiElement]) -> list[tuple[int, int]]:
    """Pairs (index before, index after) of the same element: same kind, and the same place or the
    same label; best pairs first, each element in one pair at most."""
    candidates: list[tuple[float, int, int]] = []
    for i, old in enumerate(before):
        for j, new in enumerate(after):
            if old.type != new.type:
                continue
            overlap = iou(old.box, new.box)
            same_label = bool(old.label and new.label and alike(clean_label(old.label), clean_label(new.label)))
            if overlap >= SAME_PLACE:
                candidates.append((2 - overlap - (0.5 if same_label else 0), i, j))
            elif same_label:
                candidates.append((3 + _centre_distance(old, new) / 10_000, i, j))
    pairs, used_before, used_after = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_before and j not in used_after:
            pairs.append((i, j))
            used_before.add(i)
            used_after.add(j)
    return sorted(pairs)


def _label(element: UiElement) -> str:
    return clean_label(element.label) or ru.UI_UNLABELED


def _changed(old: UiElement, new: UiElement) -> str | None:
    kind = noun(new.type).capitalize()
    states = ru.RADIO_STATES if new.type == "radio" else ru.UI_STATES
    if new.state in states and old.state in states and new.state != old.state:
        return STATE_CHANGED.format(kind=kind, label=_label(new), state=states[new.state])
    if new.type in ("text_field", "dropdown") and new.state != "password" and old.state != "password":
        if not alike(old.value or "", new.value or ""):
            value = f"«{new.value}»" if new.value else ru.FIELD_EMPTY
            return VALUE_CHANGED.format(kind=kind, label=_label(new), value=value)
    if new.type in ("text_field", "dropdown") and new.state == "password" and old.state != "password":
        return VALUE_CHANGED.format(kind=kind, label=_label(new), value=ru.FIELD_PASSWORD)
    old_label, new_label = clean_label(old.label), clean_label(new.label)
    if old_label and new_label and not alike(old_label, new_label):
        return LABEL_CHANGED.format(kind=kind, old=old_label, new=new_label)
    return None


def _named(items: list[str]) -> str:
    shown = items[:MAX_NAMED]
    text = ", ".join(shown)
    if len(items) > len(shown):
        text += f" {MORE.format(count=len(items) - len(shown))}"
    return text


def _entry(element: UiElement) -> str:
    text = entry_text(Entry(element.type, element.box, clean_label(element.label), element=element))
    return text[:1].lower() + text[1:]


def _free_lines(scene: Scene) -> list[str]:
    return [" ".join(line.text.split()) for i, line in enumerate(scene.texts)
            if i not in scene.label_lines and clean_label(line.text)]


def covered(element: UiElement, others: Sequence[UiElement]) -> bool:
    """True when one of ``others`` lies over the element's place (the detector read the same place
    as something else: a ticked row taken for a list item), so it neither appeared nor went away."""
    cx, cy = (element.box[0] + element.box[2]) / 2, (element.box[1] + element.box[3]) / 2
    for other in others:
        ox, oy = (other.box[0] + other.box[2]) / 2, (other.box[1] + other.box[3]) / 2
        if iou(element.box, other.box) >= SAME_PLACE:
            return True
        if other.box[0] <= cx <= other.box[2] and other.box[1] <= cy <= other.box[3]:
            return True
        if element.box[0] <= ox <= element.box[2] and element.box[1] <= oy <= element.box[3]:
            return True
    return False


def flipped(element: UiElement) -> str | None:
    """The other state of a checkbox or radio (a click on a radio always selects it)."""
    if element.type == "radio":
        return "checked"
    return {"checked": "unchecked", "unchecked": "checked"}.get(element.state or "")


def differences(before: Scene, after: Scene, *, clicked: UiElement | None = None,
                toggled: bool = False) -> list[str]:
    """Sentences saying what is new or changed in ``after`` since ``before``: changed elements
    first, then what appeared, what went away, and new text. Empty when nothing changed.

    ``clicked`` is the checkbox or radio just clicked and ``toggled`` whether its indicator's
    pixels changed: when the detector no longer reads it as one (a selected row), the new state is
    said from the pixels."""
    old, new = before.ui_elements, after.ui_elements
    pairs = pair_elements(old, new)
    sentences = [s for i, j in pairs if (s := _changed(old[i], new[j])) is not None]
    paired_before, paired_after = {i for i, _ in pairs}, {j for _, j in pairs}
    if clicked is not None and clicked in old and old.index(clicked) not in paired_before and toggled:
        state = flipped(clicked)
        states = ru.RADIO_STATES if clicked.type == "radio" else ru.UI_STATES
        if state in states:
            sentences.insert(0, STATE_CHANGED.format(kind=noun(clicked.type).capitalize(), label=_label(clicked),
                                                     state=states[state]))
    # An element whose label is still read as a text line did not go away (the detector missed it).
    all_text = [fold(line.text) for line in after.texts]
    appeared = [_entry(e) for j, e in enumerate(new) if j not in paired_after and not covered(e, old)]
    gone = [_entry(e) for i, e in enumerate(old) if i not in paired_before and not covered(e, new)
            and not (clean_label(e.label) and any(fold(clean_label(e.label)) in text for text in all_text))]
    if appeared:
        sentences.append(APPEARED.format(items=_named(appeared)))
    if gone:
        sentences.append(DISAPPEARED.format(items=_named(gone)))
    old_lines = [*_free_lines(before), *(e.label or "" for e in old), *(e.value or "" for e in old)]
    new_element_text = [*(e.label or "" for e in new), *(e.value or "" for e in new)]
    fresh = [line for line in _free_lines(after)
             if not any(alike(line, seen) for seen in old_lines)
             and not any(alike(line, seen) for seen in new_element_text)]
    if fresh:
        shown = [f"«{line}»" for line in fresh[:MAX_NAMED]]
        text = ", ".join(shown)
        if len(fresh) > len(shown):
            text += f", {MORE.format(count=len(fresh) - len(shown))}"
        sentences.append(NEW_TEXT.format(lines=text) + ("" if text.endswith(".") else "."))
    return sentences


def changes_sentence(before: Scene, after: Scene, *, clicked: UiElement | None = None,
                     toggled: bool = False) -> str:
    """:func:`differences` as one text, or «Ничего не изменилось.»."""
    return " ".join(differences(before, after, clicked=clicked, toggled=toggled)) or NOTHING_CHANGED


def carry_over(before: Scene, after: Scene, clicked: UiElement, toggled: bool) -> list[UiElement]:
    """The elements of ``after``, with the clicked checkbox or radio kept (in its new state when
    ``toggled``) if the detector read its place as something else, so the list still holds it."""
    new = list(after.ui_elements)
    if clicked not in before.ui_elements:
        return new
    index = before.ui_elements.index(clicked)
    if any(i == index for i, _ in pair_elements(before.ui_elements, new)) or not covered(clicked, new):
        return new
    state = flipped(clicked) if toggled else clicked.state
    return [*new, replace(clicked, state=state)]


def window_opened(title: str) -> str:
    return WINDOW_OPENED.format(title=title)


def window_closed(title: str) -> str:
    return WINDOW_CLOSED.format(title=title)
