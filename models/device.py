"""Choosing the compute device and number format: CUDA with fp16 when present, else the CPU
(bf16 where the processor computes it natively, as the captioner runs about twice as fast; int8
weights in the linear layers on other x86 processors with AVX2, about 1.7 times faster than float32)."""
from __future__ import annotations

import logging
import os
import platform
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "cuda")
#: Number formats for the transformer models on the CPU; ``VIDIMO_CPU_FORMAT`` forces one of them.
CPU_FORMATS = ("auto", "bfloat16", "int8", "float32")
CPU_FORMAT_ENV = "VIDIMO_CPU_FORMAT"


@dataclass(frozen=True)
class Device:
    """A resolved device: ``name`` is ``cpu`` or ``cuda``; ``dtype`` is the float format for
    transformer models (``float16``, ``bfloat16`` or ``float32``); ``int8`` (CPU only) says that their
    linear layers run with int8 weights and activations quantized on the fly (see :func:`prepare`)."""

    name: str
    dtype: str = "float32"
    int8: bool = False

    @property
    def format(self) -> str:
        """The number format in words for logs and ``vidimo bench``: ``float32``, ``int8+float32``, …"""
        return f"int8+{self.dtype}" if self.int8 else self.dtype

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
def cpu_flags() -> frozenset[str] | None:
    """The processor's feature flags from ``/proc/cpuinfo``; ``None`` where there is no such file."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            line = next((line for line in info if line.startswith("flags")), "")
    except OSError:
        return None
    return frozenset(line.partition(":")[2].split())


def cpu_has_bf16() -> bool:
    """True when the processor has native bf16 arithmetic (AVX512-BF16 or AMX)."""
    flags = cpu_flags() or frozenset()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def cpu_has_fast_int8() -> bool:
    """True on x86-64 processors with AVX2, where FBGEMM's int8 matrix products are fast (elsewhere its
    fallback is slower than float32)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    flags = cpu_flags()
    if flags is not None:
        return "avx2" in flags
    try:  # Windows and macOS: ask torch which vector instructions its kernels use
        import torch

        return torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512")
    except (ImportError, AttributeError):  # pragma: no cover - torch is a hard dependency
        return False


def cpu_format() -> str:
    """The number format for transformer models on this CPU: ``VIDIMO_CPU_FORMAT`` when set, else bf16 where
    the processor has it, int8 linear layers where it has AVX2, float32 otherwise."""
    forced = os.environ.get(CPU_FORMAT_ENV, "auto").strip().lower() or "auto"
    if forced not in CPU_FORMATS:
        log.warning("%s=%s is not one of %s; choosing the format automatically", CPU_FORMAT_ENV, forced, CPU_FORMATS)
        forced = "auto"
    if forced != "auto":
        return forced
    if cpu_has_bf16():
        return "bfloat16"
    return "int8" if cpu_has_fast_int8() else "float32"


def cpu_device() -> Device:
    """The CPU in the number format :func:`cpu_format` chooses."""
    chosen = cpu_format()
    return Device("cpu", "float32", int8=True) if chosen == "int8" else Device("cpu", chosen)


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
    return cpu_device()


def prepare(model, device: Device):  # noqa: ANN001, ANN201 - a torch module, imported lazily
    """``model`` (already in ``device.dtype``) moved to ``device`` for inference; with ``device.int8`` its
    ``nn.Linear`` layers are replaced in place by dynamically quantized ones (FBGEMM: int8 weights per tensor,
    activations quantized per call to 7 bits, so AVX2's 16-bit pair sums cannot saturate). Should
    quantization be unavailable in this torch, the model stays in float and the log says so."""
    model.to(device.name).eval()
    if device.int8 and not device.is_cuda:
        _quantize_linear(model)
    return model


def _quantize_linear(model) -> None:  # noqa: ANN001
    import torch

    # torch.ao.quantization warns that it moves to torchao; its FBGEMM kernels are what is fast on AVX2.
    warnings.filterwarnings("ignore", message=r"(?s).*torch\.ao\.quantization is deprecated",
                            category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r"(?s)torch\.quantize_per_tensor", category=UserWarning)
    try:
        from torch.ao.quantization import quantize_dynamic

        quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    except (ImportError, AttributeError, RuntimeError) as error:
        log.warning("int8 quantization unavailable (%s); the model runs in float", error)
        return
    _return_freed_memory()


def _return_freed_memory() -> None:
    """Give the float weights just replaced back to the system: glibc keeps freed memory in the process
    (Florence-2-base: 2.17 GB resident after quantizing, 1.43 GB after this)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl)
        pass


def is_quantized(model) -> bool:  # noqa: ANN001
    """True when some linear layer of ``model`` computes with int8 weights."""
    return any(type(module).__module__.startswith("torch.ao.nn.quantized") for module in model.modules())


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
