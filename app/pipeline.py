"""The pipeline: runs the registered stages on one image and merges their findings into a Scene.

It is Qt-free and lives on one thread (the CLI's main thread, or the desktop worker thread that
owns the models). Stages and the steps that combine their findings are declared in
:mod:`vidimo.stages`; the pipeline has no per-stage code. A failing or missing analyzer never
stops the others: the Scene says in ``warnings`` what failed (spoken after the description) and
in ``notices`` what a model that is not downloaded would add (never part of the description).
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import partial
from typing import TypeVar

from PIL import Image

from vidimo import messages, stages
from vidimo.compose import compose
from vidimo.models import registry
from vidimo.models.base import Analyzer, Request
from vidimo.models.findings import Window
from vidimo.models.errors import (AnalysisCancelled, EngineUnavailableError, ModelCorruptError,
                                  ModelMissingError)
from vidimo.models.translate.llm import LlmEndpoint
from vidimo.narration import narrate
from vidimo.narration.narrator import final_sentences
from vidimo.scene import DETAIL_LEVELS, Scene
from vidimo.settings import DEFAULT_THRESHOLD, CoreSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

Cancelled = AnalysisCancelled
#: ``on_words(sentences)``: sentences of the description that just became final, in order.
Progress = Callable[[list[str]], None]


def _downloadable(error: ModelMissingError | None) -> bool:
    """A model a download would add (a notice), not a broken one or a part of the app (a failure)."""
    return error is not None and error.name in registry.REGISTRY and not isinstance(error, ModelCorruptError)
#: How often a waiting pipeline looks whether its request was superseded, in seconds.
POLL_S = 0.03
#: Analysis threads yield to speech: a description being read must not stutter while the rest is made.
ANALYSIS_NICENESS = 5


def _lower_priority() -> None:
    """(Analysis thread) run below the audio thread (Linux: niceness is per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ANALYSIS_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed
        pass


def endpoint_for(settings: CoreSettings) -> LlmEndpoint | None:
    """The chat endpoint the settings allow, with its key from the keyring; ``None`` if off."""
    if not settings.uses_endpoint:
        return None
    from vidimo.secrets import endpoint_from_keyring

    return endpoint_from_keyring(settings.llm_base_url, settings.llm_model)


def build_analyzers(settings: CoreSettings, endpoint: LlmEndpoint | None = None) -> list[Analyzer]:
    """The analyzers of the enabled stages, in the order they run; none loads anything yet."""
    unknown = set(settings.stages) - set(stages.names())
    if unknown:
        raise ValueError(f"unknown stages {sorted(unknown)}; registered: {stages.names()}")
    return [stage.build(settings, endpoint) for stage in stages.all_stages() if stage.name in settings.stages]


def _next_step(steps: Sequence[stages.Step], done: set[str], running: Mapping[str, Analyzer],
               scene: Scene) -> stages.Step | None:
    """The step to run now: the first one declared, once the stages it needs and waits for are
    done; else a later one that needs nothing from what it waits for (``early``); else none."""
    first = steps[0]
    if set(first.needs) | (set(first.waits) & set(running)) <= done:
        return first
    return next((step for step in steps if step.early is not None and set(step.needs) <= done
                 and step.early(scene, running)), None)


class Pipeline:
    """``Pipeline(analyzers).describe(image, "normal") -> Scene`` with narration filled in."""

    def __init__(
        self,
        analyzers: Sequence[Analyzer],
        *,
        caption_threshold: float = DEFAULT_THRESHOLD,
        compose_with: LlmEndpoint | None = None,
        endpoint: LlmEndpoint | None = None,
    ) -> None:
        order = stages.names()
        unknown = [a.name for a in analyzers if a.name not in order]
        if unknown:
            raise ValueError(f"no stage is registered for the analyzers {unknown}")
        self.analyzers = sorted(analyzers, key=lambda a: order.index(a.name))
        self.caption_threshold = caption_threshold
        self.compose_with = compose_with
        #: The chat endpoint the stages or the composer use: its last failure is said with the description.
        self.endpoint = endpoint or compose_with
        #: One thread per analyzer, so each always runs on the same thread and all run at once.
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._missing: dict[str, ModelMissingError] = {}

    def _lane(self, name: str) -> ThreadPoolExecutor:
        if name not in self._lanes:
            self._lanes[name] = ThreadPoolExecutor(1, thread_name_prefix=f"vidimo-{name}",
                                                   initializer=_lower_priority)
        return self._lanes[name]

    def close(self, *, wait: bool = False) -> None:
        """End the analysis threads after the work they have started (with ``wait``, wait for it:
        a model being loaded is not loaded a second time alongside)."""
        for lane in self._lanes.values():
            lane.shutdown(wait=wait, cancel_futures=True)
        self._lanes.clear()

    @classmethod
    def from_settings(cls, settings: CoreSettings) -> "Pipeline":
        """A pipeline as the settings describe it (the endpoint key is read from the keyring)."""
        endpoint = endpoint_for(settings)
        return cls(
            build_analyzers(settings, endpoint),
            caption_threshold=settings.caption_threshold,
            compose_with=endpoint if settings.llm_compose else None,
            endpoint=endpoint,
        )

    def warm_up(self) -> list[str]:
        """Load every analyzer and run it once on a small image, all at once, and wait for them;
        returns Russian sentences about what failed. What is missing is in :meth:`missing_models`
        afterwards."""
        return self.start_warm_up()()

    def start_warm_up(self) -> Callable[[], list[str]]:
        """Start loading every analyzer and running it once on a small image, each on its own
        thread, and return at once, so that a request made meanwhile waits only for the stages it
        is still waiting for (its analyses queue behind the loads on the same threads). Call what
        is returned to wait for the loads and get Russian sentences about what failed; it raises
        :class:`concurrent.futures.CancelledError` when :meth:`close` came first."""
        loads = {a.name: self._lane(a.name).submit(self._guard, a.name, a.warm_up) for a in self.analyzers}

        def problems() -> list[str]:
            found: list[str] = []
            for analyzer in self.analyzers:
                _, problem, missing = loads[analyzer.name].result()
                for error in ([missing] if missing else []) + list(analyzer.missing_models):
                    if _downloadable(error):
                        self._missing.setdefault(error.name, error)
                    elif error is not missing:
                        found.append(messages.model_missing(error))
                if problem and not _downloadable(missing):
                    found.append(problem)
                found += analyzer.take_notices()
            return found

        return problems

    def missing_models(self) -> list[ModelMissingError]:
        """Models the enabled stages would use but are not on disk (after :meth:`warm_up`)."""
        return list(self._missing.values())

    def describe(
        self,
        image: Image.Image,
        detail: str = "normal",
        *,
        cancelled: Callable[[], bool] | None = None,
        skip: Collection[str] = (),
        on_words: Progress | None = None,
        windows: Sequence[Window] = (),
    ) -> Scene:
        """Analyze an RGB image and narrate it, leaving out the stages named in ``skip``.

        The stages run at once, each on its own thread; steps run here, in the order declared, as
        soon as the stages they need are done. ``on_words`` gets each part of the description as
        soon as it is final (the scene's ``narration`` is the whole, the same as the parts put
        together). Raises
        :class:`Cancelled` soon after ``cancelled()`` becomes true; the analyses of this image that
        have not started by then never run.
        """
        if detail not in DETAIL_LEVELS:
            raise ValueError(f"unknown detail level {detail!r}")
        scene = Scene(width=image.width, height=image.height, detail=detail)
        request = Request(detail=detail, cancelled=cancelled or Request().cancelled, windows=tuple(windows))
        running = {a.name: a for a in self.analyzers if a.name not in skip}
        if self.compose_with is not None:
            on_words = None  # the endpoint rewrites the whole description at the end
        jobs: dict[Future, Analyzer] = {
            self._lane(name).submit(self._timed, scene, name, partial(analyzer.analyze, image, request)): analyzer
            for name, analyzer in running.items()}
        steps = [step for step in stages.STEPS if all(name in running for name in step.needs)]
        done: set[str] = set()
        spoken = 0
        while jobs or steps:
            if request.cancelled():
                for future in jobs:  # superseded: its analyses not started yet are dropped, not queued up
                    future.cancel()
                raise Cancelled
            finished, _ = wait(jobs, timeout=POLL_S, return_when=FIRST_COMPLETED) if jobs else (set(), None)
            for future in finished:
                analyzer = jobs.pop(future)
                self._store(scene, analyzer, *future.result())
                done.add(analyzer.name)
            # In the order declared, whichever stage ended first: the labels step records indices
            # into the page's lines, to which the titles step then adds the title bars' lines. A
            # step that needs nothing from what it waits for (``early``) runs as soon as it can.
            while steps and (step := _next_step(steps, done, running, scene)) is not None:
                steps.remove(step)
                if all(scene.get(name) for name in step.needs):
                    _, problem, _ = self._timed(scene, step.name, partial(step.run, image, scene, running))
                    self._add(scene.warnings, problem)
            if on_words is not None:
                busy = {name for step in steps for name in step.changed()}
                settled = (done - busy) | (set(stages.names()) - set(running))
                sentences = final_sentences(scene, settled, caption_threshold=self.caption_threshold)
                if len(sentences) > spoken:
                    on_words(sentences[spoken:])
                    spoken = len(sentences)
        if self.compose_with is not None:
            started = time.perf_counter()
            scene.narration = narrate(scene, caption_threshold=self.caption_threshold)
            composed = compose(scene, self.compose_with)
            scene.timings_ms["compose"] = (time.perf_counter() - started) * 1000
            if composed:
                scene.narration = composed
                return scene
        if self.endpoint is not None:  # the user turned the server on: a failure is not kept from them
            self._add(scene.warnings, self.endpoint.problem)
        started = time.perf_counter()
        scene.narration = narrate(scene, caption_threshold=self.caption_threshold)
        scene.timings_ms["narration"] = (time.perf_counter() - started) * 1000
        return scene

    def _store(self, scene: Scene, analyzer: Analyzer, findings: list | None, problem: str | None,
               missing: ModelMissingError | None) -> None:
        """(Calling thread) what one stage gave: its findings, or why it gave none."""
        for notice in analyzer.take_notices():  # the video card failed: said once, with the description
            self._add(scene.warnings, notice)
        if _downloadable(missing):
            self._add(scene.notices, problem)
        elif problem:
            self._add(scene.warnings, problem)
        else:
            for reduced in analyzer.missing_models:
                self._add(scene.notices if _downloadable(reduced) else scene.warnings,
                          messages.reduced(analyzer.name, reduced))
            scene.put(analyzer.name, findings or [])

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
