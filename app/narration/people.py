"""Reading the people found: gender and approximate age, where they are, how many."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vidimo.models.findings import Person
from vidimo.narration import phrases as ru
from vidimo.narration.options import NarrationOptions
from vidimo.narration.places import join_words, place
from vidimo.narration.russian import about_age, count, count_people, number_words

if TYPE_CHECKING:
    from vidimo.scene import Scene

#: Up to this many people are described one by one (more are summarised by gender).
PEOPLE_LISTED = {"brief": 1, "normal": 4, "full": 8}


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


def people_sentence(people: Sequence[Person], detail: str, width: int, height: int) -> str:
    """One sentence about everyone found («На изображении двое людей: …»); empty for nobody."""
    if not people:
        return ""
    if len(people) == 1:
        return ru.PEOPLE_ONE.format(person=describe_person(people[0]))
    total = count_people(len(people))
    if detail == "brief":
        return ru.PEOPLE_COUNT_ONLY.format(count=total)
    seen = sorted((p for p in people if p.face_box is not None), key=lambda p: (p.box[0], p.box[1]))
    hidden = len(people) - len(seen)
    if len(seen) <= PEOPLE_LISTED.get(detail, PEOPLE_LISTED["normal"]):
        items = [f"{describe_person(p)} {place(p.box, width, height)}" for p in seen]
        if hidden and not seen:
            return f"{ru.PEOPLE_COUNT_ONLY.format(count=total)[:-1]}, {ru.FACES_HIDDEN}."
        if hidden:
            what = ru.FACE_HIDDEN if hidden == 1 else ru.FACES_HIDDEN
            items.append(ru.MORE_HIDDEN.format(count=count_people(hidden), hidden=what))
        return ru.PEOPLE_MANY.format(count=total, list=join_words(items))
    genders = Counter(p.gender for p in seen)
    parts = [count(genders[g], ru.GROUP_NOUNS[g]) for g in ("male", "female") if genders[g]]
    if hidden:
        what = ru.FACE_HIDDEN if hidden == 1 else ru.FACES_HIDDEN
        parts.append(ru.GENDER_SUMMARY_HIDDEN.format(count=number_words(hidden, case="genitive"), hidden=what))
    return ru.PEOPLE_MANY.format(count=total, list=", ".join(parts))


def people_sentences(scene: Scene, options: NarrationOptions) -> list[str]:
    """The people stage's part of a description."""
    sentence = people_sentence(scene.people, scene.detail, scene.width, scene.height)
    return [sentence] if sentence else []
