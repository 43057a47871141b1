"""The shipped interface-element detector, loaded through ``YOLO(path)`` as in the app."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from vidimo.imageio import load_image
from vidimo.models.device import Device
from vidimo.models.findings import UiElement
from vidimo.models.ui_detector.analyzer import UiAnalyzer, shipped_weights
from vidimo.models.ui_detector.classes import CLASSES, element_type
from vidimo.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
CPU = Device("cpu")
#: What the analyzer may report: the detector's classes, and a text field found hiding a password.
KNOWN = {element_type(name) for name in CLASSES} | {("text_field", "password")}
#: A generated screen's image file, the image, and the elements the detector found on it.
Analyzed = tuple[Path, Image.Image, list[UiElement]]


@pytest.fixture(scope="module")
def test_screens(tmp_path_factory) -> Path:
    """Screens generated now, with a seed the training data never used."""
    sys.path.insert(0, str(ROOT))
    from tools.ui_detector.generate_qt import main

    folder = tmp_path_factory.mktemp("ui-screens")
    main([str(folder), "--count", "12", "--seed", "99", "--split", "test"])
    return folder


@pytest.fixture(scope="module")
def analyzed_screens(test_screens: Path) -> list[Analyzed]:
    """Each unseen screen with what the shipped detector found on it, detected once for all tests."""
    analyzer = UiAnalyzer(CPU)
    screens = []
    for path in sorted((test_screens / "images" / "test").glob("*.jpg")):
        image = load_image(path)
        screens.append((path, image, analyzer.analyze(image)))
    return screens


def test_weights_ship_with_the_app_and_are_small():
    weights = shipped_weights()
    assert weights is not None and weights.name == "ui_detector.pt"
    assert weights.stat().st_size <= 15 * 1024 * 1024
    assert (ROOT / "resources" / "MODEL_CARD.md").is_file()


def test_detector_returns_typed_elements_on_unseen_screens(analyzed_screens: list[Analyzed]):
    total = 0
    for _, image, elements in analyzed_screens:
        for element in elements:
            total += 1
            assert (element.type, element.state) in KNOWN
            x1, y1, x2, y2 = element.box
            assert 0 <= x1 < x2 <= image.width and 0 <= y1 < y2 <= image.height
            assert 0.35 <= element.confidence <= 1.0
    assert total > 0


def test_missing_detector_is_explained_and_the_rest_works(monkeypatch, tmp_path: Path, settings_screen: Path):
    from vidimo.models.text.analyzer import TextAnalyzer

    monkeypatch.setenv("VIDIMO_MODEL_UI_DETECTOR", str(tmp_path))
    scene = Pipeline([UiAnalyzer(CPU), TextAnalyzer(CPU, "tesseract")]).describe(load_image(settings_screen))
    assert scene.texts and scene.ui_elements == []
    assert any("Переустановите" in warning for warning in scene.warnings)


def test_detector_sees_windows_at_their_own_scale_and_large_screens_reduced():
    from vidimo.models.ui_detector.analyzer import detector_size

    assert detector_size(320, 300) == 320      # a small dialog is not blown up
    assert detector_size(194, 119) == 224      # only rounded up to the network's stride
    assert detector_size(1920, 1080) == 1280   # a full screen is reduced by a third, within training's zoom


def test_detector_leaves_the_other_models_all_cpu_threads(settings_screen: Path):
    import os

    import torch

    torch.set_num_threads(os.cpu_count())
    UiAnalyzer(CPU).analyze(load_image(settings_screen))  # ultralytics alone would drop torch to cpu_count - 1
    assert torch.get_num_threads() == os.cpu_count()


def _same_state(element: UiElement, state: str | None) -> bool:
    """The element's state is the labelled one (a field the analyzer saw hiding a password is
    labelled as a plain text field: the label knows no passwords)."""
    return element.state == state or (element.type == "text_field" and element.state == "password")


def _found_share(screens: list[Analyzed], wider_than: int = 0) -> dict[str, float]:
    """Per element type, the share of labelled elements (wider than ``wider_than`` px) that a
    detection of the same class covers (IoU ≥ 0.5)."""
    from tools.ui_detector.dataset import read_boxes
    from vidimo.models.findings import iou

    found: dict[str, list[int]] = {}
    for path, image, elements in screens:
        for cls, *box in read_boxes(path.parents[2] / "labels" / "test" / f"{path.stem}.txt", *image.size):
            if box[2] - box[0] <= wider_than:
                continue
            kind, state = element_type(CLASSES[cls])
            hit = any(e.type == kind and _same_state(e, state) and iou(e.box, tuple(box)) >= 0.5 for e in elements)
            found.setdefault(kind, [0, 0])[0] += hit
            found[kind][1] += 1
    return {kind: hits / total for kind, (hits, total) in found.items()}


#: Share of each kind the shipped model finds on these 12 unseen generated screens, each bound just
#: under what it measured (hits / labelled): buttons 21/22, checkboxes 13/14, radios 11/11 (8/11 and
#: 12/14 before a mark's shape decided its kind), text fields 12/14, dropdowns 2/3, list rows 7/28,
#: tabs 19/19, links 15/15, menu items 27/27, icons 17/17, images 8/8, sliders 1/1. A match needs
#: IoU ≥ 0.5, which a 16 px indicator loses with a 2 px shift; list rows are the weakest class (see
#: resources/MODEL_CARD.md). One element fewer found fails the test.
MIN_FOUND = {"button": 0.95, "checkbox": 0.92, "radio": 1.0, "text_field": 0.85, "dropdown": 0.66,
             "list_item": 0.25, "tab": 1.0, "link": 1.0, "menu_item": 1.0, "icon": 1.0, "image": 1.0,
             "slider": 1.0}


def test_detector_finds_the_controls_on_unseen_generated_screens(analyzed_screens: list[Analyzed]):
    share = _found_share(analyzed_screens)
    assert set(share) == set(MIN_FOUND), share   # every kind the README lists is on these screens
    for kind, minimum in MIN_FOUND.items():
        assert share[kind] >= minimum - 1e-9, (kind, share)


def test_long_fields_and_list_rows_are_found_whole(analyzed_screens: list[Analyzed]):
    """Wider than 480 px: a box head that stopped at 120 px from a stride-8 anchor found none of them."""
    share = _found_share(analyzed_screens, wider_than=480)
    # measured: text fields 7 of 9, list rows 3 of 23; one fewer fails
    assert share["text_field"] >= 7 / 9 - 1e-9 and share["list_item"] >= 3 / 23 - 1e-9, share


def test_real_screens_it_never_saw_are_read_with_labels_and_states():
    from tools.ui_detector.evaluate_real import evaluate

    score = evaluate()
    assert score["total"] >= 36
    assert score["share"] >= 0.8, score["missed"]  # the target; measured 35 of 36 (see resources/MODEL_CARD.md)


@pytest.fixture(scope="module")
def real_screen_pipeline() -> Pipeline:
    """The shipped detector and Tesseract, loaded once for the real screens."""
    from vidimo.models.text.analyzer import TextAnalyzer

    return Pipeline([UiAnalyzer(CPU), TextAnalyzer(CPU, "tesseract")])


@pytest.mark.parametrize("screen, kind, states", [
    ("gtk_radiolist.png", "radio", ["checked", "unchecked", "unchecked"]),
    ("gtk_voice.png", "radio", ["unchecked", "unchecked", "checked", "unchecked"]),
    ("gtk_checklist.png", "checkbox", ["checked", "unchecked", "checked"]),
])
def test_gtk_list_rows_are_read_as_their_own_kind_of_mark_with_states(real_screen_pipeline, screen, kind, states):
    """Round radios and filled checkboxes in GTK list rows, wherever the chosen row is."""
    image = load_image(ROOT / "tests" / "data" / "real_screens" / screen)
    scene = real_screen_pipeline.describe(image)
    marks = [e for e in scene.ui_elements if e.type in ("radio", "checkbox")]
    assert [(e.type, e.state) for e in marks] == [(kind, state) for state in states]
    assert all(e.label for e in marks)


def test_a_lone_tab_is_dropped_and_a_tab_bar_kept():
    """The question of a GTK dialog was taken for a tab; a tab bar always has two tabs or more."""
    from vidimo.models.ui_detector.analyzer import without_lone_tabs

    question = UiElement("tab", (70, 20, 370, 40), None, None, 0.8)
    bar = [UiElement("tab", (10 + 90 * i, 60, 95 + 90 * i, 90), None, None, 0.9) for i in range(3)]
    button = UiElement("button", (280, 100, 370, 130), None, None, 0.9)
    assert without_lone_tabs([question, *bar, button]) == [*bar, button]


def test_a_line_taken_for_a_link_is_not_said_again_as_its_words_and_nesting_kinds_stay():
    """A line of page text came out as a link and two of its words as links of their own."""
    from vidimo.models.ui_detector.analyzer import without_nested

    line = UiElement("link", (118, 615, 332, 631), None, None, 0.6)
    words = [UiElement("link", (154, 616, 225, 631), None, None, 0.5),
             UiElement("link", (240, 616, 330, 630), None, None, 0.7)]
    button = UiElement("button", (150, 612, 230, 634), None, None, 0.9)  # another kind: kept
    below = UiElement("link", (118, 640, 332, 656), None, None, 0.4)  # the next line: kept
    assert without_nested([line, *words, button, below]) == [*words, button, below]
    rows = [UiElement("list_item", (10, 10 + 30 * i, 300, 38 + 30 * i), None, None, 0.5) for i in range(4)]
    whole = UiElement("list_item", (8, 8, 302, 130), None, None, 0.6)
    dialog = UiElement("window", (100, 100, 300, 250), None, None, 0.8)
    window = UiElement("window", (0, 0, 640, 480), None, None, 0.9)
    assert without_nested([whole, *rows, window, dialog]) == [whole, *rows, window, dialog]


def test_an_option_row_is_said_by_its_mark_not_again_as_a_row():
    """The fine-tuned detector also boxed each row of a GTK check list as a list row: the window's
    element list found «Почта» twice."""
    from vidimo.models.ui_detector.analyzer import without_option_rows

    mark = UiElement("checkbox", (17, 63, 35, 80), None, "checked", 0.8)
    option = UiElement("list_item", (22, 60, 310, 85), None, None, 0.5)
    file_row = UiElement("list_item", (10, 120, 310, 140), None, None, 0.6)  # no mark on its row: kept
    far = UiElement("radio", (400, 120, 416, 136), None, "unchecked", 0.7)   # a mark right of a row: kept
    assert without_option_rows([option, mark, file_row, far]) == [mark, file_row, far]


def test_the_detector_names_a_round_mark_a_radio_and_holds_it_to_the_radios_confidence(monkeypatch):
    """The detector called the round marks of a radio list checkboxes at 0.33–0.47 (checkboxes are
    held to 0.45): the mark's shape decides the kind, then that kind's confidence applies."""
    from types import SimpleNamespace

    import torch
    from PIL import ImageDraw

    from vidimo.models.ui_detector import analyzer as module

    image = Image.new("RGB", (200, 100), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 35, 35), outline=(140, 140, 140))        # a radio
    draw.rectangle((20, 60, 35, 75), outline=(140, 140, 140))      # a checkbox
    unchecked = CLASSES.index("checkbox_unchecked")
    boxes = SimpleNamespace(xyxy=torch.tensor([[19.0, 19, 37, 37], [19, 59, 37, 77]]),
                            conf=torch.tensor([0.40, 0.40]), cls=torch.tensor([unchecked, unchecked]))
    analyzer = module.UiAnalyzer(CPU)
    monkeypatch.setattr(analyzer, "_model", SimpleNamespace(predict=lambda *a, **k: [SimpleNamespace(boxes=boxes)]),
                        raising=False)
    found = analyzer._analyze(image, None)
    assert [(e.type, e.state) for e in found] == [("radio", "unchecked")]  # the checkbox at 0.40 < 0.45


# --- real desktops (tools/screens): labels from accessibility trees -----------------------------

def test_every_role_the_truth_maps_becomes_one_of_the_detectors_classes():
    """The AT-SPI role table (tools/screens/roles.py, in the model card) names only our classes."""
    from tools.screens import roles

    context = dict(states=set(), in_toolbar=False, in_browser_ui=False, in_web_page=False, interactive_list=True,
                   has_text=False, toggle_kind=None)
    mapped = {role: roles.control_class(role, **context) for role in
              ("push button", "toggle button", "entry", "password text", "spin button", "check box", "radio button",
               "combo box", "slider", "page tab", "link", "menu item", "menu", "list item", "icon", "image")}
    assert mapped["push button"] == "button" and mapped["check box"] == "checkbox_unchecked"
    assert mapped["menu"] == "menu_item" and mapped["entry"] == mapped["password text"] == "text_field"
    assert roles.control_class("push button", **{**context, "in_toolbar": True}) == "icon"
    assert roles.control_class("table cell", **{**context, "states": {"checked"}, "toggle_kind": "radio"}) \
        == "radio_checked"
    assert roles.control_class("icon", **{**context, "has_text": True}) == "list_item"  # a file in a folder view
    assert set(mapped.values()) <= set(CLASSES)


def _desktop_truth() -> dict:
    """A 1920×1080 desktop: an editor, a dialog over it, the task bar (see the test below)."""
    def window(index: int, frame: tuple, visible: float) -> dict:
        return {"index": index, "frame": list(frame), "client": [frame[0] + 1, frame[1] + 25, frame[2] - 1,
                                                                 frame[3] - 1], "visible": visible}

    def control(cls: str, box: tuple, window: int, counted: bool = True, visible: float = 1.0,
                target: tuple | None = None) -> dict:
        kind, _ = element_type(cls)
        return {"class": cls, "kind": kind, "box": list(box), "target": list(target or box), "window": window,
                "counted": counted, "visible": visible}

    return {"size": [1920, 1080], "split": "train",
            "windows": [window(0, (100, 100, 1100, 800), 0.8), window(1, (600, 300, 1000, 500), 1.0)],
            "ignore": [{"box": [0, 1050, 1920, 1080], "why": "task bar"}],
            "controls": [
                control("checkbox_checked", (620, 340, 800, 364), 1, target=(620, 343, 638, 361)),
                control("button", (880, 450, 980, 480), 1),
                control("list_item", (620, 380, 980, 400), 1, counted=False),      # a row of an option list
                control("button", (900, 480, 1090, 540), 0, counted=False, visible=0.67),  # two thirds show
                control("button", (560, 420, 640, 450), 0, counted=False, visible=0.5),    # half under the dialog
            ]}


def test_real_desktop_truth_becomes_boxes_at_the_detectors_scale_and_hidden_parts_are_painted_over():
    import numpy as np

    from tools.ui_detector.from_screens import label_screen

    rng = np.random.default_rng(0)
    image = Image.fromarray(rng.integers(0, 256, (1080, 1920, 3), dtype=np.uint8))
    screen = label_screen(image, _desktop_truth())
    assert screen.image.size == (1280, 720)  # as the analyzer scales a 1920×1080 screen
    boxes = sorted((CLASSES[cls], tuple(round(v) for v in box)) for cls, *box in screen.boxes)
    expected = [("button", (587, 300, 653, 320)),         # whole
                ("button", (600, 333, 727, 360)),         # its largest visible piece, below the dialog
                ("checkbox_checked", (413, 229, 425, 241))]  # on its mark, not its label
    assert boxes == sorted(expected)
    pixels = np.asarray(screen.image).astype(int)
    assert pixels[702:718, 10:1270].std(axis=(0, 1)).max() < 2       # the task bar, painted over
    assert pixels[282:298, 375:398].std(axis=(0, 1)).max() < 2       # the half-hidden button too
    assert pixels[255:265, 415:650].std(axis=(0, 1)).min() > 20      # the option row is left as it is


def _news_page(seed: int) -> Image.Image:
    """A news page: four night photos with stars and lights, a white headline over each, a line
    of text and a grey byline under each; no control at all."""
    import random

    import numpy as np
    from PIL import ImageDraw, ImageFilter

    from conftest import font

    rng = random.Random(seed)
    image = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(image)
    headlines = ["Дени Вильнев снимет новый фильм про Бонда", "В парке высадили двести молодых лип",
                 "Оркестр Новосибирска даст бесплатный концерт", "Музей продлил выставку старинных карт"]
    for i, headline in enumerate(headlines):
        x, y = 40 + (i % 2) * 620, 40 + (i // 2) * 380
        top = np.array([10, 20, 60])
        bottom = np.array([rng.randint(40, 120), rng.randint(30, 90), rng.randint(60, 140)])
        sky = (top + (bottom - top) * np.linspace(0, 1, 240)[:, None]).astype(np.uint8)
        photo = Image.fromarray(np.repeat(sky[:, None, :], 580, axis=1))
        stars = ImageDraw.Draw(photo)
        for _ in range(40):
            cx, cy, r = rng.randint(0, 579), rng.randint(0, 180), rng.randint(1, 4)
            stars.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 230))
        image.paste(photo.filter(ImageFilter.GaussianBlur(0.6)), (x, y))
        draw.text((x + 16, y + 190), headline, font=font(22, bold=True), fill="white")
        draw.text((x, y + 256), "Подробности в материале нашего корреспондента.", font=font(16), fill=(40, 40, 40))
        draw.text((x, y + 282), "12 комментариев · 3 часа назад", font=font(14), fill=(110, 110, 110))
    return image


@pytest.mark.parametrize("seed", range(4))
def test_a_news_page_has_its_photos_and_no_checkbox(seed: int):
    """Each night photo of a news page was also read as two or three pictures (its parts): four
    photos gave up to ten «картинки». No checkbox either (on real pages headlines were; that
    threshold is measured on tools/screens, see the analyzer). A false radio (0.40–0.44) is still
    found on this page: radios are held to 0.35, or the generated screens' radios are lost."""
    analyzer = UiAnalyzer(Device("cpu"))
    elements = analyzer.analyze(_news_page(seed))
    kinds = [e.type for e in elements]
    assert "checkbox" not in kinds
    assert 4 <= kinds.count("image") <= 5, kinds
