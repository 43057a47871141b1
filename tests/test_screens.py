"""The real-desktop generator (tools/screens) and the evaluation built on it (tools/evaluate_screens.py).

The desktop tests run real programs (Xvfb, openbox, tint2, zenity, Mousepad) as installed by
installer/dev-packages.sh, and check the ground truth against the pixels: a button's extents
must hold its name when Tesseract reads the crop, a checked box must look checked.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytesseract
import pytest

from tools import evaluate_screens
from tools.screens import content, generate, roles, truth
from tools.screens.desktop import Desktop
from tools.screens.geometry import subtract, visible_share
from tools.screens.look import Look
from tools.screens.x11 import Window
from vidimo.models.ui_detector.classes import CLASSES

ROWS = [("TRUE", "отчёт за март.odt"), ("FALSE", "смета проекта.xlsx"), ("TRUE", "фото с отпуска.jpg")]


def read(image, box: list[int]) -> str:
    """Tesseract's reading of one box of a screenshot, enlarged for small print."""
    crop = image.crop(tuple(box))
    crop = crop.resize((crop.width * 2, crop.height * 2))
    return pytesseract.image_to_string(crop, lang="rus+eng", config="--psm 7").strip()


def same(a: str, b: str) -> bool:
    return evaluate_screens.words(a) == evaluate_screens.words(b)


def blue_share(image, box: list[int]) -> float:
    """The share of strongly blue pixels (a checked Adwaita mark) in a box."""
    pixels = np.asarray(image.crop(tuple(box)).convert("RGB")).astype(int)
    blue = (pixels[..., 2] > 150) & (pixels[..., 2] - pixels[..., 0] > 60)
    return float(blue.mean())


def checklist_over_editor(desktop: Desktop) -> tuple[dict, object]:
    """A zenity checklist in front of a Mousepad window; returns (truth, screenshot)."""
    path = desktop.write_file("Документы/письмо.txt", "Дорогая Анна!\nВстреча перенесена на четверг.\n")
    editor = desktop.open(["mousepad", path], title="письмо.txt")
    desktop.place(editor, 20, 20, 700, 500)
    args = ["--list", "--checklist", "--text=Какие файлы скопировать?", "--column=", "--column=Имя",
            *[cell for row in ROWS for cell in row]]
    dialog = desktop.zenity(*args, "--ok-label=Копировать", "--cancel-label=Отмена", title="Копирование файлов")
    desktop.place(dialog, 400, 250)
    info = truth.WindowInfo(app="zenity", kind="checklist", toggle="checkbox")
    image = desktop.capture()
    return desktop.truth({dialog.id: info}), image


@pytest.fixture(scope="module")
def light_desktop():
    with Desktop((1280, 800), "light", 1.0) as desktop:
        labels, image = checklist_over_editor(desktop)
        yield desktop, labels, image
    for pid in [*desktop.processes, *desktop.spawned]:
        assert not Path(f"/proc/{pid}").exists() or _zombie(pid), f"process {pid} outlived the desktop"
    assert not Path(f"/tmp/.X11-unix/X{desktop.display[1:]}").exists(), "the display is still there"


def _zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2] == "Z"


def test_the_dialog_is_active_in_front_of_the_editor_with_its_title(light_desktop):
    desktop, labels, image = light_desktop
    titles = [w["title"] for w in labels["windows"]]
    assert "Копирование файлов" in titles and any("письмо.txt" in t for t in titles)
    active = labels["windows"][labels["active"]]
    assert active["title"] == "Копирование файлов"
    assert active["stack"] == 0, "the dialog is on top"
    # Openbox draws the title bar: the title is text of the screen, read where the truth puts it.
    title = next(t for t in labels["texts"] if t["source"] == "title" and t["text"] == "Копирование файлов")
    assert title["words"] == ["Копирование", "файлов"]
    assert "Копирование" in read(image, title["box"])
    assert "root" not in " ".join(titles).casefold() and "(" not in active["title"]


def test_the_task_bar_hosts_a_system_tray(light_desktop):
    # Vidimo's end-to-end tests put its tray icon there.
    desktop, labels, _ = light_desktop
    x11 = desktop.x11
    owner = x11.display.get_selection_owner(x11.atom("_NET_SYSTEM_TRAY_S0"))
    assert getattr(owner, "id", owner) not in (0, None)
    assert any(region["why"] == "task bar" for region in labels["ignore"])


def test_the_dialog_buttons_are_named_and_their_boxes_hold_their_names(light_desktop):
    _, labels, image = light_desktop
    dialog = labels["active"]
    buttons = {c["label"]: c for c in labels["controls"] if c["window"] == dialog and c["kind"] == "button"}
    assert set(buttons) == {"Копировать", "Отмена"}
    for name, button in buttons.items():
        x0, y0, x1, y1 = button["box"]
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height
        assert button["counted"]
        assert same(read(image, button["box"]), name), (name, read(image, button["box"]))


def test_the_checklist_states_come_from_the_accessibility_tree(light_desktop):
    _, labels, image = light_desktop
    marks = [c for c in labels["controls"] if c["window"] == labels["active"] and c["kind"] == "checkbox"]
    assert [(c["label"], c["state"]) for c in sorted(marks, key=lambda c: c["box"][1])] == [
        (name, "checked" if flag == "TRUE" else "unchecked") for flag, name in ROWS]
    for mark in marks:
        looks_checked = blue_share(image, mark["target"]) > 0.15
        assert looks_checked == (mark["state"] == "checked"), mark
    # The question and the file names are words of the screen.
    words = {w for t in labels["texts"] if t["window"] == labels["active"] for w in t["words"]}
    assert {"Какие", "файлы", "скопировать?", "отчёт", "март.odt"} <= words


def test_what_the_dialog_hides_does_not_count(light_desktop):
    _, labels, _ = light_desktop
    dialog = labels["windows"][labels["active"]]
    editor = next(w for w in labels["windows"] if "письмо.txt" in w["title"])
    assert 0 < editor["visible"] < 1
    for text in labels["texts"]:
        if text["window"] == editor["index"]:
            for word in text["words"]:
                assert word in text["text"]
    hidden = [t for t in labels["texts"] if t["window"] == editor["index"]
              and visible_share(tuple(t["box"]), (0, 0, 1280, 800), [tuple(dialog["frame"])]) < 0.5]
    assert all(not t["words"] for t in hidden)


def test_a_dark_desktop_at_double_scale_maps_extents_onto_pixels():
    with Desktop((1920, 1080), "dark", 2.0) as desktop:
        dialog = desktop.zenity("--question", "--text=Удалить файл «отчёт.docx»?", "--ok-label=Удалить",
                                "--cancel-label=Оставить", title="Удаление файла")
        image = desktop.capture()
        labels = desktop.truth()
    assert labels["windows"][labels["active"]]["frame"] == list(dialog.frame)
    buttons = {c["label"]: c for c in labels["controls"] if c["kind"] == "button"}
    assert set(buttons) == {"Удалить", "Оставить"}
    for name, button in buttons.items():
        assert button["box"][3] - button["box"][1] >= 60, "GDK_SCALE=2 doubles the buttons (34 px at 1×)"
        assert same(read(image, button["box"]), name)
    question = next(t for t in labels["texts"] if "Удалить файл" in t["text"])
    assert "файл" in read(image, question["box"])
    # Light text on a dark dialog.
    pixels = np.asarray(image.crop(tuple(question["box"])).convert("L"))
    assert pixels.mean() < 128


def test_the_generator_makes_screens_with_truth_beside_them(tmp_path):
    summary = generate.generate(seed=3, count=1, split="eval", out=tmp_path)
    assert summary["screens"] == 1
    labels = json.loads((tmp_path / "eval-3-00000.json").read_text(encoding="utf-8"))
    assert (tmp_path / labels["image"]).exists()
    assert labels["split"] == "eval" and labels["size"] == [1280, 800] and labels["theme"] == "light"
    assert labels["windows"] and labels["active"] is not None
    assert any(t["words"] for t in labels["texts"])
    assert all(c["class"] in CLASSES for c in labels["controls"])
    assert any(region["why"] == "task bar" for region in labels["ignore"])


# --- pieces without a display -----------------------------------------------------------------

def test_the_splits_share_no_text():
    eval_short, eval_long = content.interface_strings("eval")
    train_short, train_long = content.interface_strings("train")
    assert len(eval_short) > 200 and len(train_short) > 600
    assert not set(eval_short) & set(train_short) and not set(eval_long) & set(train_long)
    for table in (content.SENTENCES, content.PEOPLE, content.FILE_WORDS, content.FOLDERS):
        assert not set(table["eval"]) & set(table["train"])
    assert not {w for part in content.HEADLINE_PARTS["eval"] for w in part} & {
        w for part in content.HEADLINE_PARTS["train"] for w in part}


def test_the_role_table_gives_detector_classes():
    def cls(role: str, **context) -> str | None:
        base = dict(states=set(), in_toolbar=False, in_browser_ui=False, in_web_page=False,
                    interactive_list=False, has_text=False, toggle_kind=None)
        base.update(context)
        return roles.control_class(role, **base)

    assert cls("push button") == "button"
    assert cls("push button", in_toolbar=True) == "icon"
    assert cls("check box", states={"checked"}) == "checkbox_checked"
    assert cls("radio button") == "radio_unchecked"
    assert cls("table cell", toggle_kind="radio", states={"checked"}) == "radio_checked"
    assert cls("text") == "text_field" and cls("text", states={"multi line"}) is None
    assert cls("menu") == "menu_item" and cls("combo box") == "dropdown" and cls("page tab") == "tab"
    assert cls("list item", interactive_list=False) is None
    assert cls("icon", has_text=True) == "list_item" and cls("icon") == "icon"
    produced = {cls(r) for r in ("push button", "text", "check box", "radio button", "combo box", "slider",
                                 "page tab", "link", "menu item", "icon", "image")}
    assert produced - {None} <= set(CLASSES)


def test_rectangles_left_uncovered():
    assert subtract((0, 0, 10, 10), (5, 0, 20, 10)) == [(0, 0, 5, 10)]
    assert visible_share((0, 0, 10, 10), (0, 0, 100, 100), [(0, 0, 10, 5)]) == 0.5
    assert visible_share((90, 0, 110, 10), (0, 0, 100, 100), []) == 0.5


def _window(wid: int, frame, *, title: str = "", pid: int = 1, active: bool = False) -> Window:
    x0, y0, x1, y1 = frame
    return Window(id=wid, title=title, pid=pid, wm_class="", kind="normal", frame=frame,
                  client=(x0 + 1, y0 + 20, x1 - 1, y1 - 1), active=active, hidden=False)


def _node(parent: int, role: str, box, name: str = "", text: str | None = None, states=()) -> dict:
    return {"parent": parent, "role": role, "name": name, "text": text, "lines": None,
            "states": ["showing", "visible", *states], "box": list(box), "value": None}


def test_toolkit_units_are_mapped_onto_the_frame_and_hidden_parts_do_not_count():
    # A GTK dialog at GDK_SCALE=2 reports half-size extents; a window above hides its left button.
    dialog = _window(10, (200, 100, 800, 400), title="Вопрос", pid=7)
    above = _window(11, (0, 0, 300, 700), title="Выше", pid=8, active=True)
    nodes = [_node(-1, "dialog", (100, 50, 300, 150), "Вопрос"),
             _node(0, "push button", (110, 160, 90, 30), "Отмена"),
             _node(0, "push button", (280, 160, 100, 30), "Продолжить"),
             _node(0, "check box", (110, 100, 200, 20), "Больше не спрашивать", states=("checked",))]
    labels = truth.build([dialog, above], [{"pid": 7, "name": "zenity", "nodes": nodes}], {},
                         Look(size=(1280, 800), scale=2.0))
    by_label = {c["label"]: c for c in labels["controls"]}
    assert by_label["Продолжить"]["box"] == [560, 320, 760, 380] and by_label["Продолжить"]["counted"]
    assert not by_label["Отмена"]["counted"], "hidden under the window above"
    mark = by_label["Больше не спрашивать"]
    assert mark["class"] == "checkbox_checked" and mark["target"][2] - mark["target"][0] <= 40


def test_chromium_page_extents_are_divided_by_its_scale():
    # Chromium at scale 1.5 reports page nodes multiplied by 1.5 once more; its own interface is right.
    window = _window(20, (0, 0, 1000, 800), title="Новости – Chromium", pid=9, active=True)
    nodes = [_node(-1, "frame", (0, 0, 1000, 800), "Новости – Chromium"),
             _node(0, "panel", (0, 100, 1000, 700)),
             _node(1, "document web", (0, 150, 1500, 1050), "Новости"),
             _node(2, "link", (150, 300, 150, 30), "Спорт", "Спорт")]
    labels = truth.build([window], [{"pid": 9, "name": "Chromium", "nodes": nodes}], {},
                         Look(size=(1280, 800), scale=1.5))
    link = next(c for c in labels["controls"] if c["kind"] == "link")
    assert link["box"] == [100, 200, 200, 220]


def test_the_evaluation_scores_words_controls_and_false_controls():
    assert evaluate_screens.words("Ёлка: «OK», cтол!") == ["елка", "ок", "стол"]
    truth_screen = {
        "controls": [
            {"kind": "button", "class": "button", "state": None, "label": "Да", "box": [100, 100, 180, 130],
             "target": [100, 100, 180, 130], "counted": True},
            {"kind": "checkbox", "class": "checkbox_checked", "state": "checked", "label": "Запомнить",
             "box": [100, 200, 300, 220], "target": [100, 202, 116, 218], "counted": True},
            {"kind": "button", "class": "button", "state": None, "label": "Нет", "box": [0, 0, 50, 30],
             "target": [0, 0, 50, 30], "counted": False},
        ],
        "ignore": [{"box": [0, 770, 1280, 800], "why": "task bar"}],
    }
    elements = [
        {"type": "button", "box": (102, 101, 178, 129), "label": "ДА", "state": None},
        {"type": "checkbox", "box": (100, 202, 116, 218), "label": "Запомнить", "state": "unchecked"},
        {"type": "button", "box": (2, 2, 48, 28), "label": None, "state": None},  # partly hidden: excused
        {"type": "button", "box": (10, 775, 200, 795), "label": "Задача", "state": None},  # task bar
        {"type": "radio", "box": (600, 600, 616, 616), "label": None, "state": "checked"},  # nothing there
    ]
    scored = evaluate_screens.score_controls(truth_screen, elements)
    assert (scored["controls"], scored["found"], scored["with_state"], scored["state_right"]) == (2, 2, 1, 0)
    assert scored["false"] == 1
    assert evaluate_screens.word_hits(["окно", "окно", "да"], ["окно", "да", "да"]) == 2
    narration = "Диалог «Удаление файла». Вопрос: «Удалить?»."
    screen = {"active": 0, "windows": [{"title": "Удаление файла"}]}
    assert evaluate_screens.title_first(screen, narration)
    assert not evaluate_screens.title_first(screen, "Текст: «Удалить?». Диалог «Удаление файла».")
