"""What a window holds, as a list to walk and search, and where to click each entry (no Qt).

:func:`entries` turns a :class:`~vidimo.scene.Scene` into the entries of the «Элементы окна» list:
the interface elements in reading order, then the text not used as a label. :func:`entry_text`
reads an entry in Russian («Флажок «Почта», не отмечен»), :func:`filter_entries` keeps the ones a
typed word names (by label or kind, best first), :func:`find` matches a word to elements and to
single words of text lines, and :func:`click_point` says which pixel a click should land on (a
checkbox's or radio's indicator, a field's inside). Pure functions of the scene, tested without Qt.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidimo.models.findings import Box, TextLine, UiElement
from vidimo.narration import phrases as ru
from vidimo.narration.places import place

if TYPE_CHECKING:
    from vidimo.scene import Scene

#: «Элементы окна «Выбор»: 8» — said when the list opens.
LIST_TITLE = "Элементы окна «{title}»: {count}"
LIST_TITLE_SCREEN = "Элементы экрана: {count}"
LIST_EMPTY = "В окне «{title}» не найдено ни одного элемента."
POSITION = "{text}, {index} из {total}"
TEXT_NOUN = "текст"
WHERE = "{text}, {place}"
NOT_FOUND = "«{query}» не найдено."
#: Kinds whose click lands on the square or circle at the left of the box.
INDICATORS = ("checkbox", "radio")
#: Elements first, by rows (tops closer than this many pixels are one row), then text.
ROW_TOLERANCE = 8

_EDGE_JUNK = "|[]{}()<>_—–-•·:;,.!?/\\\"'«»~`^*#=+ \t"
#: Latin letters OCR gives for Cyrillic ones that look the same (and the reverse, when typed):
#: both sides of a match are folded to Cyrillic, so «OK» typed finds a button read as «ок».
_HOMOGLYPHS = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_WORD = re.compile(r"[\wё]+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    """One entry of the list: an interface element or a line of text, with its box in the image."""

    kind: str
    box: Box
    label: str
    element: UiElement | None = None
    line: TextLine | None = None

    @property
    def is_field(self) -> bool:
        """A text field: a click leaves the focus in it for typing."""
        return self.kind == "text_field"


def clean_label(text: str | None) -> str:
    """A label without what OCR adds at its edges: «| Почта» → «Почта», «Имя:» → «Имя»."""
    if not text:
        return ""
    text = " ".join(text.split())
    start = 0
    while start < len(text) and not text[start].isalnum():
        start += 1
    end = len(text)
    while end > start and text[end - 1] in _EDGE_JUNK and text[end - 1] not in "?!)»":
        end -= 1
    return text[start:end]


def fold(text: str) -> str:
    """Text as it is compared: lower case, «ё» as «е», Latin look-alikes as Cyrillic."""
    return text.casefold().replace("ё", "е").translate(_HOMOGLYPHS)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _reading_order(elements: Sequence[UiElement]) -> list[UiElement]:
    rows: list[list[UiElement]] = []
    for element in sorted(elements, key=lambda e: (e.box[1], e.box[0])):
        if rows and abs(element.box[1] - rows[-1][0].box[1]) <= ROW_TOLERANCE:
            rows[-1].append(element)
        else:
            rows.append([element])
    return [element for row in rows for element in sorted(row, key=lambda e: e.box[0])]


def entries(scene: Scene) -> list[Entry]:
    """The list's entries: elements in reading order, then text lines not used as labels."""
    found = [Entry(e.type, e.box, clean_label(e.label), element=e) for e in _reading_order(scene.ui_elements)]
    for index, line in enumerate(scene.texts):
        if index not in scene.label_lines and clean_label(line.text):
            found.append(Entry("text", line.box, " ".join(line.text.split()), line=line))
    return found


def noun(kind: str) -> str:
    """The Russian noun for an entry's kind: «флажок», «текст»."""
    return TEXT_NOUN if kind == "text" else ru.UI_TYPE_NOUNS.get(kind, kind.replace("_", " "))


def entry_text(entry: Entry) -> str:
    """How an entry reads: «Флажок «Почта», не отмечен», «Поле «Имя», пусто», «Текст «…»»."""
    name = f"«{entry.label}»" if entry.label else ru.UI_UNLABELED
    parts = [f"{noun(entry.kind).capitalize()} {name}"]
    element = entry.element
    if element is not None:
        states = ru.RADIO_STATES if entry.kind == "radio" else ru.UI_STATES
        if element.state in states:
            parts.append(states[element.state])
        if entry.kind in ("text_field", "dropdown"):
            if element.state == "password":
                parts.append(ru.FIELD_PASSWORD)
            else:
                parts.append(f"«{element.value}»" if element.value else ru.FIELD_EMPTY)
    return ", ".join(parts)


def spoken(entry: Entry, index: int, total: int) -> str:
    """An entry as the list reads it, with its place in the list: «…, 3 из 12» (1-based)."""
    return POSITION.format(text=entry_text(entry), index=index, total=total)


def list_title(title: str | None, total: int) -> str:
    """What is said when the list opens: «Элементы окна «Выбор»: 8»."""
    if title:
        return LIST_TITLE.format(title=title, count=total)
    return LIST_TITLE_SCREEN.format(count=total)


def _score_words(query: list[str], target: list[str]) -> int | None:
    """0: the words are the target's words; 1: each starts a target word in order of the target;
    2: each starts some target word. ``None``: some query word starts no target word."""
    if not query:
        return 2
    if query == target:
        return 0
    starts = [next((i for i, word in enumerate(target) if word.startswith(q)), None) for q in query]
    if any(i is None for i in starts):
        return None
    return 1 if starts == sorted(starts) and starts[0] == 0 else 2


def match_score(entry: Entry, query: str) -> int | None:
    """How well a typed text names an entry (lower is better), or ``None`` when it does not.

    Every typed word must start a word of the label (or value), or of the kind's noun: «поч»
    finds «Почта», «флаж» every checkbox, «OK» the button read «ок», but «ок» is not «флажок».
    """
    query_words = words(query)
    if not query_words:
        return 3
    label = words(entry.label)
    value = words(entry.element.value or "") if entry.element is not None and entry.element.state != "password" else []
    kind = words(noun(entry.kind))
    best = None
    for target, offset in ((label, 0), (value, 3), (kind + label, 3)):
        score = _score_words(query_words, target)
        if score is not None:
            best = score + offset if best is None else min(best, score + offset)
    return best


def filter_entries(found: Sequence[Entry], query: str) -> list[Entry]:
    """The entries a typed text names, best first (ties in list order); all for an empty text."""
    if not query.strip():
        return list(found)
    scored = [(score, i, e) for i, e in enumerate(found) if (score := match_score(e, query)) is not None]
    return [e for _, _, e in sorted(scored, key=lambda t: (t[0], t[1]))]


@dataclass(frozen=True)
class Match:
    """A place on the screen a searched word names: the entry, and the box to point at (a single
    word's box when the word is part of a longer text line)."""

    entry: Entry
    box: Box
    score: float


def _similar(query: str, word: str) -> float:
    return difflib.SequenceMatcher(None, query, word).ratio()


def find(scene: Scene, query: str) -> list[Match]:
    """Places a searched word names, best first: elements named by it, then words of text lines
    (exact, then starting with it, then alike — OCR misreads a letter or two)."""
    query_words = words(query)
    if not query_words:
        return []
    matches: list[Match] = []
    for entry in entries(scene):
        if entry.line is None:
            score = match_score(entry, query)
            if score is not None and score < 3:
                matches.append(Match(entry, entry.box, float(score)))
            continue
        line_words = [(w, box) for text, box in entry.line.words for w in words(text)] or \
                     [(w, entry.box) for w in words(entry.line.text)]
        plain = [w for w, _ in line_words]
        if _score_words(query_words, plain) == 0:
            matches.append(Match(entry, entry.box, 0.5))
            continue
        best: tuple[float, Box] | None = None
        for i, (word, box) in enumerate(line_words):
            group = [w for w, _ in line_words[i:i + len(query_words)]]
            if group == query_words:
                score = 1.0
            elif len(group) == len(query_words) and all(g.startswith(q) for g, q in zip(group, query_words)):
                score = 2.0
            elif len(query_words) == 1 and len(query_words[0]) >= 4 and _similar(query_words[0], word) >= 0.8:
                score = 3.0 + (1 - _similar(query_words[0], word))
            else:
                continue
            boxes = [b for _, b in line_words[i:i + len(query_words)]]
            whole = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                     max(b[3] for b in boxes))
            if best is None or score < best[0]:
                best = (score, whole)
        if best is not None:
            matches.append(Match(entry, best[1], best[0] + 0.5))
    return sorted(matches, key=lambda m: m.score)


def where(match: Match, width: int, height: int) -> str:
    """«Кнопка «Сохранить», справа внизу»."""
    return WHERE.format(text=entry_text(match.entry), place=place(match.box, width, height))


def click_point(entry: Entry, box: Box | None = None) -> tuple[int, int]:
    """The pixel a click on the entry lands on: the centre of its box, except for a checkbox or
    radio drawn with its label in one wide box, where it is the indicator at the box's left."""
    x1, y1, x2, y2 = box or entry.box
    height = y2 - y1
    if entry.kind in INDICATORS and (x2 - x1) > 1.6 * height:
        return x1 + height // 2, (y1 + y2) // 2
    return (x1 + x2) // 2, (y1 + y2) // 2


def indicator_box(entry: Entry) -> Box:
    """The inside of a checkbox's or radio's indicator (where the tick or dot is drawn)."""
    x1, y1, x2, y2 = entry.box
    side = min(x2 - x1, y2 - y1)
    if entry.kind in INDICATORS and (x2 - x1) > 1.6 * (y2 - y1):
        x2 = x1 + side
    inset = max(1, side // 4)
    return x1 + inset, y1 + inset, max(x1 + inset + 1, x2 - inset), max(y1 + inset + 1, y2 - inset)


def under(scene: Scene, x: int, y: int, margin: int = 3) -> Entry | None:
    """The entry under an image pixel: the smallest control holding it; else the text line there
    (the control it labels, when it is a label); else a picture or icon."""
    def holds(box: Box) -> bool:
        return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin

    listed = entries(scene)
    elements = [e for e in listed if e.element is not None and holds(e.box)]
    controls = [e for e in elements if e.kind not in ("icon", "image")]
    if controls:
        return min(controls, key=lambda e: (e.box[2] - e.box[0]) * (e.box[3] - e.box[1]))
    for line in scene.texts:
        if holds(line.box) and clean_label(line.text):
            text = fold(clean_label(line.text))
            labelled = next((e for e in listed if e.element is not None and e.label and fold(e.label) == text), None)
            return labelled or Entry("text", line.box, " ".join(line.text.split()), line=line)
    return min(elements, key=lambda e: (e.box[2] - e.box[0]) * (e.box[3] - e.box[1])) if elements else None


def not_found(query: str) -> str:
    return NOT_FOUND.format(query=" ".join(query.split()))
