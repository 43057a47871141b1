"""The app's settings: the core ones plus the shell's, stored with QSettings.

Fields are declared once in :class:`AppSettings`; loading and saving walk them. Starting at login
is not stored here: the XDG autostart entry is that setting (:mod:`vidimo.shell.autostart`).
"""
from __future__ import annotations

import logging
import re
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


#: In the problems of :func:`load_checked`: the file held bytes no settings file has (it was damaged).
DAMAGED = "damaged"
DAMAGED_SENTENCE = ("Файл настроек был повреждён, и Видимо записало его заново; то, что не удалось прочитать, "
                    "возвращено к значениям по умолчанию.")
#: What a key or a text value of a settings file written by Qt never holds: control characters and
#: the replacement character of bytes that were not UTF-8.
_DAMAGE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")
_TRUE, _FALSE = ("true", "1"), ("false", "0")


def problem_sentence(problems: list[str]) -> str:
    """One Russian sentence about stored settings that were put back to their defaults (two when
    the file was damaged)."""
    titles = [problem for problem in problems if problem != DAMAGED]
    listed = ("Сохранённые настройки содержали неверные значения; возвращены значения по умолчанию: "
              + ", ".join(titles) + ".") if titles else ""
    if DAMAGED in problems:
        return f"{DAMAGED_SENTENCE} {listed}".strip()
    return listed


def hotkey_works(hotkey: str) -> bool:
    """An empty hotkey (none), or one pynput can register that typing cannot set off."""
    if not hotkey:
        return True
    from vidimo.shell.hotkey_edit import is_usable

    if _DAMAGE.search(hotkey) or not is_usable(hotkey):
        return False
    try:
        from pynput.keyboard import HotKey
    except Exception:  # noqa: BLE001 - no display for pynput's backend here: its grammar, checked by hand
        return all(len(part) == 1 and part.isprintable() or re.fullmatch(r"<[a-z0-9_]+>", part)
                   for part in hotkey.split("+"))
    try:
        HotKey.parse(hotkey)
    except (ValueError, KeyError):
        return False
    return True


def _damaged(store: QSettings) -> bool:
    """True when the file holds what Qt never writes: a format error, or control characters or
    undecodable bytes in a key or a text value."""
    keys = store.allKeys()  # reads the file: its status is known only after this
    if store.status() != QSettings.Status.NoError:
        return True
    for key in keys:
        value = store.value(key)
        if _DAMAGE.search(key) or (isinstance(value, str) and _DAMAGE.search(value)):
            return True
    return False


def _as_bool(raw: object) -> bool | None:
    """A stored flag, or ``None`` when the text is no flag at all."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def load(store: QSettings) -> AppSettings:
    """Read settings; malformed values fall back to the defaults (see :func:`load_checked`)."""
    return load_checked(store)[0]


def load_checked(store: QSettings) -> tuple[AppSettings, list[str]]:
    """Read settings and validate them: the settings, and the Russian titles of the stored values
    that could not be used and were put back to their defaults. A damaged file (garbage bytes) is
    :data:`DAMAGED` among them, and is written again at once: what could be read, defaults for the
    rest, and no garbage keys, so the next start is clean."""
    settings = AppSettings()
    problems: list[str] = []
    damaged = _damaged(store)
    values = {}
    for item in fields(AppSettings):
        if item.name in NOT_PLAIN:
            continue
        default = getattr(settings, item.name)
        raw = store.value(item.name, default)
        try:
            if isinstance(default, bool):
                flag = _as_bool(raw)
                if flag is None:
                    raise ValueError(raw)
                values[item.name] = flag
            elif isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
                values[item.name] = type(default)(raw)
            else:
                raise TypeError(type(raw))
        except (TypeError, ValueError):
            values[item.name] = default
            problems.append(item.name)
    chosen = default_stages()
    for name, default in chosen.items():
        flag = _as_bool(store.value(stage_key(name), default))
        if flag is None:
            problems.append(stages.stage(name).setting)
        chosen[name] = default if flag is None else flag
    if _stored_format(store) < 2:
        chosen["ui"] = stages.stage("ui").default
    hotkeys = default_hotkeys()
    store.beginGroup("hotkeys")
    for action_id in list(hotkeys):
        stored = store.value(action_id, hotkeys[action_id])
        if isinstance(stored, str) and hotkey_works(stored):
            hotkeys[action_id] = stored
        else:
            problems.append(f"сочетание клавиш «{BY_ID[action_id].title}»")
    store.endGroup()
    checked, invalid = validated(replace(settings, **values, hotkeys=hotkeys, stages=chosen,
                                         autostart=autostart.enabled()))
    titles = {**{name: title for name, (title, _) in _choices().items()},
              **{name: title for name, (title, _, _) in RANGES.items()}}
    plain = {item.name for item in fields(AppSettings)}
    # A value that has no Russian title (a flag, a text) and could not be read: only garbage does that.
    damaged = damaged or any(problem in plain and problem not in titles for problem in problems)
    found = [titles.get(problem, problem) for problem in problems if problem in titles or problem not in plain]
    if damaged:
        _rewrite(store, checked)
        found.insert(0, DAMAGED)
    return checked, found + invalid


def _rewrite(store: QSettings, settings: AppSettings) -> None:
    """Write a damaged file again: its garbage keys removed, every setting stored."""
    log.warning("the settings file %s was damaged; written again", store.fileName())
    for key in store.allKeys():
        value = store.value(key)
        if _DAMAGE.search(key) or (isinstance(value, str) and _DAMAGE.search(value)):
            store.remove(key)
    save(settings, store)


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
