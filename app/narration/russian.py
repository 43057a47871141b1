"""Russian grammar for narration: numbers in words, nouns agreeing with numbers, ages.

pymorphy3 inflects nouns; num2words spells numbers in the needed case and gender.
"""
from __future__ import annotations

from functools import lru_cache

from num2words import num2words

#: Counting forms pymorphy3 gets wrong (it gives «пять людей», «пять годов»): 1, 2–4, 5+.
_COUNT_FORMS = {
    "человек": ("человек", "человека", "человек"),
    "год": ("год", "года", "лет"),
}
#: Collective numerals used for people: «двое людей», «трое людей».
_COLLECTIVE = {2: "двое", 3: "трое", 4: "четверо", 5: "пятеро", 6: "шестеро", 7: "семеро"}


@lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3 analyzer
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _plural_class(number: int) -> int:
    """0 for «один», 1 for «два–четыре», 2 for «пять и больше» (Russian counting rules)."""
    if number % 10 == 1 and number % 100 != 11:
        return 0
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return 1
    return 2


def agree(noun: str, number: int) -> str:
    """``noun`` in the form that follows ``number``: agree("строка", 5) → «строк»."""
    if noun in _COUNT_FORMS:
        return _COUNT_FORMS[noun][_plural_class(number)]
    inflected = _noun(noun).make_agree_with_number(number)
    return inflected.word if inflected is not None else noun


def _noun(word: str):  # noqa: ANN202 - pymorphy3 Parse
    """The parse of ``word`` as a noun in its dictionary form («поле», not a form of «пол»)."""
    parses = _morph().parse(word)
    for parse in parses:
        if parse.normal_form == word and "NOUN" in parse.tag and "nomn" in parse.tag:
            return parse
    return parses[0]


def gender_of(noun: str) -> str:
    """Grammatical gender of a noun: ``m``, ``f`` or ``n``."""
    tag = _noun(noun).tag
    return {"masc": "m", "femn": "f", "neut": "n"}.get(tag.gender or "masc", "m")


def number_words(number: int, *, gender: str = "m", case: str = "nominative") -> str:
    """A number spelled out: number_words(2, gender="f") → «две»; case="genitive" → «двух»."""
    return num2words(number, lang="ru", gender=gender, case=case)


def count(number: int, noun: str) -> str:
    """«пять строк», «одна строка», «две кнопки»: a number in words with its noun."""
    return f"{number_words(number, gender=gender_of(noun))} {agree(noun, number)}"


def count_people(number: int) -> str:
    """«один человек», «двое людей», «семеро людей», «двенадцать человек»."""
    if number in _COLLECTIVE:
        return f"{_COLLECTIVE[number]} людей"
    return count(number, "человек")


def rounded_age(age: int) -> int:
    """Ages are estimates: children keep their year, others round to five years."""
    if age < 10:
        return max(1, age)
    return int(5 * round(age / 5))


def about_age(age: int) -> str:
    """«около сорока лет», «около трёх лет», «около одного года»."""
    years = rounded_age(age)
    noun = "года" if _plural_class(years) == 0 else "лет"  # genitive after «около»
    return f"около {number_words(years, case='genitive')} {noun}"
