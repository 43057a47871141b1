"""The one long-lived worker thread that owns the pipeline and its models.

The GUI thread submits requests with increasing ids; a newer request supersedes
the older (Florence stops at the next token, other stages between stages, stale
results are dropped). Results and Russian error messages come back by Qt signals,
which Qt delivers on the GUI thread.

The thread is a plain Python thread, not a QThread: PySide creates a fresh Python
thread state for every slot call on a QThread, and pybind11 extensions (dlib, used
for faces) cache the first one they see and crash on the next call.
"""
from __future__ import annotations

import ctypes
import itertools
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, Signal

from vidimo.errors import VidimoError
from vidimo.imageio import load_image
from vidimo.models.findings import Window
from vidimo.pipeline import Cancelled, Pipeline
from vidimo.settings import CoreSettings

log = logging.getLogger(__name__)

#: Said when the chosen settings could not be applied and the defaults are used instead.
SETTINGS_FAILED = "Не удалось применить настройки описания, использую настройки по умолчанию."
#: Said when a request arrives and no pipeline could be built at all.
NOT_READY = "Видимо не может описывать: не удалось подготовить модели. Подробности в журнале."
FAILED = "Не удалось описать изображение: внутренняя ошибка."
#: The answer to a request that a newer one superseded (its holders drop what they kept for it).
SUPERSEDED = "Запрос прерван более новым."


#: glibc's mallopt parameters (malloc.h): how many arenas threads share, and from what size a
#: block gets its own mapping (returned to the system when freed).
_M_ARENA_MAX, _M_MMAP_THRESHOLD = -8, -3
_MMAP_FROM_BYTES = 256 * 1024


def _libc():  # noqa: ANN202 - ctypes.CDLL or None
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # another C library (musl): its allocator, its habits
        return None


def steady_memory() -> None:
    """(Any thread, once) Keep the app's memory from creeping up over hours of use. glibc gives
    each busy thread an arena of its own and keeps freed screenshots and buffers in them; with
    seven threads at work the app grew by one to three megabytes a description (tools/soak.py). Two
    arenas, and blocks from 256 KB in mappings of their own, keep it flat."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, 2)
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_FROM_BYTES)


def return_freed_memory() -> None:
    """(Worker thread) Hand what a description freed back to the system (``malloc_trim``)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@dataclass(frozen=True)
class Request:
    """One description to make: of an image already captured, or of a file to open."""

    id: int
    detail: str
    image: Image.Image | None = None
    path: Path | None = None
    #: Stages left out of this one description (``vidimo describe --no-ui`` handed over).
    skip: tuple[str, ...] = ()
    #: The windows on the captured screen, as the window manager knows them.
    windows: tuple[Window, ...] = ()


class Worker(QObject):
    """Handle of the worker thread. Public methods run on the GUI thread and never block."""

    words = Signal(int, list)        # request id, sentences of the description that are final already
    finished = Signal(int, object)   # request id, Scene
    failed = Signal(int, str)        # request id, Russian message (SUPERSEDED for a request a newer one replaced)
    ready = Signal(list, list)       # Russian sentences about failed loads; missing models (ModelMissingError)
    problem = Signal(str)            # a Russian sentence to say now (settings that could not be used)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        steady_memory()
        self._ids = itertools.count(1)
        self._latest = 0
        self._lock = threading.Lock()
        self._jobs: queue.Queue[tuple[str, object] | None] = queue.Queue()
        self._pipeline: Pipeline | None = None
        self._thread = threading.Thread(target=self._run, name="vidimo-worker", daemon=True)
        self._thread.start()

    # -- GUI thread ----------------------------------------------------------------------------
    def is_stale(self, request_id: int) -> bool:
        """(Any thread) True when a newer request was submitted."""
        with self._lock:
            return request_id != self._latest

    def configure(self, settings: CoreSettings) -> None:
        """Rebuild the pipeline in the background (models load there, never here)."""
        self._jobs.put(("configure", settings))

    def submit(self, *, detail: str, image: Image.Image | None = None, path: Path | None = None,
               skip: tuple[str, ...] = (), windows: tuple[Window, ...] = ()) -> int:
        """Queue a request; it supersedes every older one. Returns its id."""
        with self._lock:
            request_id = next(self._ids)
            self._latest = request_id
        self._jobs.put(("describe", Request(request_id, detail, image, path, skip, windows)))
        return request_id

    def cancel(self) -> None:
        """Make every submitted request stale."""
        with self._lock:
            self._latest = next(self._ids)

    def shutdown(self) -> None:
        self.cancel()
        self._jobs.put(None)
        self._thread.join(timeout=10)
        if self._pipeline is not None and not self._thread.is_alive():
            self._pipeline.close()
            self._pipeline = None  # a load still running reports to no one

    # -- worker thread -------------------------------------------------------------------------
    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            kind, payload = job
            if kind == "configure":
                self._configure(payload)  # type: ignore[arg-type]
            else:
                self._describe(payload)  # type: ignore[arg-type]
                if self._jobs.empty():
                    return_freed_memory()

    def _configure(self, settings: CoreSettings) -> None:
        """Build the pipeline the settings ask for; if that fails, the default one, so that a
        request is always answered (with a description, or with a spoken reason)."""
        defaults = CoreSettings()
        fallback = replace(settings, device=defaults.device, ocr_engine=defaults.ocr_engine,
                           captioner=defaults.captioner)
        if self._pipeline is not None:
            self._pipeline.close(wait=True)  # its loads end first: models are never loaded twice at once
        for candidate in (settings, fallback):
            try:
                self._pipeline = Pipeline.from_settings(candidate)
                break
            except Exception:  # noqa: BLE001 - a broken configuration must not kill the thread
                log.exception("configuring the pipeline failed for %s", candidate)
                self._pipeline = None
                self.problem.emit(SETTINGS_FAILED if candidate is settings else NOT_READY)
        if self._pipeline is None:
            return
        # The models load on the pipeline's threads while this one takes requests: the first
        # request waits only for the stages it still needs, and its first words come as soon as
        # those are loaded and done.
        threading.Thread(target=self._report_ready, args=(self._pipeline, self._pipeline.start_warm_up()),
                         name="vidimo-warm-up", daemon=True).start()

    def _report_ready(self, pipeline: Pipeline, loads: Callable[[], list[str]]) -> None:
        """(Warm-up thread) Wait for the models to load and say what failed, unless the settings
        were changed meanwhile (the pipeline was replaced: its successor reports for itself)."""
        try:
            problems = loads()
        except CancelledError:
            return
        except Exception:  # noqa: BLE001 - loading failures are retried and reported per request
            log.exception("warming up the pipeline failed")
            problems = []
        if pipeline is self._pipeline:
            self.ready.emit(problems, pipeline.missing_models())

    def _describe(self, request: Request) -> None:
        """Every request ends in exactly one signal: ``finished`` while it is the newest, else
        ``failed`` (:data:`SUPERSEDED` when a newer one came), so whoever kept something for it
        (the explorer keeps the screenshot) can let it go."""
        if self.is_stale(request.id):
            self.failed.emit(request.id, SUPERSEDED)
            return
        if self._pipeline is None:
            log.warning("request %s failed: no pipeline", request.id)
            self.failed.emit(request.id, NOT_READY)
            return
        started = time.perf_counter()
        try:
            image = request.image if request.image is not None else load_image(request.path)
            scene = self._pipeline.describe(
                image, request.detail, cancelled=lambda: self.is_stale(request.id), skip=request.skip,
                windows=request.windows,
                on_words=lambda sentences: self.words.emit(request.id, sentences))
        except Cancelled:
            log.info("request %s superseded", request.id)
            self.failed.emit(request.id, SUPERSEDED)
            return
        except VidimoError as error:
            log.info("request %s failed: %s", request.id, type(error).__name__)
            self.failed.emit(request.id, str(error))
            return
        except Exception:  # noqa: BLE001 - the app must carry on after any failure
            log.exception("request %s failed", request.id)
            self.failed.emit(request.id, FAILED)
            return
        if self.is_stale(request.id):
            self.failed.emit(request.id, SUPERSEDED)
            return
        # tools/soak.py reads this line to know that a description is done.
        log.info("request %s described in %.0f ms", request.id, (time.perf_counter() - started) * 1000)
        self.finished.emit(request.id, scene)
