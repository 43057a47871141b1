"""Lines in the order a person reads them; noise and duplicates gone."""
from __future__ import annotations

from vidimo.models.findings import TextLine
from vidimo.models.text.layout import deduplicate, is_meaningful, ordered_lines, words_to_lines


def line(text, x, y, w=200, h=16, conf=0.9):
    return TextLine(text, (x, y, x + w, y + h), conf)


def test_two_columns_are_read_one_after_the_other():
    left = [line(f"Левая {i}", 50, 100 + 24 * i) for i in range(4)]
    right = [line(f"Правая {i}", 700, 100 + 24 * i) for i in range(4)]
    title = line("Заголовок во всю ширину", 50, 20, w=900)
    order = [l.text for l in ordered_lines(right + left[::-1] + [title])]
    assert order == ["Заголовок во всю ширину"] + [f"Левая {i}" for i in range(4)] + [f"Правая {i}" for i in range(4)]


def test_blocks_are_numbered_in_reading_order():
    paragraph_one = [line("Один", 50, 100), line("Два", 50, 120)]
    paragraph_two = [line("Три", 50, 300), line("Четыре", 50, 320)]
    result = ordered_lines(paragraph_two + paragraph_one)
    assert [(l.text, l.block) for l in result] == [("Один", 0), ("Два", 0), ("Три", 1), ("Четыре", 1)]


def test_words_join_into_lines_but_distant_words_do_not():
    words = [line("Сохранить", 10, 10, w=90), line("файл", 106, 11, w=40), line("Отмена", 600, 10, w=60)]
    assert sorted(l.text for l in words_to_lines(words)) == ["Отмена", "Сохранить файл"]


def test_duplicates_keep_the_more_confident_copy():
    kept = deduplicate([line("Привет", 10, 10, conf=0.6), line("Привет", 11, 10, conf=0.95), line("Привет", 10, 400)])
    assert len(kept) == 2 and max(l.confidence for l in kept) == 0.95


def test_recogniser_noise_is_dropped():
    assert not is_meaningful(line("§", 0, 0))
    assert not is_meaningful(line("|{ ;", 0, 0))
    assert not is_meaningful(line("ab", 0, 0, conf=0.5))
    assert is_meaningful(line("OK", 0, 0, conf=0.95))
    assert is_meaningful(line("Файл", 0, 0))


def test_tightly_spaced_lines_keep_their_order():
    """Boxes taller than the line pitch (large fonts) overlap; order must still follow the page."""
    lines = [line(f"Строка {i}", 28, 234 + 28 * i, h=31) for i in range(6)]
    assert [l.text for l in ordered_lines(lines[::-1])] == [f"Строка {i}" for i in range(6)]


def test_words_on_one_row_read_left_to_right():
    row = [line("справа", 400, 101), line("слева", 10, 100), line("центр", 200, 99)]
    assert [l.text for l in ordered_lines(row)] == ["слева", "центр", "справа"]
