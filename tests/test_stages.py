"""Stages are declared once: a new one, registered in one place, runs, switches off, shows and speaks."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from vidimo import cli, messages, stages  # noqa: E402
from vidimo.models.base import Analyzer, Request  # noqa: E402
from vidimo.models.device import Device  # noqa: E402
from vidimo.settings import CoreSettings  # noqa: E402


@dataclass(frozen=True)
class Colour:
    """The toy stage's finding: the colour of the image's first pixel."""

    name: str
    box: tuple[int, int, int, int]


class ColourAnalyzer(Analyzer[Colour]):
    name = "colour"

    def _load(self, device: Device) -> None:
        pass

    def _analyze(self, image: Image.Image, request: Request) -> list[Colour]:
        red = image.getpixel((0, 0))[0] > 128
        return [Colour("красный" if red else "тёмный", (0, 0, image.width, image.height))]


@pytest.fixture()
def colour_stage():
    """The one place a new stage is declared."""
    stage = stages.Stage(
        "colour", setting="Называть цвет", ability="цвет", flag_help="не называть цвет", failure="определить цвет",
        json_key="colours", build=lambda settings, endpoint: ColourAnalyzer(settings.device),
        narrate=lambda scene, options: [f"Цвет: {c.name}." for c in scene.get("colour")], photo_rank=5,
        screen_rank=5)
    stages.register(stage)
    yield stage
    stages.unregister("colour")


@pytest.fixture()
def red_picture(tmp_path: Path) -> Path:
    path = tmp_path / "красное.png"
    Image.new("RGB", (120, 80), (220, 20, 20)).save(path)
    return path


def describe(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["describe", *args, "--no-people", "--no-ui", "--no-caption", "--device", "cpu"])
    return code, capsys.readouterr().out


def test_a_registered_stage_runs_shows_in_json_and_is_narrated(colour_stage, red_picture: Path, capsys):
    code, out = describe(capsys, str(red_picture), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["colours"] == [{"name": "красный", "box": [0, 0, 120, 80]}]
    assert data["narration"].startswith("Цвет: красный.")
    assert "colour" in data["timings_ms"]


def test_a_registered_stage_is_switched_off_by_its_flag_and_its_checkbox(colour_stage, red_picture: Path,
                                                                          capsys, qtbot):
    code, out = describe(capsys, str(red_picture), "--json", "--no-colour")
    assert code == 0 and json.loads(out)["colours"] == [] and "Цвет" not in json.loads(out)["narration"]

    from vidimo.shell.app_settings import AppSettings
    from vidimo.shell.settings_window import SettingsWindow

    window = SettingsWindow(AppSettings())
    qtbot.addWidget(window)
    box = window.stage_boxes["colour"]
    assert box.text() == "Называть цвет" and box.isChecked()
    assert "colour" in window.current().core().stages
    changed: list = []
    window.changed.connect(changed.append)
    box.setChecked(False)
    assert "colour" not in changed[-1].core().stages
    assert CoreSettings().stages[-1] == "colour"


def test_a_failing_stage_is_named_by_its_declaration(colour_stage, red_picture: Path, capsys, monkeypatch):
    def broken(self, image, request):
        raise RuntimeError("no colours today")

    monkeypatch.setattr(ColourAnalyzer, "_analyze", broken)
    code, out = describe(capsys, str(red_picture))
    assert code == 0 and "Не удалось определить цвет" in out


def test_every_place_that_names_stages_reads_the_registry(qtbot):
    names = stages.names()
    assert names == ("caption", "ui", "people", "text", "windows")
    assert CoreSettings().stages == stages.default_names()
    flags = {a.option_strings[0] for a in cli._parser()._subparsers._group_actions[0].choices["describe"]._actions
             if a.option_strings and a.option_strings[0].startswith("--no-")}
    assert flags == {f"--no-{name}" for name in names}

    from vidimo.shell.app_settings import AppSettings
    from vidimo.shell.settings_window import SettingsWindow

    window = SettingsWindow(AppSettings())
    qtbot.addWidget(window)
    assert list(window.stage_boxes) == list(names)
    for stage in stages.all_stages():
        assert window.stage_boxes[stage.name].text() == stage.setting
        assert stage.failure in messages.stage_failed(stage.name)


def test_an_unknown_stage_or_finding_is_an_error_not_dropped():
    from vidimo.pipeline import Pipeline, build_analyzers
    from vidimo.scene import Scene

    with pytest.raises(ValueError, match="unknown stages"):
        build_analyzers(CoreSettings(stages=("text", "colour")))
    with pytest.raises(ValueError, match="no stage is registered"):
        Pipeline([ColourAnalyzer("cpu")])
    with pytest.raises(KeyError, match="colour"):
        Scene(10, 10).put("colour", [])
    scene = Scene(10, 10, findings={"colour": []})
    with pytest.raises(KeyError, match="colour"):
        scene.to_dict()
    with pytest.raises(ValueError, match="already registered"):
        stages.register(stages.stage("text"))


def test_tools_import_the_app_by_its_installed_name():
    """One module, one name: tools import ``vidimo.models…``, never the source folder ``models…``
    (the same file imported twice under two names holds two copies of its constants)."""
    import re

    root = Path(__file__).resolve().parent.parent
    second_name = re.compile(r"^\s*(from|import)\s+(models|app)(\.|\s)", re.MULTILINE)
    offenders = [str(path.relative_to(root)) for path in sorted((root / "tools").rglob("*.py"))
                 if second_name.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


class _Waiting(Analyzer[Colour]):
    """A toy analyzer that takes ``seconds`` to find one colour."""

    def __init__(self, name: str, seconds: float) -> None:
        super().__init__("cpu")
        self.name, self.seconds = name, seconds

    def _load(self, device: Device) -> None:
        pass

    def _analyze(self, image: Image.Image, request: Request) -> list[Colour]:
        import time

        time.sleep(self.seconds)
        return [Colour(self.name, (0, 0, 1, 1))]


def test_steps_run_in_the_order_declared_whichever_stage_ends_first(monkeypatch, red_picture: Path):
    """The labels step records indices into the page's lines and the titles step adds lines after
    them: when the windows stage ended before the interface stage, titles ran first, and a button's
    label could be lost or depend on the machine's load."""
    from vidimo.imageio import load_image
    from vidimo.pipeline import Pipeline

    for name in ("slow", "fast"):
        stages.register(stages.Stage(
            name, setting=name, ability=name, flag_help=name, failure=name, json_key=name,
            build=lambda settings, endpoint: None, narrate=lambda scene, options: [], photo_rank=5, screen_rank=5))
    ran: list[str] = []
    monkeypatch.setattr(stages, "STEPS", (
        stages.Step("first", failure="first", needs=("slow",), run=lambda image, scene, analyzers: ran.append("first")),
        stages.Step("second", failure="second", needs=("fast",), run=lambda image, scene, analyzers: ran.append("second")),
    ))
    try:
        Pipeline([_Waiting("slow", 0.5), _Waiting("fast", 0.0)]).describe(load_image(red_picture))
    finally:
        stages.unregister("slow")
        stages.unregister("fast")
    assert ran == ["first", "second"]


class _Loading(Analyzer[Colour]):
    """A toy analyzer whose model loads only once ``may_load`` is set."""

    name = "late"

    def __init__(self, device: str, loaded) -> None:  # noqa: ANN001 - threading.Event
        super().__init__(device)
        self.may_load = loaded

    def _load(self, device: Device) -> None:
        assert self.may_load.wait(30), "the test never let the model load"

    def _analyze(self, image: Image.Image, request: Request) -> list[Colour]:
        return [Colour("поздний", (0, 0, 1, 1))]


def test_the_first_request_waits_only_for_the_stages_it_still_needs(qtbot, colour_stage, red_picture: Path):
    """The app used to load every model before it took the first request: a press right after
    «Видимо запущено» heard nothing until the slowest model was loaded (9 s on 2 cores). Now the
    loaded stages speak while the others load, and the models' report comes when they are done."""
    import threading

    from PIL import Image as PilImage

    from vidimo.shell.worker import Worker

    loaded = threading.Event()
    stages.register(stages.Stage(
        "late", setting="late", ability="late", flag_help="late", failure="late", json_key="late",
        build=lambda settings, endpoint: _Loading(settings.device, loaded),
        narrate=lambda scene, options: [f"Потом: {c.name}." for c in scene.get("late")], photo_rank=6,
        screen_rank=6))
    worker = Worker()
    words: list[str] = []
    ready: list[bool] = []
    finished: list[object] = []
    worker.words.connect(lambda request_id, sentences: words.extend(sentences))
    worker.ready.connect(lambda problems, missing: ready.append(True))
    worker.finished.connect(lambda request_id, scene: finished.append(scene))
    try:
        worker.configure(CoreSettings(device="cpu", stages=("colour", "late")))
        worker.submit(detail="normal", image=PilImage.open(red_picture).convert("RGB"))
        qtbot.waitUntil(lambda: words == ["Цвет: красный."], timeout=10000)
        assert not ready and not finished, "the late model is still loading"
        loaded.set()
        qtbot.waitUntil(lambda: bool(ready and finished), timeout=10000)
    finally:
        loaded.set()
        worker.shutdown()
        stages.unregister("late")
    assert words == ["Цвет: красный.", "Потом: поздний."]
    assert finished[0].narration == "Цвет: красный. Потом: поздний."


def test_settings_changed_while_models_load_never_load_one_twice_at_once(qtbot):
    """Models load in the background after the start; a settings change meanwhile rebuilt the
    pipeline at once and loaded every model again beside the first load (twice the memory, two
    cores shared by two loads)."""
    import threading
    import time

    from vidimo.shell.worker import Worker

    loading, most, lock = [0], [0], threading.Lock()

    class Counted(Analyzer[Colour]):
        name = "late"

        def _load(self, device: Device) -> None:
            with lock:
                loading[0] += 1
                most[0] = max(most[0], loading[0])
            time.sleep(0.5)
            with lock:
                loading[0] -= 1

        def _analyze(self, image: Image.Image, request: Request) -> list[Colour]:
            return []

    stages.register(stages.Stage(
        "late", setting="late", ability="late", flag_help="late", failure="late", json_key="late",
        build=lambda settings, endpoint: Counted(settings.device), narrate=lambda scene, options: [],
        photo_rank=6, screen_rank=6))
    worker = Worker()
    ready: list[bool] = []
    worker.ready.connect(lambda problems, missing: ready.append(True))
    try:
        worker.configure(CoreSettings(device="cpu", stages=("late",)))
        time.sleep(0.1)  # the first load has begun
        worker.configure(CoreSettings(device="cpu", detail="brief", stages=("late",)))
        qtbot.waitUntil(lambda: bool(ready), timeout=10000)
    finally:
        worker.shutdown()
        stages.unregister("late")
    assert most[0] == 1


def test_title_bars_are_read_alongside_the_page_only_by_an_engine_that_can():
    """EasyOCR's one network is not shared between threads: with it, the titles wait for the page."""
    from vidimo.models.findings import Window
    from vidimo.scene import Scene

    titles = next(step for step in stages.STEPS if step.name == "titles")
    scene = Scene(1280, 800)
    scene.put("windows", [Window((100, 100, 900, 600), None, True, (100, 100, 900, 126))])

    class Reader:
        loaded = True
        reads_places_alongside = False

    assert not titles.early(scene, {"text": Reader()})
    Reader.reads_places_alongside = True
    assert titles.early(scene, {"text": Reader()})
    assert "windows" not in next(step for step in stages.STEPS if step.name == "title_lines").changed(), \
        "the window titles are final before their lines join the text"
