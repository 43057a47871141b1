"""Every analysis stage, declared once, and the steps that combine their findings.

A :class:`Stage` says what the pipeline runs (its analyzer), how the user switches it off (the
``--no-NAME`` flag, the settings checkbox stored as ``stage_NAME``), where its findings go (the
scene, under the stage's name, and ``--json`` under ``json_key``), how they are read aloud, and
what a failure is called in Russian. The pipeline, the command line, the app's settings and
window, the messages and :meth:`Scene.to_dict` all read this table; nothing else names a stage.

A :class:`Step` runs after the stages it needs, on the same thread, with the same cancellation
and timing: attaching labels to interface elements is one.

Adding a stage (a chart reader, say) is one :func:`register` call with an analyzer from
``vidimo.models`` (:class:`~vidimo.models.base.Analyzer` whose ``name`` is the stage's name).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from vidimo.narration.caption import caption_sentences
from vidimo.narration.options import NarrationOptions
from vidimo.narration.people import people_sentences
from vidimo.narration.windows import (front_title_known, other_windows_sentences, text_part, title_sentences,
                                      window_sentences)

if TYPE_CHECKING:
    from PIL import Image

    from vidimo.models.base import Analyzer
    from vidimo.models.translate.llm import LlmEndpoint
    from vidimo.scene import Scene
    from vidimo.settings import CoreSettings

#: ``build(settings, endpoint)``: the stage's analyzer; it loads nothing until first used.
Build = Callable[["CoreSettings", "LlmEndpoint | None"], "Analyzer"]
#: ``narrate(scene, options)``: the stage's sentences, in Russian (empty when it has nothing to say).
Narrate = Callable[["Scene", NarrationOptions], list[str]]


@dataclass(frozen=True)
class Stage:
    """One analyzer as the user meets it."""

    #: Short English name: the analyzer's ``name``, the ``--no-NAME`` flag, the stored ``stage_NAME``.
    name: str
    #: The settings checkbox: «Читать текст».
    setting: str
    #: What it gives the user, for «Работает: …» at the first start: «чтение текста».
    ability: str
    #: Help of ``--no-NAME``: «не распознавать текст».
    flag_help: str
    #: What it does, for «Не удалось …»: «распознать текст».
    failure: str
    #: Where its findings stand in ``--json``: ``texts``.
    json_key: str
    build: Build
    narrate: Narrate
    #: Its place in the description of a photo, and of a screen (a window was found): lower is
    #: read earlier. Slow stages come last, so that the first words never wait for them.
    photo_rank: int
    screen_rank: int
    #: The stages whose findings its narration reads (itself, by default): it is read aloud only
    #: once they are all done.
    reads: tuple[str, ...] = ()
    #: Sentences said after every stage's own part (the other windows, after the active one's).
    closing: Narrate | None = None
    #: ``final_when(scene)``: true when its part is final as soon as the stage itself is done,
    #: before the others it ``reads`` (the active window's title came from the window manager).
    final_when: Callable[["Scene"], bool] | None = None
    #: One finding (a caption) rather than a list.
    single: bool = False
    #: On unless the user turns it off.
    default: bool = True

    def read_from(self) -> tuple[str, ...]:
        """The stages whose findings its narration reads."""
        return self.reads or (self.name,)

    def final(self, scene: Scene, settled: Collection[str]) -> bool:
        """Whether its part of the description can no longer change, with the ``settled`` stages done."""
        if set(self.read_from()) <= set(settled):
            return True
        return self.name in settled and self.final_when is not None and self.final_when(scene)

    def empty(self) -> Any:  # noqa: ANN401 - a list of findings, or one finding
        """What the scene holds when the stage found nothing."""
        return None if self.single else []


@dataclass(frozen=True)
class Step:
    """Work that combines the findings of stages, after they ran: ``run(image, scene, analyzers)``
    changes the scene in place; ``analyzers`` are the pipeline's, by stage name."""

    name: str
    #: What it does, for «Не удалось …»: «подписать элементы интерфейса».
    failure: str
    #: Stages whose findings it needs; it runs only when they ran and found something.
    needs: tuple[str, ...]
    run: Callable[["Image.Image", "Scene", Mapping[str, "Analyzer"]], None]
    #: Stages it waits for when they run, though it can do without them.
    waits: tuple[str, ...] = ()
    #: ``early(scene, analyzers)``: true when it can run without waiting (nothing it would take
    #: from those stages is needed for this scene); it then runs as soon as what it needs is done.
    early: Callable[["Scene", Mapping[str, "Analyzer"]], bool] | None = None
    #: Stages whose findings it changes (what it needs and waits for, unless said): their part of
    #: the description waits for it.
    changes: tuple[str, ...] = ()

    def changed(self) -> tuple[str, ...]:
        """The stages whose findings it changes."""
        return self.changes or (*self.needs, *self.waits)


# -- the stages -----------------------------------------------------------------------------
def _caption(settings: CoreSettings, endpoint: LlmEndpoint | None) -> Analyzer:
    from vidimo.models.caption.analyzer import CaptionAnalyzer

    return CaptionAnalyzer(settings.device, model=settings.captioner,
                           endpoint=endpoint if settings.llm_translate else None)


def _ui(settings: CoreSettings, endpoint: LlmEndpoint | None) -> Analyzer:
    from vidimo.models.ui_detector.analyzer import UiAnalyzer

    return UiAnalyzer(settings.device)


def _people(settings: CoreSettings, endpoint: LlmEndpoint | None) -> Analyzer:
    from vidimo.models.people.analyzer import PeopleAnalyzer

    return PeopleAnalyzer(settings.device)


def _text(settings: CoreSettings, endpoint: LlmEndpoint | None) -> Analyzer:
    from vidimo.models.text.analyzer import TextAnalyzer

    return TextAnalyzer(settings.device, engine=settings.ocr_engine)


def _windows(settings: CoreSettings, endpoint: LlmEndpoint | None) -> Analyzer:
    from vidimo.models.windows.analyzer import WindowsAnalyzer

    return WindowsAnalyzer()


_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> None:
    """Add a stage; a name already taken is an error (stages are declared once)."""
    if stage.name in _REGISTRY:
        raise ValueError(f"a stage called {stage.name!r} is already registered")
    _REGISTRY[stage.name] = stage


def unregister(name: str) -> None:
    """Remove a stage (for plug-ins that are unloaded, and tests)."""
    del _REGISTRY[name]


for _stage in (
    Stage("caption", setting="Описывать сцену", ability="описание сцены", flag_help="не описывать сцену", failure="описать сцену",
          json_key="caption", build=_caption, narrate=caption_sentences, photo_rank=40, screen_rank=40,
          single=True),
    Stage("ui", setting="Находить элементы интерфейса", ability="кнопки, поля и флажки",
          flag_help="не искать элементы интерфейса (кнопки, поля, флажки)",
          failure="найти элементы интерфейса", json_key="ui_elements", build=_ui, narrate=window_sentences,
          photo_rank=30, screen_rank=10, reads=("ui", "text", "windows")),
    Stage("people", setting="Искать людей", ability="люди", flag_help="не искать людей", failure="найти людей",
          json_key="people", build=_people, narrate=people_sentences, photo_rank=10, screen_rank=30),
    Stage("text", setting="Читать текст", ability="чтение текста", flag_help="не распознавать текст", failure="распознать текст",
          json_key="texts", build=_text, narrate=text_part, photo_rank=20, screen_rank=20,
          reads=("ui", "text", "windows")),
    Stage("windows", setting="Находить окна и их заголовки", ability="окна и их заголовки",
          flag_help="не искать окна (читать экран как одну страницу)", failure="найти окна",
          json_key="windows", build=_windows, narrate=title_sentences, photo_rank=5, screen_rank=5,
          reads=("windows", "text"), closing=other_windows_sentences, final_when=front_title_known),
):
    register(_stage)


def all_stages() -> tuple[Stage, ...]:
    """Every registered stage, in the order the pipeline runs them."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    """Names of every registered stage, in the order they run."""
    return tuple(_REGISTRY)


def default_names() -> tuple[str, ...]:
    """The stages that are on unless the user turns them off."""
    return tuple(s.name for s in _REGISTRY.values() if s.default)


def stage(name: str) -> Stage:
    """The stage called ``name``; :class:`KeyError` for an unknown one."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no stage is registered as {name!r}") from None


# -- the steps ------------------------------------------------------------------------------
def _labels(image: Image.Image, scene: Scene, analyzers: Mapping[str, Analyzer]) -> None:
    from vidimo.labels import label_elements

    label_elements(image, scene, analyzers.get("text"))


def _titles(image: Image.Image, scene: Scene, analyzers: Mapping[str, Analyzer]) -> None:
    from vidimo.labels import read_titles

    scene.findings["windows"], scene.title_lines = read_titles(image, scene.get("windows"), scene.texts,
                                                               analyzers.get("text"))


def _title_lines(image: Image.Image, scene: Scene, analyzers: Mapping[str, Analyzer]) -> None:
    # The title bars' text belongs to what the screen shows (the narration reads it as titles); it is
    # added after the page's lines, whose indices the labels step has recorded.
    block = max((line.block for line in scene.texts), default=-1) + 1
    scene.texts = [*scene.texts, *(replace(line, block=block) for line in scene.title_lines)]


def _titles_early(scene: Scene, analyzers: Mapping[str, Analyzer]) -> bool:
    """The titles need no page text: every window has its title from the window manager, or the
    text analyzer reads the title bars itself, alongside its reading of the page."""
    from vidimo.labels import title_bars

    windows = scene.get("windows")
    untitled = sum(not window.title for window in windows)
    reader = analyzers.get("text")
    return untitled == 0 or (reader is not None and reader.loaded and getattr(reader, "reads_places_alongside", False)
                             and len(title_bars(windows, scene.width)) == untitled)  # no title from the page text


STEPS: tuple[Step, ...] = (
    Step("labels", failure="подписать элементы интерфейса", needs=("ui",), waits=("text",), run=_labels),
    Step("titles", failure="прочитать заголовки окон", needs=("windows",), waits=("text",), run=_titles,
         early=_titles_early, changes=("windows",)),
    Step("title_lines", failure="прочитать заголовки окон", needs=("windows",), waits=("text",), run=_title_lines,
         changes=("text",)),
)


def failure(name: str) -> str:
    """What the stage or step called ``name`` does, for «Не удалось …»."""
    if name in _REGISTRY:
        return _REGISTRY[name].failure
    return next(step.failure for step in STEPS if step.name == name)
