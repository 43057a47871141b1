"""Choosing the compute device: CUDA with fp16 when present, else the CPU."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class Device:
    """A resolved device: ``name`` is ``cpu`` or ``cuda``; ``half`` means fp16 weights."""

    name: str
    half: bool

    @property
    def is_cuda(self) -> bool:
        return self.name.startswith("cuda")


def _no_nvidia_driver() -> bool:
    """On Linux, True when no NVIDIA driver is loaded: no need to import torch to know."""
    return sys.platform.startswith("linux") and not (
        os.path.exists("/proc/driver/nvidia/version") or os.path.exists("/dev/nvidia0")
    )


def cuda_available() -> bool:
    """True when torch sees a usable CUDA device."""
    if _no_nvidia_driver():
        return False
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a hard dependency
        return False
    return bool(torch.cuda.is_available())


def resolve_device(choice: str = "auto") -> Device:
    """Turn ``auto``/``cpu``/``cuda`` into a :class:`Device`.

    ``cuda`` on a machine without CUDA falls back to the CPU with a warning in the
    log, so a settings file copied from another computer never stops the app.
    """
    if choice not in DEVICE_CHOICES:
        raise ValueError(f"unknown device {choice!r}; expected one of {DEVICE_CHOICES}")
    if choice in ("auto", "cuda") and cuda_available():
        return Device("cuda", half=True)
    if choice == "cuda":
        log.warning("CUDA requested but not available; using the CPU")
    return Device("cpu", half=False)
