"""The pipeline: runs the analyzers on one image and merges their findings into a Scene.

It is Qt-free and lives on one thread (the CLI's main thread, or the desktop
worker thread that owns the models). A failing or missing analyzer never stops
the others: the Scene says in ``warnings`` what could not be done.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from functools import partial
from typing import TypeVar

from PIL import Image

from vidimo import messages
from vidimo.compose import compose
from vidimo.interface import attach_labels, label_places, split_at_fields
from vidimo.models.base import Analyzer, Request
from vidimo.models.errors import AnalysisCancelled, EngineUnavailableError, ModelMissingError
from vidimo.models.text.layout import ordered_lines
from vidimo.models.translate.llm import LlmEndpoint
from vidimo.narration import narrate
from vidimo.scene import DETAIL_LEVELS, Scene
from vidimo.settings import ALL_STAGES, DEFAULT_THRESHOLD, CoreSettings

log = logging.getLogger(__name__)

T = TypeVar("T")


Cancelled = AnalysisCancelled


def endpoint_for(settings: CoreSettings) -> LlmEndpoint | None:
    """The chat endpoint the settings allow, with its key from the keyring; ``None`` if off."""
    if not settings.uses_endpoint:
        return None
    from vidimo.secrets import get_api_key

    return LlmEndpoint(settings.llm_base_url, settings.llm_model, get_api_key())


def build_analyzers(settings: CoreSettings, endpoint: LlmEndpoint | None = None) -> list[Analyzer]:
    """The analyzers for the enabled stages; none loads anything until first used."""
    analyzers: list[Analyzer] = []
    if "caption" in settings.stages:
        from vidimo.models.caption.analyzer import CaptionAnalyzer

        translate_endpoint = endpoint if settings.llm_translate else None
        analyzers.append(CaptionAnalyzer(settings.device, model=settings.captioner, endpoint=translate_endpoint))
    if "ui" in settings.stages:
        from vidimo.models.ui.analyzer import UiAnalyzer

        analyzers.append(UiAnalyzer(settings.device))
    if "people" in settings.stages:
        from vidimo.models.people.analyzer import PeopleAnalyzer

        analyzers.append(PeopleAnalyzer(settings.device))
    if "text" in settings.stages:
        from vidimo.models.text.analyzer import TextAnalyzer

        analyzers.append(TextAnalyzer(settings.device, engine=settings.ocr_engine))
    return analyzers


class Pipeline:
    """``Pipeline(analyzers).describe(image, "normal") -> Scene`` with narration filled in."""

    def __init__(
        self,
        analyzers: Sequence[Analyzer],
        *,
        caption_threshold: float = DEFAULT_THRESHOLD,
        compose_with: LlmEndpoint | None = None,
    ) -> None:
        order = {name: i for i, name in enumerate(ALL_STAGES)}
        self.analyzers = sorted(analyzers, key=lambda a: order.get(a.name, len(order)))
        self.caption_threshold = caption_threshold
        self.compose_with = compose_with

    @classmethod
    def from_settings(cls, settings: CoreSettings) -> "Pipeline":
        """A pipeline as the settings describe it (the endpoint key is read from the keyring)."""
        endpoint = endpoint_for(settings)
        return cls(
            build_analyzers(settings, endpoint),
            caption_threshold=settings.caption_threshold,
            compose_with=endpoint if settings.llm_compose else None,
        )

    def warm_up(self) -> list[str]:
        """Load every analyzer now (in the background in the app); returns Russian warnings."""
        warnings: list[str] = []
        for analyzer in self.analyzers:
            _, problem = self._guard(analyzer.name, analyzer.load)
            if problem:
                warnings.append(problem)
        return warnings

    def _read_missed_labels(self, image: Image.Image, scene: Scene) -> None:
        """Reads the places left of fields where the page reading found no text, and labels
        the fields again with what was found there."""
        reader = next((a for a in self.analyzers if a.name == "text" and a.loaded), None)
        places = label_places(scene.ui_elements, scene.texts)
        if reader is None or not places:
            return
        found, problem = self._guard("text", partial(reader.read_places, image, places))
        if problem or not found:
            return
        scene.texts = ordered_lines([*scene.texts, *found])
        scene.ui_elements, scene.label_lines = attach_labels(scene.ui_elements, scene.texts)

    def describe(
        self,
        image: Image.Image,
        detail: str = "normal",
        *,
        cancelled: Callable[[], bool] | None = None,
        skip: Collection[str] = (),
    ) -> Scene:
        """Analyze an RGB image and narrate it, leaving out the stages named in ``skip``.
        Raises :class:`Cancelled` between stages."""
        if detail not in DETAIL_LEVELS:
            raise ValueError(f"unknown detail level {detail!r}")
        scene = Scene(width=image.width, height=image.height, detail=detail)
        request = Request(detail=detail, cancelled=cancelled or Request().cancelled)
        for analyzer in self.analyzers:
            if analyzer.name in skip:
                continue
            if cancelled is not None and cancelled():
                raise Cancelled
            started = time.perf_counter()
            findings, problem = self._guard(analyzer.name, partial(analyzer.analyze, image, request))
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
        if scene.ui_elements:
            if cancelled is not None and cancelled():
                raise Cancelled
            started = time.perf_counter()
            scene.texts = split_at_fields(scene.texts, scene.ui_elements)
            scene.ui_elements, scene.label_lines = attach_labels(scene.ui_elements, scene.texts)
            if "text" not in skip:
                self._read_missed_labels(image, scene)
            scene.timings_ms["labels"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        scene.narration = narrate(scene, caption_threshold=self.caption_threshold)
        scene.timings_ms["narration"] = (time.perf_counter() - started) * 1000
        if self.compose_with is not None:
            started = time.perf_counter()
            composed = compose(scene, self.compose_with)
            scene.timings_ms["compose"] = (time.perf_counter() - started) * 1000
            if composed:
                scene.narration = composed
        return scene

    @staticmethod
    def _guard(stage: str, work: Callable[[], T]) -> tuple[T | None, str | None]:
        """Run ``work``: its result and no warning, or no result and a Russian warning
        (unknown failures are logged with their traceback)."""
        try:
            return work(), None
        except ModelMissingError as error:
            return None, messages.model_missing(error)
        except EngineUnavailableError as error:
            return None, messages.engine_missing(error)
        except Cancelled:
            raise
        except Exception:  # noqa: BLE001 - one analyzer must never stop the others
            log.exception("stage %s failed", stage)
            return None, messages.stage_failed(stage)

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
