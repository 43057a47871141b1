"""Words OCR read in the wrong alphabet are repaired by the dictionaries of both languages."""
from __future__ import annotations

import pytest

from vidimo.models.text.scripts import repair


@pytest.mark.parametrize(("read", "meant"), [
    ("изег@дом:~$", "user@дом:~$"),      # a terminal prompt read as Russian
    ("список.тхт", "список.txt"),        # a Russian file name with an English extension
    ("чек.тр3", "чек.mp3"),
    ("договор.рdf", "договор.pdf"),      # one run in two alphabets
    ("Пpавка", "Правка"),
    ("KapTuHKn", "Картинки"),            # small Cyrillic letters read as Latin capitals
    ("Nanku", "Папки"),                  # the likelier look-alike wins over the more common word
    ("aKT.zip", "акт.zip"),
    ("Моиsераd", "Mousepad"),
])
def test_words_read_in_the_wrong_alphabet_are_repaired(read, meant):
    assert repair(read) == meant


@pytest.mark.parametrize("word", ["Справка", "Кадрированная", "user", "OK", "ОК", "мама", "нет", "Файл",
                                  "Chromium", "cat", "вывод", "12:30", "ёлка", "x"])
def test_real_words_stay_as_they_are(word):
    assert repair(word) == word
