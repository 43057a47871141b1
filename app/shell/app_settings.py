"""The app's settings: the core ones plus the shell's, stored with QSettings.

Fields are declared once in :class:`AppSettings`; loading and saving walk them. Starting at login
is not stored here: the XDG autostart entry is that setting (:mod:`vidimo.shell.autostart`).
"""
from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace

from PySide6.QtCore import QSettings

from vidimo import stages
from vidimo.settings import CoreSettings
from vidimo.shell import autostart
from vidimo.shell.actions import ACTIONS, BY_ID
from vidimo.shell.hotkeys import conflicts

log = logging.getLogger(__name__)

OUTPUTS = ("voice", "screen_reader")
#: Version of the stored settings. 2: the interface stage left its trial and is on by default;
#: an «off» stored by version 1 was that trial's default, so it is not carried over.
FORMAT = 2


def default_hotkeys() -> dict[str, str]:
    return {a.id: a.hotkey for a in ACTIONS if a.hotkey}


def default_stages() -> dict[str, bool]:
    """Every registered stage, on or off as it is declared."""
    return {stage.name: stage.default for stage in stages.all_stages()}


def stage_key(name: str) -> str:
    """Where a stage's checkbox is stored: ``stage_text``."""
    return f"stage_{name}"


@dataclass
class AppSettings:
    """Everything the settings window edits."""

    detail: str = "normal"
    device: str = "auto"
    ocr_engine: str = "auto"
    captioner: str = "auto"
    voice_engine: str = "auto"
    voice_name: str = ""
    rate_percent: int = 0
    volume_percent: int = 100
    output: str = "voice"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_translate: bool = False
    llm_compose: bool = False
    hotkeys: dict[str, str] = field(default_factory=default_hotkeys)
    #: Each registered stage: on or off (stored as ``stage_NAME``).
    stages: dict[str, bool] = field(default_factory=default_stages)
    #: Start at login; read from and written to the autostart entry, not to QSettings.
    autostart: bool = False

    def with_stages(self, **on: bool) -> "AppSettings":
        """A copy with the named stages turned on or off: ``settings.with_stages(ui=False)``."""
        unknown = set(on) - set(self.stages)
        if unknown:
            raise KeyError(f"unknown stages {sorted(unknown)}")
        return replace(self, stages={**self.stages, **on})

    def core(self) -> CoreSettings:
        """The part the pipeline needs."""
        chosen = tuple(name for name in stages.names() if self.stages.get(name, stages.stage(name).default))
        return CoreSettings(detail=self.detail, device=self.device, stages=chosen, ocr_engine=self.ocr_engine,
                            captioner=self.captioner, voice=self.voice_engine, rate_percent=self.rate_percent,
                            llm_base_url=self.llm_base_url, llm_model=self.llm_model,
                            llm_translate=self.llm_translate, llm_compose=self.llm_compose)


def _choices() -> dict[str, tuple[str, Collection[str]]]:
    """Fields with a fixed set of values: their Russian title and the values allowed."""
    from vidimo.models.caption.analyzer import CAPTIONERS
    from vidimo.models.device import DEVICE_CHOICES
    from vidimo.models.text.analyzer import OCR_ENGINES
    from vidimo.scene import DETAIL_LEVELS
    from vidimo.speech.chain import ENGINE_NAMES

    return {
        "detail": ("Подробность", DETAIL_LEVELS),
        "device": ("Устройство для моделей", DEVICE_CHOICES),
        "ocr_engine": ("Распознавание текста", OCR_ENGINES),
        "captioner": ("Модель описания сцены", CAPTIONERS),
        "voice_engine": ("Голосовой движок", ENGINE_NAMES),
        "output": ("Куда выводить описание", OUTPUTS),
    }


#: Fields kept elsewhere than in the plain key-value list: groups, and the autostart entry.
NOT_PLAIN = ("hotkeys", "stages", "autostart")
#: Numeric fields and their allowed ranges, with Russian titles.
RANGES = {"rate_percent": ("Скорость речи", -50, 100), "volume_percent": ("Громкость", 0, 100)}


def validated(settings: AppSettings) -> tuple[AppSettings, list[str]]:
    """Settings with every value a stored file may hold but the app cannot use (a captioner that no
    longer exists, a volume of 300, two commands on one hotkey) put back to its default, and a
    Russian sentence for each such value."""
    defaults = AppSettings()
    changes: dict[str, object] = {}
    problems: list[str] = []
    for name, (title, allowed) in _choices().items():
        if getattr(settings, name) not in allowed:
            changes[name] = getattr(defaults, name)
            problems.append(title)
    for name, (title, low, high) in RANGES.items():
        if not low <= getattr(settings, name) <= high:
            changes[name] = getattr(defaults, name)
            problems.append(title)
    hotkeys = dict(settings.hotkeys)
    for action_id in conflicts(hotkeys):
        hotkeys[action_id] = defaults.hotkeys[action_id]
        problems.append(f"сочетание клавиш «{BY_ID[action_id].title}»")
    if conflicts(hotkeys):  # a default itself now clashes with a stored one: all back to defaults
        hotkeys = dict(defaults.hotkeys)
    changes["hotkeys"] = hotkeys
    if problems:
        log.warning("stored settings out of range, defaults used: %s", problems)
    return replace(settings, **changes), problems


def problem_sentence(problems: list[str]) -> str:
    """One Russian sentence about stored settings that were put back to their defaults."""
    return ("Сохранённые настройки содержали неверные значения; возвращены значения по умолчанию: "
            + ", ".join(problems) + ".")


def load(store: QSettings) -> AppSettings:
    """Read settings; malformed values fall back to the defaults (see :func:`load_checked`)."""
    return load_checked(store)[0]


def load_checked(store: QSettings) -> tuple[AppSettings, list[str]]:
    """Read settings and validate them: the settings, and the Russian titles of the stored values
    that could not be used and were put back to their defaults."""
    settings = AppSettings()
    problems: list[str] = []
    values = {}
    for item in fields(AppSettings):
        if item.name in NOT_PLAIN:
            continue
        default = getattr(settings, item.name)
        raw = store.value(item.name, default)
        try:
            if isinstance(default, bool):
                values[item.name] = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
            else:
                values[item.name] = type(default)(raw)
        except (TypeError, ValueError):
            values[item.name] = default
            problems.append(item.name)
    chosen = default_stages()
    for name, default in chosen.items():
        raw = store.value(stage_key(name), default)
        chosen[name] = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
    if _stored_format(store) < 2:
        chosen["ui"] = stages.stage("ui").default
    hotkeys = default_hotkeys()
    store.beginGroup("hotkeys")
    for action_id in list(hotkeys):
        hotkeys[action_id] = str(store.value(action_id, hotkeys[action_id]))
    store.endGroup()
    checked, invalid = validated(replace(settings, **values, hotkeys=hotkeys, stages=chosen,
                                         autostart=autostart.enabled()))
    titles = {**{name: title for name, (title, _) in _choices().items()},
              **{name: title for name, (title, _, _) in RANGES.items()}}
    return checked, [titles.get(name, name) for name in problems] + invalid


def _stored_format(store: QSettings) -> int:
    try:
        return int(store.value("format", 1))
    except (TypeError, ValueError):
        return 1


def save(settings: AppSettings, store: QSettings) -> None:
    store.setValue("format", FORMAT)
    for item in fields(AppSettings):
        if item.name not in NOT_PLAIN:
            store.setValue(item.name, getattr(settings, item.name))
    for name, on in settings.stages.items():
        store.setValue(stage_key(name), on)
    store.beginGroup("hotkeys")
    for action_id, hotkey in settings.hotkeys.items():
        store.setValue(action_id, hotkey)
    store.endGroup()
    store.sync()
