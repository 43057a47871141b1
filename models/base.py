"""The one interface every analyzer has: load lazily on a device, analyze an image.

Subclasses implement ``_load`` and ``_analyze``; the base class owns device
resolution, thread-safe one-time loading and no-grad inference, and moves an analyzer to
the CPU for the rest of the run when the video card runs out of memory or its driver fails
(saying so once in :attr:`Analyzer.notices`). Analyzers run on the worker thread that owns
them; ``analyze`` may be called from any one thread.
"""
from __future__ import annotations

import gc
import logging
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from PIL import Image

from vidimo.models.device import Device, gpu_problem, resolve_device
from vidimo.models.findings import Window
from vidimo.models.errors import ModelMissingError

log = logging.getLogger(__name__)

#: One model loads at a time: the stages load on threads of their own, and two of them importing
#: torch's libraries (transformers, ultralytics, torchvision) at once can meet a half-imported
#: module (a warm-up once reported the captioner and the detector failed, then both loaded fine).
_LOADING = threading.Lock()

F = TypeVar("F")


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Request:
    """What one analysis is for: the detail level, and a flag a newer request raises.

    ``cancelled`` is polled by long-running analyzers (Florence checks it every token)
    and must be cheap and thread-safe.
    """

    detail: str = "normal"
    cancelled: Callable[[], bool] = field(default=_never, compare=False)
    #: The windows the capture knows from the window manager (frames, titles, the active one),
    #: in the image's pixels; empty for an image file.
    windows: tuple[Window, ...] = ()


class Analyzer(ABC, Generic[F]):
    """Base class: ``Analyzer(device="auto").analyze(rgb_image) -> list[finding]``."""

    #: Short English name used in timings, settings and logs ("text", "people", …).
    name: ClassVar[str]

    def __init__(self, device: str | Device = "auto") -> None:
        self._device_choice = device
        self._device: Device | None = None
        self._lock = threading.RLock()
        self._loaded = False
        #: Models this analyzer works without (reduced capability), as ``ModelMissingError``s.
        self.missing_models: list[ModelMissingError] = []
        #: Russian notices for the user not yet passed on (the move to the CPU); see :meth:`take_notices`.
        self.notices: list[str] = []
        self._fell_back = False

    @property
    def device(self) -> Device:
        """The device this analyzer runs on (resolved on first use)."""
        if self._device is None:
            choice = self._device_choice
            self._device = choice if isinstance(choice, Device) else resolve_device(choice)
        return self._device

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        """Load weights once; later calls return at once. Raises ``AnalyzerError`` subclasses.
        A CUDA out-of-memory or driver failure while loading loads on the CPU instead."""
        with self._lock:
            if self._loaded:
                return
            try:
                with _LOADING:
                    self._load(self.device)
            except Exception as error:
                problem = gpu_problem(error) if self.device.is_cuda else None
                if problem is None:
                    raise
                self._move_to_cpu(problem, error)
                with _LOADING:
                    self._load(self.device)
            self._loaded = True

    def analyze(self, image: Image.Image, request: Request | None = None) -> list[F]:
        """Findings for an RGB image, with boxes in its pixels. Loads on first call.

        When the video card fails (out of memory, driver gone), the analyzer reloads on the CPU,
        stays there for the rest of the run, and this image is analyzed again there.
        """
        self.load()
        request = request or Request()
        try:
            return self._run(image, request)
        except Exception as error:
            problem = gpu_problem(error) if self.device.is_cuda else None
            if problem is None:
                raise
            with self._lock:
                self._move_to_cpu(problem, error)
        self.load()
        return self._run(image, request)

    def warm_up(self) -> None:
        """Load, then analyze a small blank image once, so that the first real request does not
        pay for what the libraries set up lazily on their first call (seconds for YOLO)."""
        self.load()
        self.analyze(Image.new("RGB", (160, 96), "white"))

    def forget(self) -> None:
        """Drop what was kept from earlier images (none by default), so that the next analysis
        starts afresh, as on a screen seen for the first time (``vidimo bench`` does this)."""

    def take_notices(self) -> list[str]:
        """The Russian notices given since the last call (each said once), emptied."""
        with self._lock:
            notices, self.notices = self.notices, []
        return notices

    def _run(self, image: Image.Image, request: Request) -> list[F]:
        if "torch" not in sys.modules:  # only analyzers that use torch have imported it
            return self._analyze(image, request)
        # Not sys.modules["torch"]: another analyzer's thread may be importing it right now, and
        # the import statement waits until that import is whole.
        import torch

        with torch.inference_mode():
            return self._analyze(image, request)

    def _move_to_cpu(self, problem: str, error: BaseException) -> None:
        """Sets the CPU for the rest of the run (call with the lock held); the reload replaces the
        models held on the video card, whose memory is then freed. The user is told once."""
        from vidimo import messages  # lazily: the messages import the registry

        log.warning("%s: %s trouble on %s (%r); moving to the CPU for the rest of the run",
                    self.name, problem, self.device.name, error)
        self._loaded = False
        self.missing_models.clear()  # the reload finds them again
        self._device = resolve_device("cpu")
        gc.collect()
        if "torch" in sys.modules:  # only a torch model can have been on the video card
            import torch  # the statement waits for an import another thread may have under way

            if torch.cuda.is_available():
                try:
                    torch.cuda.empty_cache()
                except RuntimeError:  # the driver itself may be gone
                    log.debug("could not empty the CUDA cache", exc_info=True)
        if not self._fell_back:
            self._fell_back = True
            self.notices.append(messages.gpu_fallback(self.name, problem))

    @abstractmethod
    def _load(self, device: Device) -> None:
        """Read weights and prepare for inference on ``device``."""

    @abstractmethod
    def _analyze(self, image: Image.Image, request: Request) -> list[F]:
        """Run on a loaded model; return plain-typed findings."""
