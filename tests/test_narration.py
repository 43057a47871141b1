"""Narration is a pure function: hand-made scenes in, natural Russian out."""
from __future__ import annotations

import pytest

from vidimo.models.findings import Caption, Person, TextLine, UiElement
from vidimo.narration import narrate, place
from vidimo.narration.russian import about_age, count, count_people
from vidimo.scene import Scene


def face(box, gender, age):
    return Person(box, gender, age, 0.9, face_box=box)


def lines(*texts, block=0):
    return [TextLine(t, (10, 10 + 30 * i, 200, 30 + 30 * i), 0.9, block=block) for i, t in enumerate(texts)]


def test_two_people_and_text_read_like_the_example():
    scene = Scene(1000, 800, people=[face((50, 100, 300, 700), "male", 41), face((600, 100, 900, 700), "female", 29)],
                  texts=[TextLine("Выход", (10, 10, 100, 30), 0.95)])
    assert narrate(scene) == (
        "На изображении двое людей: мужчина около сорока лет слева и женщина около тридцати лет справа. "
        "Текст: «Выход»."
    )


@pytest.mark.parametrize(("n", "words"), [(1, "один человек"), (2, "двое людей"), (3, "трое людей"),
                                          (8, "восемь человек"), (21, "двадцать один человек"),
                                          (22, "двадцать два человека"), (25, "двадцать пять человек")])
def test_people_counts_agree(n, words):
    assert count_people(n) == words


@pytest.mark.parametrize(("n", "noun", "words"), [(1, "строка", "одна строка"), (2, "строка", "две строки"),
                                                  (5, "строка", "пять строк"), (11, "строка", "одиннадцать строк"),
                                                  (2, "кнопка", "две кнопки"), (3, "мужчина", "три мужчины"),
                                                  (5, "мужчина", "пять мужчин"), (2, "флажок", "два флажка")])
def test_numbers_agree_with_nouns(n, noun, words):
    assert count(n, noun) == words


@pytest.mark.parametrize(("age", "words"), [(1, "около одного года"), (3, "около трёх лет"), (7, "около семи лет"),
                                            (41, "около сорока лет"), (33, "около тридцати пяти лет"),
                                            (100, "около ста лет")])
def test_ages_in_words(age, words):
    assert about_age(age) == words


def test_children_and_unknown_gender_have_their_own_words():
    scene = Scene(1000, 800, people=[face((0, 0, 100, 100), "female", 7)])
    assert narrate(scene) == "На изображении девочка около семи лет."
    hidden = Scene(1000, 800, people=[Person((0, 0, 100, 400), None, None, 0.8)] * 3)
    assert narrate(hidden) == "На изображении трое людей, лица не видны."


def test_brief_mode_counts_and_truncates_text():
    scene = Scene(1000, 800, detail="brief",
                  people=[face((0, 0, 10, 10), "male", 30), face((500, 0, 510, 10), "female", 30)],
                  texts=lines(*[f"Строка {i}" for i in range(10)]))
    text = narrate(scene)
    assert text == "На изображении двое людей. Текст: «Строка 0». «Строка 1». «Строка 2», и ещё семь строк."
    assert text.endswith("и ещё семь строк.")
    assert "Строка 3" not in text


def test_full_mode_reads_every_line_with_places():
    scene = Scene(1200, 900, detail="full",
                  texts=lines("Заголовок", block=0) + [TextLine("Внизу справа", (1000, 850, 1190, 880), 0.9, block=1)])
    text = narrate(scene)
    assert "Слева вверху: «Заголовок»." in text
    assert "Справа внизу: «Внизу справа»." in text


def test_many_people_are_summarised_by_gender():
    people = [face((i * 10, 0, i * 10 + 5, 5), "male", 30) for i in range(5)]
    people += [face((500 + i, 0, 505 + i, 5), "female", 30) for i in range(2)]
    people.append(Person((900, 0, 950, 100), None, None, 0.7))
    assert narrate(Scene(1000, 800, people=people)) == (
        "На изображении восемь человек: пять мужчин, две женщины, у одного лицо не видно."
    )


@pytest.mark.parametrize(("box", "words"), [((0, 0, 10, 10), "слева вверху"), ((450, 350, 550, 450), "в центре"),
                                            ((900, 700, 1000, 800), "справа внизу"), ((450, 0, 550, 50), "вверху по центру")])
def test_places_in_words(box, words):
    assert place(box, 1000, 800) == words


def test_interface_elements_are_grouped_with_states():
    elements = [UiElement("checkbox", (10, 10, 30, 30), "Запомнить меня", "checked", 0.9),
                UiElement("button", (10, 100, 80, 130), "Да", None, 0.9),
                UiElement("button", (100, 100, 180, 130), "Нет", None, 0.9)]
    text = narrate(Scene(400, 300, ui_elements=elements))
    assert "Флажок «Запомнить меня» отмечен." in text
    assert "Кнопки: «Да», «Нет»." in text


def test_caption_confidence_threshold():
    sure = Scene(400, 300, caption=Caption("a cat", "Кошка на диване", 0.8))
    assert narrate(sure) == "Кошка на диване."
    unsure = Scene(400, 300, caption=Caption("a cat", "Кошка на диване", 0.5))
    assert narrate(unsure) == "Не удалось уверенно распознать, что на изображении."
    unsure.detail = "brief"
    assert narrate(unsure) == "Кошка на диване. Возможно, описание неточно."


def test_nothing_found_and_warnings_are_said():
    scene = Scene(400, 300, warnings=["Не скачана модель «X»."])
    assert narrate(scene) == "На изображении не найдено ни текста, ни людей. Не скачана модель «X»."


def test_full_mode_names_a_place_once_for_neighbouring_blocks():
    scene = Scene(1200, 900, detail="full",
                  texts=lines("Первый", block=0) + [TextLine("Второй", (10, 120, 200, 140), 0.9, block=1)])
    assert narrate(scene) == "Текст, две строки. Слева вверху: «Первый». «Второй»."
