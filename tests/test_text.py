"""Real OCR engines on screens the tests render: Russian and English, light and dark themes."""
from __future__ import annotations

import pytest
from PIL import Image

from conftest import font, render_lines
from vidimo.models.device import Device
from vidimo.models.text.analyzer import TextAnalyzer, choose_engine

CPU = Device("cpu")


def texts(analyzer: TextAnalyzer, image: Image.Image) -> list[str]:
    return [line.text for line in analyzer.analyze(image)]


@pytest.fixture(scope="module")
def tesseract() -> TextAnalyzer:
    return TextAnalyzer(CPU, engine="tesseract")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_tesseract_reads_russian_and_english_lines_in_order(tesseract, dark):
    screen = render_lines([(80, 60, "Сохранить изменения в документе?"), (80, 110, "Save changes to the document?"),
                           (80, 160, "Папка: Мои документы")], dark=dark)
    assert texts(tesseract, screen) == ["Сохранить изменения в документе?", "Save changes to the document?",
                                        "Папка: Мои документы"]


def test_light_and_dark_panels_on_one_screen(tesseract, settings_screen):
    from vidimo.imageio import load_image

    found = texts(tesseract, load_image(settings_screen))
    assert found[0] == "Настройки почты"
    assert "Имя пользователя: Иван Петров" in found
    assert "Тёмная тема включена" in found
    # the left column is read before the panel on the right
    assert found.index("Проверять почту каждые 5 минут") < found.index("Тёмная тема включена")


def test_small_ui_text_is_upscaled(tesseract):
    small = render_lines([(6, 6, "Файл"), (60, 6, "Правка"), (6, 40, "Готово к работе")], size=(240, 64), text_size=11)
    found = " ".join(texts(tesseract, small))
    assert "Файл" in found and "Правка" in found and "Готово к работе" in found


def test_a_small_word_cut_short_at_its_own_size_is_read_whole(tesseract):
    """A real GTK dialog: at 1× Tesseract reads «файл» as sure as it reads «файла:» at 2×."""
    from pathlib import Path

    from vidimo.imageio import load_image

    screen = load_image(Path(__file__).parent / "data" / "real_screens" / "gtk_entry.png")
    assert texts(tesseract, screen)[0] == "Новое имя файла:"


def test_of_two_readings_the_surer_one_stays_and_near_ties_go_to_the_whole_word():
    from vidimo.models.findings import TextLine
    from vidimo.models.text.tesseract import merge_passes

    cut, whole = TextLine("файл", (10, 0, 40, 10), 0.96), TextLine("файла:", (10, 0, 52, 10), 0.95)
    assert [w.text for w in merge_passes([cut], [whole])] == ["файла:"]
    broken = TextLine("Cапсе!", (10, 0, 52, 10), 0.80)
    assert [w.text for w in merge_passes([cut], [broken])] == ["файл"]


def test_confidence_and_boxes_are_kept(tesseract):
    screen = render_lines([(300, 200, "Выход")])
    [line] = tesseract.analyze(screen)
    x1, y1, x2, y2 = line.box
    assert line.text == "Выход" and 0.6 < line.confidence <= 1.0
    assert 290 <= x1 <= 305 and 195 <= y1 <= 210 and 340 < x2 < 380 and y2 < 230


def test_craft_regions_read_by_tesseract_find_boxed_buttons():
    """CRAFT finds text regions (Cyrillic too) and Tesseract reads each: text inside button frames."""
    from PIL import ImageDraw

    screen = render_lines([(40, 30, "Удалить файл отчёт.docx?")], size=(640, 200))
    draw = ImageDraw.Draw(screen)
    for x, label in ((40, "Отмена"), (220, "Удалить")):
        draw.rectangle((x, 110, x + 150, 150), outline=(20, 20, 20), width=2)
        draw.text((x + 30, 120), label, font=font(18), fill=(20, 20, 20))
    analyzer = TextAnalyzer(CPU, engine="craft+tesseract")
    found = texts(analyzer, screen)
    assert "Отмена" in found and "Удалить" in found
    assert any("Удалить файл" in text for text in found)


def test_easyocr_reads_english_with_the_packaged_weights_and_says_russian_is_missing():
    analyzer = TextAnalyzer(CPU, engine="easyocr")
    screen = render_lines([(40, 40, "Network settings"), (40, 100, "Connect")], size=(480, 160), text_size=24)
    found = texts(analyzer, screen)
    assert found == ["Network settings", "Connect"]
    assert [m.name for m in analyzer.missing_models] == ["easyocr-cyrillic"]
    # Reading given places only (labels beside fields): one line per place that holds text.
    places = analyzer.read_places(screen, [(30, 90, 200, 140), (300, 90, 470, 140)])
    assert [(line.text, line.box) for line in places] == [("Connect", (30, 90, 200, 140))]


@pytest.mark.parametrize("engine", ["tesseract", "craft+tesseract"])
def test_places_are_read_on_their_own(engine):
    analyzer = TextAnalyzer(CPU, engine=engine)
    screen = render_lines([(20, 30, "Имя"), (120, 30, "Город")], size=(320, 90), text_size=14)
    places = analyzer.read_places(screen, [(10, 20, 80, 60), (200, 20, 300, 60)])
    assert [(line.text, line.box) for line in places] == [("Имя", (10, 20, 80, 60))]


def test_auto_engine_depends_on_the_device(monkeypatch, tmp_path):
    assert choose_engine("auto", CPU) == "tesseract"
    cuda = Device("cuda", "float16")
    assert choose_engine("auto", cuda) == "craft+tesseract"
    (tmp_path / "cyrillic_g2.pth").write_bytes(b"weights")
    monkeypatch.setenv("VIDIMO_MODEL_EASYOCR_CYRILLIC", str(tmp_path))
    assert choose_engine("auto", cuda) == "easyocr"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_large_text_on_a_small_image(tesseract, dark):
    """Large glyphs must not be mistaken for a dark background or broken by upscaling."""
    sign = render_lines([(60, 60, "Выход"), (60, 150, "Exit")], size=(420, 260), text_size=48, dark=dark)
    assert texts(tesseract, sign) == ["Выход", "Exit"]


def test_unchanged_windows_are_not_read_again_and_read_the_same():
    """Describing the screen again after a small change reads only the part that changed."""
    from PIL import ImageDraw

    from vidimo.models.base import Request
    from vidimo.models.findings import Window
    from vidimo.models.text.analyzer import TextAnalyzer

    def screen(status: str) -> Image.Image:
        image = render_lines([(60, 40, "Письмо от Анны"), (60, 80, status)], size=(1280, 720))
        draw = ImageDraw.Draw(image)
        draw.rectangle((600, 300, 1100, 520), fill="white", outline="black")
        draw.text((640, 360), "Сохранить изменения?", font=font(22), fill="black")
        return image

    dialog = (Window((600, 300, 1101, 521), "Вопрос", True),)
    analyzer = TextAnalyzer(CPU, "tesseract")
    first = analyzer.analyze(screen("Черновик сохранён"), Request(windows=dialog))
    assert analyzer.parts.read_last == 2 and "Сохранить изменения?" in [l.text for l in first]
    again = analyzer.analyze(screen("Письмо отправлено"), Request(windows=dialog))
    assert analyzer.parts.read_last == 1, "the dialog did not change: its reading is kept"
    fresh = TextAnalyzer(CPU, "tesseract").analyze(screen("Письмо отправлено"), Request(windows=dialog))
    assert [(l.text, l.box) for l in again] == [(l.text, l.box) for l in fresh]
    assert "Письмо отправлено" in [l.text for l in again]
    analyzer.forget()  # as vidimo bench does before each run
    analyzer.analyze(screen("Письмо отправлено"), Request(windows=dialog))
    assert analyzer.parts.read_last == 2, "after forget() every part is read afresh"


def test_a_page_layout_reading_that_takes_too_long_is_given_up_and_the_page_still_read(monkeypatch, caplog):
    import logging

    from vidimo.models.text import tesseract

    page = render_lines([(60, 40, "Письмо от Анны"), (60, 80, "Черновик сохранён")], size=(900, 200))
    layouts: list[tuple[int, float]] = []
    words = tesseract._words

    def counted(image, psm, timeout_s=0):  # noqa: ANN001, ANN202
        layouts.append((psm, timeout_s))
        return words(image, psm, timeout_s)

    monkeypatch.setattr(tesseract, "_words", counted)
    with caplog.at_level(logging.INFO, logger=tesseract.__name__):
        both = {line.text for line in tesseract.read_page(page)}
    assert (3, tesseract.PAGE_LAYOUT_TIMEOUT_S) in layouts and not caplog.records  # read by both layouts
    monkeypatch.setattr(tesseract, "PAGE_LAYOUT_TIMEOUT_S", 0.01)
    with caplog.at_level(logging.INFO, logger=tesseract.__name__):
        alone = {line.text for line in tesseract.read_page(page)}
    assert any("page layout reading left out" in r.getMessage() for r in caplog.records)
    assert {"Письмо", "Анны", "Черновик", "сохранён"} <= alone and {"Письмо", "Анны"} <= both
