"""The pipeline: runs the analyzers on one image and merges their findings into a Scene.

It is Qt-free and lives on one thread (the CLI's main thread, or the desktop
worker thread that owns the models). A failing or missing analyzer never stops
the others: the Scene says in ``warnings`` what could not be done.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence

from PIL import Image

from vidimo import messages
from vidimo.models.base import Analyzer
from vidimo.models.errors import EngineUnavailableError, ModelMissingError
from vidimo.narration import narrate
from vidimo.scene import DETAIL_LEVELS, Scene

log = logging.getLogger(__name__)

#: Analyzers the pipeline knows, in the order they run and are narrated.
ANALYZER_NAMES = ("caption", "ui", "people", "text")


class Cancelled(Exception):
    """A newer request superseded this one."""


def build_analyzers(
    *, device: str = "auto", ocr_engine: str = "auto", enabled: Iterable[str] = ("text", "people")
) -> list[Analyzer]:
    """The analyzers for ``enabled`` stages; none loads anything until first used."""
    enabled = set(enabled)
    analyzers: list[Analyzer] = []
    if "people" in enabled:
        from vidimo.models.people.analyzer import PeopleAnalyzer

        analyzers.append(PeopleAnalyzer(device))
    if "text" in enabled:
        from vidimo.models.text.analyzer import TextAnalyzer

        analyzers.append(TextAnalyzer(device, engine=ocr_engine))
    return analyzers


class Pipeline:
    """``Pipeline(analyzers).describe(image, "normal") -> Scene`` with narration filled in."""

    def __init__(self, analyzers: Sequence[Analyzer], *, caption_threshold: float = 0.64) -> None:
        order = {name: i for i, name in enumerate(ANALYZER_NAMES)}
        self.analyzers = sorted(analyzers, key=lambda a: order.get(a.name, len(order)))
        self.caption_threshold = caption_threshold

    def warm_up(self) -> list[str]:
        """Load every analyzer now (in the background in the app); returns Russian warnings."""
        warnings: list[str] = []
        for analyzer in self.analyzers:
            problem = self._guard(analyzer.name, analyzer.load)
            if problem:
                warnings.append(problem)
        return warnings

    def describe(
        self,
        image: Image.Image,
        detail: str = "normal",
        *,
        cancelled: Callable[[], bool] | None = None,
    ) -> Scene:
        """Analyze an RGB image and narrate it. Raises :class:`Cancelled` between stages."""
        if detail not in DETAIL_LEVELS:
            raise ValueError(f"unknown detail level {detail!r}")
        scene = Scene(width=image.width, height=image.height, detail=detail)
        for analyzer in self.analyzers:
            if cancelled is not None and cancelled():
                raise Cancelled
            started = time.perf_counter()
            findings: list = []

            def run(analyzer: Analyzer = analyzer) -> None:
                findings.extend(analyzer.analyze(image))

            problem = self._guard(analyzer.name, run)
            scene.timings_ms[analyzer.name] = (time.perf_counter() - started) * 1000
            if problem:
                if problem not in scene.warnings:
                    scene.warnings.append(problem)
                continue
            for missing in analyzer.missing_models:
                warning = messages.reduced(analyzer.name, missing)
                if warning not in scene.warnings:
                    scene.warnings.append(warning)
            self._store(scene, analyzer.name, findings)
        started = time.perf_counter()
        scene.narration = narrate(scene, caption_threshold=self.caption_threshold)
        scene.timings_ms["narration"] = (time.perf_counter() - started) * 1000
        return scene

    @staticmethod
    def _guard(stage: str, work: Callable[[], None]) -> str | None:
        """Run ``work``; turn a known failure into a Russian warning, log the unknown."""
        try:
            work()
        except ModelMissingError as error:
            return messages.model_missing(error)
        except EngineUnavailableError as error:
            return messages.engine_missing(error)
        except Cancelled:
            raise
        except Exception:  # noqa: BLE001 - one analyzer must never stop the others
            log.exception("stage %s failed", stage)
            return messages.stage_failed(stage)
        return None

    @staticmethod
    def _store(scene: Scene, stage: str, findings: list) -> None:
        if stage == "text":
            scene.texts = findings
        elif stage == "people":
            scene.people = findings
        elif stage == "ui":
            scene.ui_elements = findings
        elif stage == "caption":
            scene.caption = findings[0] if findings else None
