"""Interface elements read as structure: labels from nearby text, states, passwords never read."""
from __future__ import annotations

from vidimo.labels import attach_labels
from vidimo.models.findings import TextLine, UiElement
from vidimo.models.ui_detector.classes import CLASSES, element_type
from vidimo.narration import narrate
from vidimo.scene import Scene


def line(text, x1, y1, x2, y2):
    return TextLine(text, (x1, y1, x2, y2), 0.95)


def element(kind, x1, y1, x2, y2, state=None):
    return UiElement(kind, (x1, y1, x2, y2), None, state, 0.9)


def scene_of(texts, elements, detail="normal", size=(640, 480)):
    scene = Scene(*size, detail=detail, texts=texts)
    scene.ui_elements, scene.label_lines = attach_labels(elements, texts)
    scene.narration = narrate(scene)
    return scene


def test_a_delete_dialog_reads_like_the_design():
    scene = scene_of(
        [line("Удаление файла", 20, 10, 200, 30), line("Вы действительно хотите удалить файл?", 20, 50, 400, 70),
         line("Нет", 220, 120, 250, 135), line("Да", 320, 120, 340, 135)],
        [element("button", 200, 110, 280, 145), element("button", 300, 110, 380, 145)], size=(420, 160))
    assert scene.narration == ("Диалог «Удаление файла». Вопрос: «Вы действительно хотите удалить файл?». "
                               "Кнопки: «Нет», «Да».")
    assert [e.label for e in scene.ui_elements] == ["Нет", "Да"]


def settings_page():
    texts = [line("Учётная запись", 20, 10, 220, 34),
             line("Логин:", 20, 60, 80, 75), line("ivan", 110, 60, 150, 75),
             line("Пароль", 20, 95, 90, 110), line("••••••", 20, 120, 90, 135),
             line("Город:", 20, 160, 80, 175),
             line("Запомнить меня", 50, 200, 190, 215), line("Показывать уведомления", 50, 230, 260, 245),
             line("Светлая", 50, 270, 130, 285), line("Тёмная", 200, 270, 270, 285),
             line("Отмена", 400, 330, 460, 345), line("Сохранить", 500, 330, 590, 345)]
    elements = [element("text_field", 100, 55, 400, 80), element("text_field", 15, 115, 400, 140),
                element("text_field", 100, 155, 400, 180),
                element("checkbox", 25, 200, 40, 215, "checked"), element("checkbox", 25, 230, 40, 245, "unchecked"),
                element("radio", 25, 270, 40, 285, "unchecked"), element("radio", 175, 270, 190, 285, "checked"),
                element("button", 390, 325, 470, 350), element("button", 490, 325, 600, 350)]
    return texts, elements


def test_fields_get_labels_left_or_above_and_passwords_stay_hidden():
    texts, elements = settings_page()
    labelled, used = attach_labels(elements, texts)
    fields = [(e.label, e.value, e.state) for e in labelled if e.type == "text_field"]
    assert fields == [("Логин", "ivan", None), ("Пароль", None, "password"), ("Город", None, None)]
    assert [(e.label, e.state) for e in labelled if e.type in ("checkbox", "radio")] == [
        ("Запомнить меня", "checked"), ("Показывать уведомления", "unchecked"),
        ("Светлая", "unchecked"), ("Тёмная", "checked")]
    assert 0 not in used, "the title is not a label"


def test_settings_window_is_read_in_layout_order():
    texts, elements = settings_page()
    scene = scene_of(texts, elements)
    assert scene.narration == (
        "Окно «Учётная запись». Поле «Логин»: «ivan». Поле «Пароль»: пароль скрыт. Поле «Город»: пусто. "
        "Флажки: «Запомнить меня» отмечен, «Показывать уведомления» не отмечен. "
        "Переключатели: «Светлая» не выбран, «Тёмная» выбран. Кнопки: «Отмена», «Сохранить».")
    assert "••" not in scene.narration


def test_brief_mode_gives_counts_and_the_buttons():
    texts, elements = settings_page()
    assert scene_of(texts, elements, detail="brief").narration == (
        "Окно «Учётная запись». Три поля, два флажка, два переключателя. Кнопки: «Отмена», «Сохранить».")


def test_json_carries_labels_and_states():
    texts, elements = settings_page()
    data = scene_of(texts, elements).to_dict()
    first = data["ui_elements"][0]
    assert first["type"] == "text_field" and first["label"] == "Логин" and first["box"] == [100, 55, 400, 80]
    assert {"type", "box", "label", "state", "confidence"} <= set(first)
    assert "label_lines" not in data


def test_nouns_agree_with_counts_in_interface_summaries():
    from vidimo.narration.russian import count

    assert [count(n, "поле") for n in (1, 3, 5)] == ["одно поле", "три поля", "пять полей"]


def test_detector_classes_map_to_types_and_states():
    assert len(CLASSES) == 14
    assert element_type("checkbox_checked") == ("checkbox", "checked")
    assert element_type("radio_unchecked") == ("radio", "unchecked")
    assert element_type("button") == ("button", None)


def test_an_indicator_read_as_a_letter_is_not_part_of_the_label():
    # Tesseract reads a GTK radio as «О» and joins it to its text: «О Высокое».
    texts = [line("О Высокое", 19, 64, 104, 80), line("Среднее", 46, 91, 104, 103)]
    elements = [element("radio", 18, 63, 36, 81, "checked"), element("radio", 18, 86, 36, 104, "unchecked")]
    labelled, used = attach_labels(elements, texts)
    assert [(e.label, e.state) for e in labelled] == [("Высокое", "checked"), ("Среднее", "unchecked")]
    assert used == {0, 1}


def test_a_photo_with_only_pictures_found_is_read_as_text_not_as_a_window():
    texts = [line("ВЫХОД", 200, 100, 400, 160)]
    scene = scene_of(texts, [element("image", 0, 0, 640, 480), element("icon", 10, 10, 40, 40)])
    assert "ВЫХОД" in scene.narration
    assert "картин" not in scene.narration and "значок" not in scene.narration and "Окно" not in scene.narration


def test_fields_with_no_text_on_their_left_are_where_missed_labels_are_looked_for():
    from vidimo.labels import label_places

    elements = [element("text_field", 80, 40, 250, 70),   # page reading found nothing on its left
                element("text_field", 80, 80, 250, 110),  # «Город» read on its left
                element("checkbox", 20, 125, 36, 141), element("text_field", 80, 120, 250, 150),
                element("button", 80, 160, 160, 190)]
    texts = [line("Заполните форму", 8, 10, 144, 23), line("Город", 21, 89, 60, 101)]
    # The first field's strip reaches the window edge; the third's stops at the checkbox on its row;
    # the button with no word read inside is read again inside its frame.
    assert label_places(elements, texts) == [(0, 40, 78, 70), (38, 120, 78, 150), (83, 163, 157, 187)]


def test_a_flat_detection_gives_no_place_and_an_empty_place_reads_nothing():
    """A button found 5 px high left an upside-down place inside its frame, and Pillow's error on
    it lost the labels of the whole screen («labels failed» on a real desktop)."""
    from PIL import Image

    from vidimo.labels import label_places
    from vidimo.models.text import tesseract

    flat = element("button", 300, 40, 400, 45)
    assert label_places([flat], []) == []
    page = Image.new("RGB", (500, 100), "white")
    assert tesseract.read_regions(page, [(310, 43, 390, 42), (310, 43, 310, 44)]) == []


def test_a_label_the_page_reading_missed_is_read_in_its_place():
    """A real GTK form: Tesseract's page layout passes over «Имя» beside the focused field,
    which was then named by the heading above it."""
    from pathlib import Path

    from vidimo.imageio import load_image
    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.models.ui_detector.analyzer import UiAnalyzer
    from vidimo.pipeline import Pipeline

    form = load_image(Path(__file__).parent / "data" / "real_screens" / "gtk_form.png")
    cpu = Device("cpu")
    scene = Pipeline([UiAnalyzer(cpu), TextAnalyzer(cpu, "tesseract")]).describe(form)
    labels = [e.label for e in scene.ui_elements if e.type == "text_field"]
    assert "Имя" in labels and labels.index("Имя") < labels.index("Город") < labels.index("Пароль")
    assert "Поле «Имя»: пусто" in scene.narration


def test_unnamed_controls_in_a_photo_do_not_make_it_a_window():
    """The detector takes stars in a deep-sky photo for radios; none has text beside it."""
    stars = [element("radio", x, y, x + 12, y + 12, "unchecked") for x, y in ((40, 60), (300, 200), (500, 90))]
    scene = scene_of([line("Hubble", 20, 440, 120, 460)], stars)
    assert scene.narration == "Текст: «Hubble»."


def test_a_line_running_from_a_label_into_its_field_is_split_at_the_field():
    from vidimo.labels import split_at_fields

    words = (("Логин:", (12, 93, 60, 107)), ("ivan.petrov|", (76, 93, 140, 107)))
    joined = TextLine("Логин: ivan.petrov|", (12, 93, 140, 107), 0.92, words=words)
    field = element("text_field", 73, 89, 392, 110)
    texts = split_at_fields([joined], [field])
    assert [t.text for t in texts] == ["Логин:", "ivan.petrov|"]
    scene = scene_of(texts, [field], size=(420, 200))
    assert scene.ui_elements[0].label == "Логин" and scene.ui_elements[0].value == "ivan.petrov"
    assert "Поле «Логин»: «ivan.petrov»." in scene.narration
    # A line wholly inside or wholly beside a field stays whole.
    inside = TextLine("ivan", (80, 93, 120, 107), 0.9, words=(("ivan", (80, 93, 120, 107)),))
    assert split_at_fields([inside], [field]) == [inside]


def test_a_field_the_detector_saw_dots_in_is_a_password_whatever_ocr_read():
    texts = [line("Пароль:", 10, 120, 66, 135), line("С", 75, 120, 85, 135)]
    scene = scene_of(texts, [element("text_field", 68, 116, 396, 140, state="password")], size=(420, 200))
    [field] = scene.ui_elements
    assert field.state == "password" and field.value is None and field.label == "Пароль"
    assert "Поле «Пароль»: пароль скрыт." in scene.narration and "«С»" not in scene.narration


def worded(words, y1=20, y2=36):
    """A line made of (text, x1, x2) words, as the recogniser gives them."""
    boxes = tuple((text, (x1, y1, x2, y2)) for text, x1, x2 in words)
    return TextLine(" ".join(w[0] for w in boxes), (words[0][1], y1, words[-1][2], y2), 0.9, words=boxes)


def test_a_button_is_named_by_its_words_without_its_icon_or_the_text_beside_it():
    from vidimo.labels import split_at_fields

    # An icon read as «Х», far from the word; a bar read as «|»; the text beside a button runs on.
    cancel = worded([("Х", 108, 118), ("Отмена", 134, 196), ("|", 200, 203)])
    choose = worded([("Русская,", 60, 100), ("выбрать", 112, 180), ("объект", 186, 240)], 60, 76)
    into = worded([("В", 110, 118), ("папку", 123, 170)], 100, 116)  # a short word at a space's distance
    plus = worded([("+", 112, 122)], 140, 156)  # a button named by a sign alone
    amount = worded([("-", 112, 118), ("5", 128, 136)], 180, 196)  # a field's value: kept as it is
    elements = [element("button", 100, 14, 210, 42), element("button", 104, 54, 250, 82),
                element("button", 100, 94, 180, 122), element("button", 104, 134, 130, 162),
                element("text_field", 104, 174, 300, 202)]
    texts = split_at_fields([cancel, choose, into, plus, amount], elements)
    labelled, used = attach_labels(elements, texts)
    assert [e.label for e in labelled[:4]] == ["Отмена", "Выбрать объект", "В папку", "+"]
    assert labelled[4].value == "- 5"
    assert [t.text for i, t in enumerate(texts) if i not in used] == ["Русская,"]  # still read
