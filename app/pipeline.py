"""The pipeline: runs the registered stages on one image and merges their findings into a Scene.

It is Qt-free and lives on one thread (the CLI's main thread, or the desktop worker thread that
owns the models). Stages and the steps that combine their findings are declared in
:mod:`vidimo.stages`; the pipeline has no per-stage code. A failing or missing analyzer never
stops the others: the Scene says in ``warnings`` what failed (spoken after the description) and
in ``notices`` what a model that is not downloaded would add (never part of the description).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from functools import partial
from typing import TypeVar

from PIL import Image

from vidimo import messages, stages
from vidimo.compose import compose
from vidimo.models import registry
from vidimo.models.base import Analyzer, Request
from vidimo.models.errors import AnalysisCancelled, EngineUnavailableError, ModelMissingError
from vidimo.models.translate.llm import LlmEndpoint
from vidimo.narration import narrate
from vidimo.scene import DETAIL_LEVELS, Scene
from vidimo.settings import DEFAULT_THRESHOLD, CoreSettings

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
    """The analyzers of the enabled stages, in the order they run; none loads anything yet."""
    unknown = set(settings.stages) - set(stages.names())
    if unknown:
        raise ValueError(f"unknown stages {sorted(unknown)}; registered: {stages.names()}")
    return [stage.build(settings, endpoint) for stage in stages.all_stages() if stage.name in settings.stages]


class Pipeline:
    """``Pipeline(analyzers).describe(image, "normal") -> Scene`` with narration filled in."""

    def __init__(
        self,
        analyzers: Sequence[Analyzer],
        *,
        caption_threshold: float = DEFAULT_THRESHOLD,
        compose_with: LlmEndpoint | None = None,
    ) -> None:
        order = stages.names()
        unknown = [a.name for a in analyzers if a.name not in order]
        if unknown:
            raise ValueError(f"no stage is registered for the analyzers {unknown}")
        self.analyzers = sorted(analyzers, key=lambda a: order.index(a.name))
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
        """Load every analyzer now (in the background in the app); returns Russian sentences about
        what failed. What is missing is in :meth:`missing_models` afterwards."""
        self._missing: dict[str, ModelMissingError] = {}
        problems: list[str] = []
        for analyzer in self.analyzers:
            _, problem, missing = self._guard(analyzer.name, analyzer.load)
            for error in ([missing] if missing else []) + list(analyzer.missing_models):
                if error.name in registry.REGISTRY:
                    self._missing.setdefault(error.name, error)
            if problem and not (missing and missing.name in registry.REGISTRY):
                problems.append(problem)
        return problems

    def missing_models(self) -> list[ModelMissingError]:
        """Models the enabled stages would use but are not on disk (after :meth:`warm_up`)."""
        return list(getattr(self, "_missing", {}).values())

    def describe(
        self,
        image: Image.Image,
        detail: str = "normal",
        *,
        cancelled: Callable[[], bool] | None = None,
        skip: Collection[str] = (),
    ) -> Scene:
        """Analyze an RGB image and narrate it, leaving out the stages named in ``skip``.
        Raises :class:`Cancelled` between stages and steps."""
        if detail not in DETAIL_LEVELS:
            raise ValueError(f"unknown detail level {detail!r}")
        scene = Scene(width=image.width, height=image.height, detail=detail)
        request = Request(detail=detail, cancelled=cancelled or Request().cancelled)
        running = {a.name: a for a in self.analyzers if a.name not in skip}

        def check() -> None:
            if request.cancelled():
                raise Cancelled

        for analyzer in running.values():
            check()
            findings, problem, missing = self._timed(scene, analyzer.name,
                                                     partial(analyzer.analyze, image, request))
            if missing is not None and missing.name in registry.REGISTRY:  # a download would add it
                self._add(scene.notices, problem)
                continue
            if problem:
                self._add(scene.warnings, problem)
                continue
            for reduced in analyzer.missing_models:
                self._add(scene.notices, messages.reduced(analyzer.name, reduced))
            scene.put(analyzer.name, findings)
        for step in stages.STEPS:
            if all(name in running and scene.get(name) for name in step.needs):
                check()
                _, problem, _ = self._timed(scene, step.name, partial(step.run, image, scene, running))
                if problem:
                    self._add(scene.warnings, problem)
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
    def _add(sentences: list[str], sentence: str | None) -> None:
        if sentence and sentence not in sentences:
            sentences.append(sentence)

    def _timed(self, scene: Scene, name: str,
               work: Callable[[], T]) -> tuple[T | None, str | None, ModelMissingError | None]:
        started = time.perf_counter()
        try:
            return self._guard(name, work)
        finally:
            scene.timings_ms[name] = (time.perf_counter() - started) * 1000

    @staticmethod
    def _guard(stage: str, work: Callable[[], T]) -> tuple[T | None, str | None, ModelMissingError | None]:
        """Run ``work``: its result, or no result and a Russian sentence saying why, with the
        missing model when that was the reason (unknown failures are logged with a traceback)."""
        try:
            return work(), None, None
        except ModelMissingError as error:
            return None, messages.model_missing(error), error
        except EngineUnavailableError as error:
            return None, messages.engine_missing(error), None
        except Cancelled:
            raise
        except Exception:  # noqa: BLE001 - one analyzer must never stop the others
            log.exception("%s failed", stage)
            return None, messages.stage_failed(stage), None
