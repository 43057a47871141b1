"""The fast CPU number format: int8 linear layers where the processor has no bf16.

Captions and translations of the tiny trained models must not change when their linear
layers are quantized; the device choice must pick int8 on an AVX2 processor without bf16.
Speed itself is measured by ``vidimo bench --caption-only``, never asserted here.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tiny_models import CAPTIONS, TRANSLATIONS
from vidimo.models import device as devices
from vidimo.models.caption.florence import TASKS, FlorenceCaptioner
from vidimo.models.device import Device, is_quantized, resolve_device
from vidimo.models.translate.marian import MarianTranslator

FLOAT = Device("cpu")
INT8 = Device("cpu", "float32", int8=True)
PHOTO = Image.new("RGB", (320, 200), (200, 180, 150))
AVX2 = frozenset({"sse4_2", "avx", "avx2", "fma"})


def test_int8_captions_agree_with_float32(tiny_florence: Path):
    exact = FlorenceCaptioner(tiny_florence, FLOAT)
    fast = FlorenceCaptioner(tiny_florence, INT8)
    assert is_quantized(fast.model) and not is_quantized(exact.model)
    for detail, task in TASKS.items():
        reference, quantized = exact.caption(PHOTO, detail), fast.caption(PHOTO, detail)
        assert quantized.text == reference.text == CAPTIONS[task]
        assert quantized.tokens == reference.tokens
        assert quantized.confidence == pytest.approx(reference.confidence, abs=0.01)


def test_an_unsure_model_stays_unsure_in_int8(untrained_florence: Path):
    """Low confidence is what withholds a rambling caption: quantization must not raise it."""
    reference = FlorenceCaptioner(untrained_florence, FLOAT).caption(PHOTO, "normal", min_new_tokens=8)
    quantized = FlorenceCaptioner(untrained_florence, INT8).caption(PHOTO, "normal", min_new_tokens=8)
    assert quantized.confidence == pytest.approx(reference.confidence, abs=0.01)
    assert quantized.confidence < 0.64


def test_int8_translation_agrees_with_float32(tiny_marian: Path):
    exact, fast = MarianTranslator(tiny_marian, FLOAT), MarianTranslator(tiny_marian, INT8)
    assert is_quantized(fast.model)
    for english in list(TRANSLATIONS)[:2]:
        assert fast.translate(english) == exact.translate(english) == TRANSLATIONS[english]


@pytest.fixture()
def cpu(monkeypatch):
    """Pretend to be a given x86-64 processor without CUDA; returns a setter for its flags."""
    monkeypatch.setattr(devices, "cuda_available", lambda: False)
    monkeypatch.setattr(devices.platform, "machine", lambda: "x86_64")
    monkeypatch.delenv(devices.CPU_FORMAT_ENV, raising=False)

    def flags(*names: str) -> None:
        monkeypatch.setattr(devices, "cpu_flags", lambda: AVX2 | frozenset(names))

    return flags


def test_an_avx2_cpu_without_bf16_gets_int8_linear_layers(cpu):
    cpu()
    assert resolve_device("auto") == INT8
    assert resolve_device("cuda") == INT8, "a settings file from a computer with a video card"
    assert INT8.format == "int8+float32"


def test_a_bf16_cpu_keeps_bf16(cpu):
    cpu("avx512f", "avx512_bf16")
    assert resolve_device("cpu") == Device("cpu", "bfloat16")


def test_a_cpu_without_avx2_stays_in_float32(monkeypatch, cpu):
    monkeypatch.setattr(devices, "cpu_flags", lambda: frozenset({"sse4_2"}))
    assert resolve_device("cpu") == FLOAT


def test_the_format_can_be_forced(monkeypatch, cpu):
    cpu("avx512f", "avx512_bf16")
    monkeypatch.setenv(devices.CPU_FORMAT_ENV, "float32")
    assert resolve_device("cpu") == FLOAT
    monkeypatch.setenv(devices.CPU_FORMAT_ENV, "int8")
    assert resolve_device("cpu") == INT8
    monkeypatch.setenv(devices.CPU_FORMAT_ENV, "fp8")
    assert resolve_device("cpu") == Device("cpu", "bfloat16"), "an unknown value is ignored"


def test_bench_names_the_int8_format_and_counts_its_weights(tiny_florence: Path):
    from vidimo.models.caption.speed import measure_florence, parameter_count

    captioner = FlorenceCaptioner(tiny_florence, INT8)
    speed = measure_florence(captioner.model, INT8, captioner.dtype, "tiny", token_counts=(2, 4), repeat=1,
                             image_side=32)
    assert speed.dtype == "int8+float32"
    assert parameter_count(captioner.model) == parameter_count(FlorenceCaptioner(tiny_florence, FLOAT).model)
    assert speed.encoder_cpu_ms > 0 and set(speed.caption_cpu_ms) == {2, 4}
