"""Choosing the compute device and number format: CUDA with fp16 when present, else the CPU
(bf16 where the processor computes it natively, as the captioner runs about twice as fast)."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class Device:
    """A resolved device: ``name`` is ``cpu`` or ``cuda``; ``dtype`` is the float format for
    transformer models (``float16``, ``bfloat16`` or ``float32``)."""

    name: str
    dtype: str = "float32"

    @property
    def is_cuda(self) -> bool:
        return self.name.startswith("cuda")

    @property
    def half(self) -> bool:
        """fp16 weights (CUDA)."""
        return self.dtype == "float16"

    def torch_dtype(self):  # noqa: ANN201 - torch.dtype, imported lazily
        import torch

        return getattr(torch, self.dtype)


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


@lru_cache(maxsize=1)
def cpu_has_bf16() -> bool:
    """True when the processor has native bf16 arithmetic (AVX512-BF16 or AMX)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            flags = next((line for line in info if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_device(choice: str = "auto") -> Device:
    """Turn ``auto``/``cpu``/``cuda`` into a :class:`Device`.

    ``cuda`` on a machine without CUDA falls back to the CPU with a warning in the
    log, so a settings file copied from another computer never stops the app.
    """
    if choice not in DEVICE_CHOICES:
        raise ValueError(f"unknown device {choice!r}; expected one of {DEVICE_CHOICES}")
    if choice in ("auto", "cuda") and cuda_available():
        return Device("cuda", "float16")
    if choice == "cuda":
        log.warning("CUDA requested but not available; using the CPU")
    return Device("cpu", "bfloat16" if cpu_has_bf16() else "float32")


#: Phrases of CUDA failures that a reload on the CPU cures: the card or its driver, not the input.
_DRIVER_SIGNS = ("no nvidia driver", "nvidia driver on your system is too old", "cuda driver",
                 "no cuda gpus are available", "cuda error", "cudagetdevicecount", "cudnn_status",
                 "cublas_status", "torch not compiled with cuda", "cuda unavailable", "device-side assert")
_MEMORY_SIGNS = ("cuda out of memory", "cublas_status_alloc_failed", "out of memory on device")


def _chain(error: BaseException):  # noqa: ANN202 - generator of exceptions
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def gpu_problem(error: BaseException) -> str | None:
    """``"memory"`` for a CUDA out-of-memory error, ``"driver"`` for a missing or failing CUDA
    driver or device, ``None`` for anything else (looked for through the exception's causes)."""
    torch = sys.modules.get("torch")
    out_of_memory = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None) if torch else None
    for item in _chain(error):
        if out_of_memory is not None and isinstance(item, out_of_memory):
            return "memory"
        text = str(item).lower()
        if any(sign in text for sign in _MEMORY_SIGNS):
            return "memory"
        if isinstance(item, (RuntimeError, AssertionError, OSError)) and any(sign in text for sign in _DRIVER_SIGNS):
            return "driver"
    return None
