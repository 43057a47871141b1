"""Turning a :class:`Scene` into natural Russian: a pure function, no models, no I/O.

Order: the scene caption, the people, the interface, the text (in reading order),
then what could not be done. ``brief`` keeps counts and the first lines,
``normal`` is the everyday level, ``full`` reads everything with places.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from vidimo.models.findings import Box, Person, TextLine, union
from vidimo.narration import phrases as ru
from vidimo.narration.interface import interface_sentences, is_interface
from vidimo.narration.russian import about_age, count, count_people, number_words
from vidimo.scene import Scene

#: Text lines read at each detail level (``None``: all of them).
TEXT_LIMITS = {"brief": 3, "normal": 15, "full": None}
#: Up to this many people are described one by one (more are summarised by gender).
PEOPLE_LISTED = {"brief": 1, "normal": 4, "full": 8}


def place(box: Box, width: int, height: int) -> str:
    """Where a box is, in words: «слева вверху», «в центре», «справа внизу»."""
    cx = (box[0] + box[2]) / 2 / max(1, width)
    cy = (box[1] + box[3]) / 2 / max(1, height)
    horizontal = "left" if cx < 1 / 3 else "right" if cx > 2 / 3 else "centre"
    vertical = "top" if cy < 1 / 3 else "bottom" if cy > 2 / 3 else "middle"
    return ru.PLACES[(vertical, horizontal)]


def _age_group(age: int | None) -> str:
    if age is None or age >= 18:
        return "adult"
    return "child" if age < 14 else "teen"


def describe_person(person: Person) -> str:
    """«мужчина около сорока лет», «девочка около семи лет», «человек, лицо не видно»."""
    word = ru.PERSON_WORDS[(person.gender, _age_group(person.age))]
    if person.age is not None:
        return f"{word} {about_age(person.age)}"
    if person.face_box is None:
        return f"{word}, {ru.FACE_HIDDEN}"
    return word


def _join(items: Sequence[str]) -> str:
    """«a», «a и b», «a, b и c»."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {ru.AND} {items[-1]}"


def _people_sentence(people: Sequence[Person], detail: str, width: int, height: int) -> str:
    if not people:
        return ""
    if len(people) == 1:
        return ru.PEOPLE_ONE.format(person=describe_person(people[0]))
    total = count_people(len(people))
    if detail == "brief":
        return ru.PEOPLE_COUNT_ONLY.format(count=total)
    seen = sorted((p for p in people if p.face_box is not None), key=lambda p: (p.box[0], p.box[1]))
    hidden = len(people) - len(seen)
    if len(seen) <= PEOPLE_LISTED[detail]:
        items = [f"{describe_person(p)} {place(p.box, width, height)}" for p in seen]
        if hidden and not seen:
            return f"{ru.PEOPLE_COUNT_ONLY.format(count=total)[:-1]}, {ru.FACES_HIDDEN}."
        if hidden:
            what = ru.FACE_HIDDEN if hidden == 1 else ru.FACES_HIDDEN
            items.append(ru.MORE_HIDDEN.format(count=count_people(hidden), hidden=what))
        return ru.PEOPLE_MANY.format(count=total, list=_join(items))
    genders = Counter(p.gender for p in seen)
    parts = [count(genders[g], ru.GROUP_NOUNS[g]) for g in ("male", "female") if genders[g]]
    if hidden:
        what = ru.FACE_HIDDEN if hidden == 1 else ru.FACES_HIDDEN
        parts.append(ru.GENDER_SUMMARY_HIDDEN.format(count=number_words(hidden, case="genitive"), hidden=what))
    return ru.PEOPLE_MANY.format(count=total, list=", ".join(parts))


def _quote(line: TextLine) -> str:
    text = " ".join(line.text.split())
    return f"«{text}»" if text[-1:] in ".!?…" else f"«{text}»."


def _text_sentences(texts: Sequence[TextLine], detail: str, width: int, height: int) -> list[str]:
    lines = [t for t in texts if t.text.strip()]
    if not lines:
        return []
    limit = TEXT_LIMITS[detail]
    shown = lines if limit is None else lines[:limit]
    rest = len(lines) - len(shown)
    if detail == "full":
        blocks: dict[int, list[TextLine]] = defaultdict(list)
        for line in shown:
            blocks[line.block].append(line)
        head = ru.TEXT_MANY.format(count=count(len(lines), ru.LINE_NOUN), lines="").rstrip(": ") + "."
        sentences = [head] if len(lines) > 1 else []
        previous_place = None
        for block in blocks.values():
            quoted = " ".join(_quote(l) for l in block)
            where = place(union([l.box for l in block]), width, height)
            if len(blocks) > 1 and where != previous_place:
                sentences.append(ru.TEXT_BLOCK.format(place=where.capitalize(), lines=quoted))
            elif len(lines) == 1:
                sentences.append(ru.TEXT_ONE.format(lines=quoted))
            else:
                sentences.append(quoted)
            previous_place = where
        return sentences
    quoted = " ".join(_quote(l) for l in shown)
    if len(lines) == 1:
        sentence = ru.TEXT_ONE.format(lines=quoted)
    else:
        sentence = ru.TEXT_MANY.format(count=count(len(lines), ru.LINE_NOUN), lines=quoted)
    if rest:
        sentence = f"{sentence[:-1]}, {ru.TEXT_MORE.format(count=count(rest, ru.LINE_NOUN))}"
    return [sentence]


def _caption_sentences(scene: Scene, threshold: float) -> list[str]:
    caption = scene.caption
    if caption is None or not (caption.ru or caption.en):
        return []
    text = (caption.ru or caption.en).strip()
    if text and text[-1] not in ".!?…":
        text += "."
    if caption.confidence >= threshold:
        return [ru.CAPTION.format(caption=text)]
    if scene.detail == "brief":
        return [ru.CAPTION.format(caption=text), ru.CAPTION_UNSURE_SUFFIX]
    return [ru.CAPTION_UNRELIABLE]


def narrate(scene: Scene, *, caption_threshold: float = 0.64) -> str:
    """The Russian description of ``scene`` at ``scene.detail``; never empty."""
    detail = scene.detail if scene.detail in TEXT_LIMITS else "normal"
    sentences: list[str] = []
    sentences += _caption_sentences(scene, caption_threshold)
    people = _people_sentence(scene.people, detail, scene.width, scene.height)
    if people:
        sentences.append(people)
    if is_interface(scene.ui_elements):
        free = [line for i, line in enumerate(scene.texts) if i not in scene.label_lines]
        sentences += interface_sentences(
            scene.ui_elements, free, detail,
            lambda lines: _text_sentences(lines, detail, scene.width, scene.height))
    else:
        sentences += _text_sentences(scene.texts, detail, scene.width, scene.height)
    if not sentences:
        sentences.append(ru.NOTHING_FOUND)
    sentences += scene.warnings
    return " ".join(sentences)
