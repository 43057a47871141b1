"""Repairing words that OCR read in the wrong alphabet.

Tesseract reads Russian and English at once, and many letters look alike in the two alphabets:
«user@дом» comes out as «изег@дом», «список.txt» as «список.тхт», the menu item «Описать» as
«Onucate». Each run of letters of a word is checked against the word frequencies of both
languages (``wordfreq``, offline): a run that is no word in its alphabet but is a common word when
its letters are read as their look-alikes in the other alphabet is replaced by that reading; a run
that mixes the alphabets takes the reading that is a word, or the alphabet most of its letters are in.
Russian words are known from pymorphy3's dictionary (every inflection), English ones from wordfreq.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

#: How Tesseract confuses letters: each letter, and what it may stand for in the other alphabet
#: (small Cyrillic letters often come out as Latin capitals: «KapTuHKn» for «Картинки»).
_CYRILLIC_AS_LATIN = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "tm",
    "у": "y", "х": "x", "и": "un", "п": "nh", "г": "r", "з": "s", "ь": "b", "ш": "w", "д": "g", "л": "n",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "П": "N", "З": "3", "І": "I", "і": "i",
}
_LATIN_AS_CYRILLIC = {
    "a": "а", "b": "ьв", "c": "с", "e": "е", "k": "к", "m": "мт", "n": "пли", "o": "о", "p": "р", "r": "г",
    "t": "т", "u": "и", "x": "х", "y": "у", "h": "н", "i": "і", "g": "д", "s": "з",
    "A": "А", "B": "Вв", "C": "С", "E": "Е", "H": "Нн", "K": "Кк", "M": "Мм", "N": "П", "O": "О", "P": "Р",
    "T": "Тт", "X": "Хх", "Y": "У",
}
#: A reading at least this common (Zipf scale: 3 is once per million words) counts as a word.
COMMON = 2.5
#: A letter's second or third look-alike is less likely than its first: each use costs this much.
UNLIKELY = 0.5
#: A word in its own alphabet is replaced only by a reading this much more common.
MARGIN = 1.0
#: At most this many readings of one run are tried (letters with several look-alikes multiply).
MAX_READINGS = 256
#: A run: letters, with the digits that stand among them («mp3»).
_RUN = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")


def _script(ch: str) -> str:
    if "а" <= ch.lower() <= "я" or ch.lower() in "ёі":
        return "ru"
    return "en" if ch.isascii() and ch.isalpha() else "other"


@lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3.MorphAnalyzer
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=20000)
def _zipf(word: str, language: str) -> float:
    """How common a word is (Zipf scale, 0 for unknown); Russian words pymorphy3 knows count as 1
    at least, so that a rare but real Russian word is never «repaired» into English."""
    from wordfreq import zipf_frequency

    if language == "ru":
        score = zipf_frequency(word, "ru", wordlist="small")
        return score or (1.0 if _morph().word_is_known(word.lower()) else 0.0)
    return zipf_frequency(word, "en", wordlist="large")


def warm_up() -> None:
    """Load the dictionaries now (about two seconds), not on the first word."""
    _zipf("проверка", "ru")
    _zipf("check", "en")


def _readings(run: str, table: dict[str, str]) -> list[tuple[str, int]]:
    """Readings of ``run`` with its letters taken as their look-alikes (letters without one stay),
    each with how many second-choice look-alikes it uses."""
    options = [[(c, rank) for rank, c in enumerate(table.get(ch, ch) or ch)] for ch in run]
    readings = []
    for combination in itertools.product(*options):
        readings.append(("".join(c for c, _ in combination), sum(rank > 0 for _, rank in combination)))
        if len(readings) >= MAX_READINGS:
            break
    return readings


def _best(readings: list[tuple[str, int]], language: str) -> tuple[float, str]:
    """The most likely reading that is a word: its frequency less the cost of unlikely look-alikes."""
    scored = [(_zipf(r.lower(), language) - UNLIKELY * unlikely, r) for r, unlikely in readings]
    scored = [(score, r) for score, r in scored if score > 0]
    return max(scored, default=(0.0, ""))


def _cased_like(word: str, original: str) -> str:
    """``word`` in the case the original run was meant to have: look-alike capitals inside a
    word («KapTuHKn») are small letters read large."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    return word[:1].upper() + word[1:].lower() if original[:1].isupper() else word.lower()


def repair_run(run: str) -> str:
    """One run of letters in the alphabet in which it is a word (unchanged when unsure)."""
    scripts = {_script(ch) for ch in run} - {"other"}
    if len(run) < 2 or not scripts:
        return run
    if scripts <= {"ru", "en"} and len(scripts) == 1:
        own, other, table = ("ru", "en", _CYRILLIC_AS_LATIN) if scripts == {"ru"} else ("en", "ru", _LATIN_AS_CYRILLIC)
        score, reading = _best(_readings(run, table), other)
        if score >= COMMON and score > _zipf(run.lower(), own) + MARGIN:
            return _cased_like(reading, run)
        return run
    # Both alphabets in one run: whichever full reading is a word, else the majority's alphabet.
    as_latin = _best(_readings(run, _CYRILLIC_AS_LATIN), "en")
    as_cyrillic = _best(_readings(run, _LATIN_AS_CYRILLIC), "ru")
    if max(as_latin[0], as_cyrillic[0]) > 0:
        return _cased_like(max(as_latin, as_cyrillic)[1], run)
    cyrillic_letters = sum(_script(ch) == "ru" for ch in run)
    table = _LATIN_AS_CYRILLIC if cyrillic_letters * 2 >= len(run) else _CYRILLIC_AS_LATIN
    return "".join(table.get(ch, ch)[:1] or ch for ch in run)


def repair(word: str) -> str:
    """A recognised word with each run of letters in the alphabet it belongs to:
    «изег@дом» → «user@дом», «список.тхт» → «список.txt», «Пpавка» → «Правка»."""
    return _RUN.sub(lambda match: repair_run(match.group()), word)
