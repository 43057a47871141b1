"""The one interface every analyzer has: load lazily on a device, analyze an image.

Subclasses implement ``_load`` and ``_analyze``; the base class owns device
resolution, thread-safe one-time loading and no-grad inference. Analyzers run on
the worker thread that owns them; ``analyze`` may be called from any one thread.
"""
from __future__ import annotations

import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from PIL import Image

from vidimo.models.device import Device, resolve_device
from vidimo.models.errors import ModelMissingError

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


class Analyzer(ABC, Generic[F]):
    """Base class: ``Analyzer(device="auto").analyze(rgb_image) -> list[finding]``."""

    #: Short English name used in timings, settings and logs ("text", "people", …).
    name: ClassVar[str]

    def __init__(self, device: str | Device = "auto") -> None:
        self._device_choice = device
        self._device: Device | None = None
        self._lock = threading.Lock()
        self._loaded = False
        #: Models this analyzer works without (reduced capability), as ``ModelMissingError``s.
        self.missing_models: list[ModelMissingError] = []

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
        """Load weights once; later calls return at once. Raises ``AnalyzerError`` subclasses."""
        with self._lock:
            if not self._loaded:
                self._load(self.device)
                self._loaded = True

    def analyze(self, image: Image.Image, request: Request | None = None) -> list[F]:
        """Findings for an RGB image, with boxes in its pixels. Loads on first call."""
        self.load()
        request = request or Request()
        torch = sys.modules.get("torch")  # only analyzers that use torch have imported it
        if torch is None:
            return self._analyze(image, request)
        with torch.inference_mode():
            return self._analyze(image, request)

    @abstractmethod
    def _load(self, device: Device) -> None:
        """Read weights and prepare for inference on ``device``."""

    @abstractmethod
    def _analyze(self, image: Image.Image, request: Request) -> list[F]:
        """Run on a loaded model; return plain-typed findings."""
