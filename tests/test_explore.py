"""The elements list, search and «what changed», as pure functions of hand-made scenes (no Qt)."""
from __future__ import annotations

from dataclasses import replace

from PIL import Image

from vidimo import changes, explore
from vidimo.models.findings import TextLine, UiElement
from vidimo.scene import Scene

# A zenity checklist as the pipeline reads it (labels with the OCR junk it really gives).
CHECKLIST = [
    UiElement("checkbox", (19, 83, 37, 101), "| Почта", "unchecked", 0.5),
    UiElement("checkbox", (19, 106, 36, 124), "Календарь", "checked", 0.6),
    UiElement("checkbox", (20, 130, 37, 147), "|] Заметки", "unchecked", 0.7),
    UiElement("button", (118, 176, 205, 210), "Cancel", None, 0.85),
    UiElement("button", (207, 177, 293, 210), "ок", None, 0.9),
]
LINES = [TextLine("Что включить?", (14, 36, 117, 46), 0.9),
         TextLine("[ | Почта", (20, 86, 88, 98), 0.9),
         TextLine("Календарь", (48, 111, 122, 123), 0.9),
         TextLine("| |] Заметки", (20, 132, 106, 144), 0.9)]


def checklist(elements=CHECKLIST, texts=LINES) -> Scene:
    return Scene(302, 221, ui_elements=list(elements), texts=list(texts), label_lines={1, 2, 3})


def test_entries_read_in_order_with_state_and_position():
    found = explore.entries(checklist())
    assert [explore.entry_text(e) for e in found] == [
        "Флажок «Почта», не отмечен", "Флажок «Календарь», отмечен", "Флажок «Заметки», не отмечен",
        "Кнопка «Cancel»", "Кнопка «ок»", "Текст «Что включить?»"]
    assert explore.spoken(found[2], 3, 12) == "Флажок «Заметки», не отмечен, 3 из 12"
    assert explore.list_title("Выбор", 6) == "Элементы окна «Выбор»: 6"


def test_fields_radios_and_passwords_read_their_state_never_a_password():
    scene = Scene(400, 300, ui_elements=[
        UiElement("text_field", (80, 10, 250, 40), "Имя:", None, 0.9, value="Иван"),
        UiElement("text_field", (80, 50, 250, 80), "Пароль", "password", 0.9),
        UiElement("text_field", (80, 90, 250, 120), "Город", None, 0.9),
        UiElement("radio", (10, 130, 28, 148), "Быстро", "checked", 0.9),
        UiElement("button", (10, 200, 90, 230), None, None, 0.9)])
    assert [explore.entry_text(e) for e in explore.entries(scene)] == [
        "Поле «Имя», «Иван»", "Поле «Пароль», пароль скрыт", "Поле «Город», пусто",
        "Переключатель «Быстро», выбран", "Кнопка без подписи"]


def test_filter_by_label_and_kind_best_first():
    found = explore.entries(checklist())
    texts = lambda query: [explore.entry_text(e) for e in explore.filter_entries(found, query)]  # noqa: E731
    assert texts("Почта") == ["Флажок «Почта», не отмечен"]
    assert texts("зам") == ["Флажок «Заметки», не отмечен"]
    assert texts("флажок") == ["Флажок «Почта», не отмечен", "Флажок «Календарь», отмечен",
                               "Флажок «Заметки», не отмечен"]
    # Typed in Latin, read by OCR in Cyrillic; «ок» does not find every «флажок».
    assert texts("OK") == ["Кнопка «ок»"]
    assert texts("кнопка ok") == ["Кнопка «ок»"]
    assert texts("ёлка") == []
    assert len(texts("")) == 6


def test_click_lands_on_the_indicator_of_a_wide_checkbox_and_inside_a_field():
    wide = explore.Entry("checkbox", (10, 100, 200, 120), "Почта")
    assert explore.click_point(wide) == (20, 110)
    square = explore.Entry("checkbox", (19, 83, 37, 101), "Почта")
    assert explore.click_point(square) == (28, 92)
    field = explore.Entry("text_field", (80, 10, 250, 40), "Имя")
    assert explore.click_point(field) == (165, 25)


def test_find_prefers_an_element_then_a_word_of_a_text_line_with_its_box():
    scene = Scene(1000, 600, ui_elements=[
        UiElement("button", (800, 520, 900, 560), "Сохранить", None, 0.9)],
        texts=[TextLine("Сохранить", (810, 530, 890, 550), 0.9),
               TextLine("Файл будет сохранён в папке Документы", (100, 100, 500, 120), 0.9,
                        words=(("Файл", (100, 100, 140, 120)), ("будет", (145, 100, 190, 120)),
                               ("сохранён", (195, 100, 280, 120)), ("в", (285, 100, 295, 120)),
                               ("папке", (300, 100, 350, 120)), ("Документы", (355, 100, 500, 120))))],
        label_lines={0})
    matches = explore.find(scene, "сохранить")
    assert explore.where(matches[0], scene.width, scene.height) == "Кнопка «Сохранить», справа внизу"
    documents = explore.find(scene, "документы")
    assert documents[0].box == (355, 100, 500, 120)
    assert explore.where(documents[0], scene.width, scene.height).endswith("вверху по центру")
    # OCR misread a letter: still found, after exact matches.
    assert explore.find(scene, "Докуменгы")[0].box == (355, 100, 500, 120)
    assert explore.find(scene, "корзина") == []


def test_under_the_pointer_a_control_else_the_control_its_label_names_else_text():
    scene = checklist()
    assert explore.entry_text(explore.under(scene, 250, 190)) == "Кнопка «ок»"
    assert explore.entry_text(explore.under(scene, 70, 92)) == "Флажок «Почта», не отмечен"
    assert explore.entry_text(explore.under(scene, 60, 40)) == "Текст «Что включить?»"
    assert explore.under(scene, 290, 20) is None


def test_a_ticked_box_is_said_and_nothing_else():
    before = checklist()
    ticked = [replace(CHECKLIST[0], state="checked", label="Почта"), *CHECKLIST[1:]]
    after = checklist(ticked)
    assert changes.differences(before, after) == ["Флажок «Почта» отмечен."]
    assert changes.changes_sentence(before, before) == "Ничего не изменилось."


def test_a_field_typed_into_a_new_button_and_new_text_are_said():
    before = Scene(400, 300, ui_elements=[UiElement("text_field", (80, 10, 250, 40), "Имя", None, 0.9)],
                   texts=[TextLine("Имя", (10, 15, 60, 35), 0.9)], label_lines={0})
    after = Scene(400, 300, ui_elements=[
        UiElement("text_field", (80, 11, 251, 40), "Имя", None, 0.9, value="Иван"),
        UiElement("button", (300, 250, 390, 290), "Готово", None, 0.9)],
        texts=[TextLine("Имя", (10, 15, 60, 35), 0.9), TextLine("Сохранено", (10, 200, 120, 220), 0.9)],
        label_lines={0})
    assert changes.differences(before, after) == [
        "Поле «Имя»: «Иван».", "Появилось: кнопка «Готово».", "Новый текст: «Сохранено»."]


def test_a_label_read_a_little_differently_is_not_a_change_and_a_gone_button_is_said():
    before = checklist()
    reread = [replace(CHECKLIST[2], label="| Заметкн"), *CHECKLIST[:2], CHECKLIST[3]]
    assert changes.differences(before, checklist(reread)) == ["Исчезло: кнопка «ок»."]


def test_window_sentences():
    assert changes.window_opened("Сохранение") == "Открылось окно «Сохранение»."
    assert changes.window_closed("Выбор") == "Окно «Выбор» закрылось."


def test_shot_maps_image_pixels_to_the_screen_with_origin_and_scale():
    from vidimo.shell.capture import Rect, Shot

    plain = Shot(Image.new("RGB", (300, 200)), Rect(1920, 100, 300, 200))
    assert plain.to_screen(10, 20) == (1930, 120) and plain.scale == 1
    # A Retina-like capture: two image pixels per mouse unit.
    dense = Shot(Image.new("RGB", (600, 400)), Rect(-800, 0, 300, 200))
    assert dense.to_screen(100, 50) == (-750, 25)
    assert dense.to_image(-750, 25) == (100, 50)
    assert dense.screen_box((0, 0, 60, 40)).width == 30


def test_unchanged_ignores_a_caret_but_not_a_tick():
    from PIL import ImageDraw

    from vidimo.shell.capture import unchanged

    field = Image.new("RGB", (170, 33), "white")
    caret = field.copy()
    ImageDraw.Draw(caret).line((60, 8, 60, 25), fill="black")
    assert unchanged(field, caret)
    box = Image.new("RGB", (18, 18), "white")
    ticked = box.copy()
    ImageDraw.Draw(ticked).rectangle((2, 2, 15, 15), fill=(53, 132, 228))
    assert not unchanged(box, ticked)
    assert not unchanged(box, field)


def test_two_monitors_the_window_and_its_monitor_map_to_their_own_pixels(monkeypatch):
    from vidimo.shell import capture
    from vidimo.shell.capture import Rect, WindowRef

    left, right = Rect(0, 0, 1920, 1080), Rect(1920, -200, 2560, 1440)
    grabbed: list[Rect] = []
    monkeypatch.setattr(capture, "monitors", lambda: [left, right])
    monkeypatch.setattr(capture, "window", lambda window_id=None: WindowRef(5, "Сохранение", Rect(2500, -100, 400, 300)))
    monkeypatch.setattr(capture, "grab_rect", lambda rect: grabbed.append(rect) or Image.new("RGB", (rect.width, rect.height)))
    window = capture.window_shot()
    assert window.rect == Rect(2500, -100, 400, 300) and window.window.id == 5
    assert window.to_screen(20, 30) == (2520, -70)
    assert capture.screen_shot().rect == right, "the monitor that holds the active window"
    assert capture.screen_shot(at=(100, 100)).rect == left, "the monitor under the pointer"
    # A window hanging over the right edge of the desktop is grabbed up to that edge.
    monkeypatch.setattr(capture, "window", lambda window_id=None: WindowRef(6, "Край", Rect(4300, 0, 400, 300)))
    assert capture.window_shot().rect == Rect(4300, 0, 180, 300)
