"""Windows on a whole screen: found in the pixels, the one in front read first, with its title."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from conftest import font
from vidimo.models.findings import Window
from vidimo.models.windows.analyzer import WindowsAnalyzer, windows_in
from vidimo.models.windows.frames import find_frames


def window(draw: ImageDraw.ImageDraw, box, title: str, lines: list[str], *, bar=(214, 214, 214),
           ink=(30, 30, 30), body=(250, 250, 250), title_ink=(40, 40, 40)) -> None:
    x1, y1, x2, y2 = box
    draw.rectangle(box, fill=body, outline=(90, 90, 90))
    draw.rectangle((x1 + 1, y1 + 1, x2 - 1, y1 + 26), fill=bar)
    draw.line((x1, y1 + 27, x2, y1 + 27), fill=(90, 90, 90))
    draw.text((x1 + 30, y1 + 5), title, font=font(15, bold=True), fill=title_ink)
    for i, text in enumerate(lines):
        draw.text((x1 + 16, y1 + 44 + 28 * i), text, font=font(16), fill=ink)


def desktop(dark: bool = False) -> Image.Image:
    """1600×900: a wallpaper, an editor behind, a question dialog in front."""
    image = Image.new("RGB", (1600, 900), (36, 48, 70))
    draw = ImageDraw.Draw(image)
    body, ink = ((46, 46, 46), (235, 235, 235)) if dark else ((250, 250, 250), (30, 30, 30))
    window(draw, (120, 80, 1100, 700), "письмо.txt – Редактор", ["Дорогая Анна!", "Встреча перенесена на четверг."],
           body=body, ink=ink, bar=(60, 60, 60) if dark else (214, 214, 214),
           title_ink=(200, 200, 200) if dark else (40, 40, 40))
    window(draw, (560, 300, 1160, 520), "Удаление файла", ["Вы действительно хотите удалить файл?"],
           body=body, ink=ink, bar=(53, 132, 228), title_ink=(255, 255, 255))
    for x, label in ((880, "Нет"), (1020, "Да")):
        draw.rectangle((x, 460, x + 120, 500), fill=body, outline=(120, 120, 120))
        draw.text((x + 42, 470), label, font=font(16), fill=ink)
    return image


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_dialog_in_front_is_the_active_window(dark):
    found = windows_in(desktop(dark))
    assert [w.active for w in found] == [True, False]
    assert found[0].box[0] in range(557, 564) and found[0].box[1] in range(297, 304)
    assert found[1].box[0] in range(117, 124) and found[1].box[3] in range(697, 704)
    assert found[0].title_box is not None and found[0].title_box[3] - found[0].title_box[1] in range(24, 32)


def _boxes(found: list[Window]) -> list[tuple[int, int]]:
    """Where each found window starts (left, top), the active one first."""
    return [(w.box[0], w.box[1]) for w in found]


def _near(found: tuple[int, int], left: int, top: int) -> bool:
    return abs(found[0] - left) <= 3 and abs(found[1] - top) <= 3


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_dialog_over_the_middle_of_its_window_is_a_window_and_active(dark):
    """A dialog centred over the editor it came from lies inside the editor's rectangle: it was
    taken for a panel of the editor, and the editor was said to be the active window."""
    image = Image.new("RGB", (1600, 900), (36, 48, 70))
    draw = ImageDraw.Draw(image)
    body, ink = ((46, 46, 46), (235, 235, 235)) if dark else ((250, 250, 250), (30, 30, 30))
    window(draw, (100, 60, 1400, 820), "письмо.txt – Редактор", ["Дорогая Анна!", "Встреча в четверг."],
           body=body, ink=ink, bar=(60, 60, 60) if dark else (214, 214, 214))
    window(draw, (500, 300, 1000, 480), "Сохранение", ["Сохранить изменения?"], body=body, ink=ink,
           bar=(53, 132, 228), title_ink=(255, 255, 255))
    found = windows_in(image)
    assert found[0].active and _near(_boxes(found)[0], 500, 300), _boxes(found)
    assert any(_near(box, 100, 60) for box in _boxes(found)[1:]), "the editor is still a window"


def test_a_dark_window_on_a_dark_desktop_is_found():
    """A dark theme's window border differs from a dark wallpaper by a dozen levels only."""
    image = Image.new("RGB", (1280, 800), (18, 18, 22))
    draw = ImageDraw.Draw(image)
    window(draw, (300, 120, 1000, 620), "Отпуск 915", ["Работа", "Счета"], body=(30, 30, 30), ink=(220, 220, 220),
           bar=(34, 34, 34), title_ink=(230, 230, 230))
    draw.rectangle((300, 120, 1000, 620), outline=(32, 32, 36))  # the border, barely lighter than the desktop
    found = windows_in(image)
    assert found and found[0].active and _near(_boxes(found)[0], 300, 120), _boxes(found)


def test_the_window_whose_title_bar_is_drawn_apart_is_the_active_one():
    """Window managers draw the active window's title bar unlike the others (coloured among grey
    ones): the active window is the largest of three, none covering another."""
    image = Image.new("RGB", (1600, 900), (36, 48, 70))
    draw = ImageDraw.Draw(image)
    window(draw, (80, 60, 700, 500), "Терминал", ["user@дом:~$ ls"])
    window(draw, (900, 80, 1500, 520), "Файлы", ["Документы", "Загрузки"])
    window(draw, (300, 540, 1400, 840), "Почта – Chromium", ["Входящие: 3 письма"], bar=(53, 132, 228),
           title_ink=(255, 255, 255))
    found = windows_in(image)
    assert len(found) == 3 and _near(_boxes(found)[0], 300, 540), _boxes(found)


def test_frames_need_long_straight_sides():
    image = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(image)
    draw.text((100, 100), "Просто текст без рамок", font=font(30), fill="black")
    draw.ellipse((300, 300, 500, 500), outline="black", width=3)
    assert find_frames(image) == []


def test_windows_the_capture_knows_are_taken_as_they_are():
    known = (Window((0, 0, 400, 300), "Фон", False), Window((100, 100, 300, 200), "Вопрос", True))
    from vidimo.models.base import Request

    found = WindowsAnalyzer().analyze(Image.new("RGB", (800, 600)), Request(windows=known))
    assert [w.title for w in found] == ["Вопрос", "Фон"] and found[0].active


@pytest.fixture(scope="module")
def pipeline():
    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.models.ui_detector.analyzer import UiAnalyzer
    from vidimo.pipeline import Pipeline

    return Pipeline([WindowsAnalyzer(), UiAnalyzer(Device("cpu")), TextAnalyzer(Device("cpu"), "tesseract")])


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_screen_is_read_from_the_window_in_front(pipeline, dark):
    scene = pipeline.describe(desktop(dark))
    assert scene.narration.startswith("Диалог «Удаление файла».")
    assert "хотите удалить файл" in scene.narration
    assert scene.narration.index("удалить файл") < scene.narration.index("Другие окна")
    assert "Другие окна: «" in scene.narration and "Редактор»." in scene.narration
    assert "Кнопки: «Нет», «Да»." in scene.narration
    assert "Дорогая Анна" not in scene.narration, "normal names the other windows, it does not read them"
    full = pipeline.describe(desktop(dark), "full").narration
    assert "Дорогая Анна" in full and "Редактор»: «Дорогая Анна!»" in full


def busy_desktop() -> Image.Image:
    """1920×1080: a long letter in an editor in front, a file list behind, a task bar."""
    image = Image.new("RGB", (1920, 1080), (40, 44, 52))
    draw = ImageDraw.Draw(image)
    window(draw, (1200, 60, 1880, 900), "Документы – Файлы", [])
    for i, month in enumerate(("январь", "февраль", "март", "апрель", "май")):  # right of the editor in front
        draw.text((1330, 110 + 30 * i), f"отчёт за {month}.odt", font=font(16), fill=(30, 30, 30))
    text = [f"Строка {i + 1}: встреча переносится на четверг, подробности в приложении." for i in range(24)]
    window(draw, (40, 40, 1300, 980), "письмо.txt – Редактор", text)
    draw.rectangle((0, 1040, 1920, 1080), fill=(20, 20, 24))
    draw.text((1820, 1050), "12:30", font=font(16), fill=(230, 230, 230))
    return image


def test_brief_and_normal_fit_a_listener_s_attention(pipeline):
    """On a whole desktop «brief» is at most about 8 s of speech and «normal» 25 s; «full» reads all."""
    from vidimo.speech.rhvoice import RHVoiceEngine

    voice = RHVoiceEngine()
    try:
        seconds = {detail: voice.synthesize(pipeline.describe(busy_desktop(), detail).narration).duration
                   for detail in ("brief", "normal")}
    finally:
        voice.close()
    assert seconds["brief"] <= 8 and seconds["normal"] <= 25, seconds
    brief = pipeline.describe(busy_desktop(), "brief").narration
    assert brief.startswith("Окно «") and "Редактор». Текст: «Строка 1" in brief
    full = pipeline.describe(busy_desktop(), "full").narration
    assert "Строка 24" in full and "февраль" in full and "12:30" in full
    assert "12:30" not in pipeline.describe(busy_desktop(), "normal").narration, "the clock only in full"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_title_is_read_without_the_window_s_icon_and_buttons(dark):
    """The icon at a title bar's left was read into the title («=ш Галантные Формы»), and on a
    2560-wide screen a short dialog's centred title lost its end to the margin kept for the
    buttons («Целевой»)."""
    from vidimo.labels import read_titles
    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer

    image = Image.new("RGB", (2560, 1440), (18, 18, 22) if dark else (36, 48, 70))
    draw = ImageDraw.Draw(image)
    bar, ink = ((30, 30, 30), (235, 235, 235)) if dark else ((139, 175, 219), (255, 255, 255))
    titles = {(200, 160, 1800, 1200): "Галантные формы", (800, 600, 1360, 840): "Целевой файл существует"}
    for box, title in titles.items():
        x1, y1, x2, y2 = box
        draw.rectangle(box, fill=(56, 56, 56) if dark else (250, 250, 250), outline=(90, 90, 90))
        draw.rectangle((x1 + 1, y1 + 1, x2 - 1, y1 + 30), fill=bar)
        draw.line((x1, y1 + 31, x2, y1 + 31), fill=(90, 90, 90))
        draw.rectangle((x1 + 6, y1 + 5, x1 + 24, y1 + 26), outline=ink, width=2)  # the icon: a page
        for y in (y1 + 11, y1 + 16, y1 + 21):
            draw.line((x1 + 10, y, x1 + 20, y), fill=ink, width=2)
        for i, sign in enumerate("_□×"):  # the buttons
            draw.text((x2 - 78 + 24 * i, y1 + 3), sign, font=font(20), fill=ink)
        width = draw.textlength(title, font=font(20, bold=True))
        draw.text(((x1 + x2 - width) / 2, y1 + 4), title, font=font(20, bold=True), fill=ink)
    reader = TextAnalyzer(Device("cpu"), "tesseract")
    reader.load()
    found, _ = read_titles(image, windows_in(image), [], reader)
    assert sorted(w.title for w in found if w.title) == sorted(titles.values())


def test_the_title_the_window_manager_gave_is_said_before_anything_is_read():
    """A live capture knows the active window's title: it is said at once, while the text and
    the controls are still being read (it waited for them: 4.8 s of silence at the first press)."""
    import threading

    from vidimo.models.base import Analyzer
    from vidimo.pipeline import Pipeline

    read, ended = threading.Event(), threading.Event()

    class Reading(Analyzer):
        """Reads until the first words are said (or 10 s)."""

        def __init__(self, name: str) -> None:
            super().__init__("cpu")
            self.name = name

        def _load(self, device) -> None:  # noqa: ANN001
            pass

        def _analyze(self, image, request):  # noqa: ANN001, ANN202
            read.wait(10)
            ended.set()
            return []

    said: list[tuple[bool, list[str]]] = []

    def on_words(sentences: list[str]) -> None:
        said.append((ended.is_set(), list(sentences)))
        read.set()

    windows = (Window((560, 300, 1160, 520), "Удаление файла", True),
               Window((120, 80, 1100, 700), "письмо.txt – Редактор", False))
    pipeline = Pipeline([WindowsAnalyzer(), Reading("ui"), Reading("text")])
    try:
        scene = pipeline.describe(desktop(), windows=windows, on_words=on_words)
    finally:
        pipeline.close()
    assert said[0] == (False, ["Диалог «Удаление файла»."]), "said before the reading ended"
    assert scene.narration.startswith("Диалог «Удаление файла».")
    assert " ".join(s for _, sentences in said for s in sentences) == scene.narration


def test_a_narrow_window_with_a_tall_title_bar_has_its_whole_bar_read():
    """Less the icon and the buttons (4.3 bar heights), the bar of a narrow window with a tall
    header bar came out with its right before its left: reading it failed, and every window of
    the screen lost its title."""
    from vidimo.labels import title_bars

    [(_, bar)] = title_bars([Window((100, 100, 300, 400), None, True, (101, 100, 301, 147))], 1280)
    assert bar == (101, 100, 301, 147)


def test_the_one_title_bar_of_its_own_colour_is_the_active_one():
    """Dark themes draw the active bar dark and the others light: the one bar unlike all the
    others (which are alike) is the active window, whatever its size."""
    image = Image.new("RGB", (1600, 900), (20, 20, 24))
    draw = ImageDraw.Draw(image)
    light = dict(bar=(231, 233, 224), title_ink=(60, 60, 60), body=(46, 46, 46), ink=(235, 235, 235))
    window(draw, (40, 40, 480, 360), "Терминал", ["user@дом:~$ ls"], **light)
    window(draw, (560, 80, 1000, 380), "Файлы", ["Документы"], **light)
    window(draw, (1100, 120, 1560, 400), "Заметки", ["Купить хлеб"], **light)
    window(draw, (200, 500, 1400, 840), "Почта – Chromium", ["Входящие: 3 письма"], bar=(34, 34, 34),
           title_ink=(235, 235, 235), body=(46, 46, 46), ink=(235, 235, 235))
    found = windows_in(image)
    assert len(found) == 4 and _near(_boxes(found)[0], 200, 500), _boxes(found)


def test_on_an_image_the_front_window_s_title_bar_is_read_and_said_before_the_page():
    """On a screenshot file nothing names the windows: the title bar of the one in front is read
    on its own, and said while the page is still being read (it waited for the whole page: 3–6 s)."""
    import threading

    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.pipeline import Pipeline

    said_first, ended = threading.Event(), threading.Event()

    class SlowPage(TextAnalyzer):
        """Reads the page only after the first words were said (or 20 s); title bars at once."""

        def _analyze(self, image, request):  # noqa: ANN001, ANN202
            if image.width < 400:  # the warm-up's small image
                return super()._analyze(image, request)
            said_first.wait(20)
            found = super()._analyze(image, request)
            ended.set()
            return found

    said: list[tuple[bool, list[str]]] = []

    def on_words(sentences: list[str]) -> None:
        said.append((ended.is_set(), list(sentences)))
        said_first.set()

    pipeline = Pipeline([WindowsAnalyzer(), SlowPage(Device("cpu"), "tesseract")])
    try:
        pipeline.warm_up()
        scene = pipeline.describe(desktop(), on_words=on_words)
    finally:
        pipeline.close()
    assert said[0] == (False, ["Диалог «Удаление файла»."]), said
    assert "хотите удалить файл" in scene.narration and scene.narration.startswith("Диалог «Удаление файла».")
    front = next(w for w in scene.get("windows") if w.active)
    last = max(line.block for line in scene.texts)
    assert [line.text for line in scene.texts if line.box == front.title_box and line.block == last] \
        == ["Удаление файла"], "the title bar's line follows the page's lines"


def test_the_titles_read_from_the_bars_stay_in_the_text_when_the_page_reads_nothing():
    """The title bars' lines join the screen's text after the page's: with a page that gave no
    line, they were dropped (from ``--json`` and from search) though the bars were read."""
    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.pipeline import Pipeline

    class BlankPage(TextAnalyzer):
        def _analyze(self, image, request):  # noqa: ANN001, ANN202
            return []

    pipeline = Pipeline([WindowsAnalyzer(), BlankPage(Device("cpu"), "tesseract")])
    try:
        pipeline.warm_up()
        scene = pipeline.describe(desktop())
    finally:
        pipeline.close()
    assert "Удаление файла" in [line.text for line in scene.texts]
