"""``vidimo bench IMAGE``: per-stage timings of the whole path, image to speech.

Stages: image decoding, model loading (once), each analyzer, narration, speech
synthesis, and the end-to-end total of a warm request (medians of ``--repeat``).
``--caption-only`` measures the captioner alone: encoder, milliseconds per token,
whole captions at 20/60/120 tokens, translation and peak memory; with
``--random-weights`` it does so on the real architecture before any download.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import threading
import time
from dataclasses import asdict

from vidimo.imageio import load_image
from vidimo.models.device import resolve_device
from vidimo.pipeline import Pipeline
from vidimo.speech.queue import chunks
from vidimo.speech.speaker import Speaker


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


#: CPU features that decide model speed, named beside every figure.
SPEED_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8")


def _cpu_flags() -> list[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("flags"):
                    present = set(line.split(":", 1)[1].split())
                    return [flag for flag in SPEED_FLAGS if flag in present]
    except OSError:
        pass
    return []


def _hardware() -> dict:
    import torch

    limits = ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "FBGEMM_ENABLE_INSTRUCTIONS", "MKL_ENABLE_INSTRUCTIONS",
              "VIDIMO_CPU_FORMAT")
    return {"cpu": _cpu_name(), "cpu_flags": _cpu_flags(), "cores": os.cpu_count(),
            "isa_limits": {k: os.environ[k] for k in limits if k in os.environ},
            "load": round(os.getloadavg()[0], 1),
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
            "torch": torch.__version__}


class _FirstAudio:
    """Times the first audio of a description spoken while it is made: the first chunk of its first
    words synthesized, on a thread of its own as the app's audio thread does, from ``started``."""

    def __init__(self, speaker: Speaker, started: float) -> None:
        self.speaker, self.started = speaker, started
        self.ms: float | None = None
        self._thread: threading.Thread | None = None

    def words(self, sentences: list[str]) -> None:
        if self._thread is None:
            first = chunks(" ".join(sentences))[0]
            self._thread = threading.Thread(target=self._synthesize, args=(first,), daemon=True)
            self._thread.start()

    def _synthesize(self, text: str) -> None:
        self.speaker.synthesize(text)
        self.ms = (time.perf_counter() - self.started) * 1000

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


def measure(args: argparse.Namespace) -> dict:
    """The whole path on one image, as plain data."""
    from vidimo.cli import settings_from

    settings = settings_from(args)
    started = time.perf_counter()
    image = load_image(args.path)
    decode_ms = (time.perf_counter() - started) * 1000
    pipeline = Pipeline.from_settings(settings)
    started = time.perf_counter()
    warnings = pipeline.warm_up()
    load_ms = (time.perf_counter() - started) * 1000
    speaker = Speaker(settings.voice)
    runs: list[dict[str, float]] = []
    try:
        speaker.synthesize("Проверка.")  # warm the voice, as the app does at start
        for _ in range(max(1, args.repeat)):
            for analyzer in pipeline.analyzers:
                analyzer.forget()  # each run reads the screen as if for the first time
            started = time.perf_counter()
            first = _FirstAudio(speaker, started)
            scene = pipeline.describe(load_image(args.path), settings.detail, on_words=first.words)
            described = time.perf_counter()
            first.join()
            spoken = time.perf_counter()
            audio = speaker.synthesize(scene.narration)
            run = dict(scene.timings_ms)
            run["speech"] = (time.perf_counter() - spoken) * 1000
            run["first_audio"] = first.ms if first.ms is not None else (described - started) * 1000
            run["total"] = (described - started) * 1000
            runs.append(run)
    finally:
        speaker.close()
    engines = {a.name: getattr(a, "engine", None) or getattr(a, "model_name", None) for a in pipeline.analyzers}
    return {
        "image": {"path": args.path, "width": image.width, "height": image.height},
        "detail": settings.detail,
        "device": resolve_device(settings.device).name,
        **_hardware(),
        "engines": {**engines, "speech": speaker.last_engine},
        "decode_ms": round(decode_ms, 1),
        "load_ms": round(load_ms, 1),
        "median_ms": {stage: round(statistics.median(r[stage] for r in runs), 1) for stage in runs[0]},
        "first_audio_ms": round(statistics.median(r["first_audio"] for r in runs), 1),
        "total_ms": round(statistics.median(r["total"] for r in runs), 1),
        "audio_seconds": round(audio.duration, 2),
        "warnings": list(dict.fromkeys(warnings + scene.warnings + scene.notices)),
    }


def measure_caption(args: argparse.Namespace) -> dict:
    """Captioner speed: real weights from the registry, or random weights of the real shape."""
    from vidimo.models import registry
    from vidimo.models.caption.analyzer import choose_captioner
    from vidimo.models.caption.speed import (measure_florence, measure_marian, peak_memory_mb,
                                             random_florence, random_marian)

    device = resolve_device(args.device)
    dtype = device.torch_dtype()
    name = args.random_weights or choose_captioner(args.captioner, device)
    if args.random_weights:
        model = random_florence(name, device, dtype)
        translator = random_marian(device, dtype)
    else:
        from vidimo.models.caption.florence import load_florence
        from vidimo.models.translate.marian import load_marian

        model = load_florence(registry.require(name), device)  # in the format the app uses (int8, bf16…)
        translator = load_marian(registry.require("opus-mt-en-ru"), device)
    counts = (20, 60, 120) if device.is_cuda else (10, 20)
    speed = measure_florence(model, device, dtype, name, token_counts=counts, repeat=max(1, args.repeat))
    figures = asdict(speed)
    figures["translation_ms"] = measure_marian(translator, device, repeat=max(1, args.repeat))
    figures["peak_memory_mb"] = round(peak_memory_mb(device), 1)
    figures["weights"] = "random" if args.random_weights else "downloaded"
    return {**figures, **_hardware()}


def _print_caption(figures: dict) -> None:
    print(f"{figures['model']} ({figures['parameters_m']} млн параметров, веса: {figures['weights']}), "
          f"{figures['device']} {figures['dtype']}; процессор {figures['cpu']} ({' '.join(figures['cpu_flags'])}), "
          f"видеокарта {figures['gpu'] or 'нет'}")
    if figures["isa_limits"]:
        print("ограничения: " + " ".join(f"{k}={v}" for k, v in figures["isa_limits"].items()))
    print(f"      кодировщик: {figures['encoder_ms']:8.1f} мс")
    print(f"    мс на токен: {figures['ms_per_token']:8.2f}")
    for tokens, ms in figures["caption_ms"].items():
        print(f"  {tokens:>4} токенов: {ms:8.1f} мс")
    print(f"   перевод фразы: {figures['translation_ms']:8.1f} мс")
    print(f" пиковая память: {figures['peak_memory_mb']:8.1f} МБ")
    if figures.get("encoder_cpu_ms") is not None:
        print(f"  кодировщик, время процессора: {figures['encoder_cpu_ms']:8.1f} мс")
        for tokens, ms in figures["caption_cpu_ms"].items():
            print(f"  {tokens:>4} токенов, время процессора: {ms:8.1f} мс")
    print(f" загрузка машины: {figures['load']}")


def _print_pipeline(figures: dict) -> None:
    print(f"Изображение: {figures['image']['width']}×{figures['image']['height']}, "
          f"подробность {figures['detail']}, устройство {figures['device']}")
    print(f"Процессор: {figures['cpu']} ({figures['cores']} ядер; {' '.join(figures['cpu_flags']) or 'без AVX2'}); "
          f"видеокарта: {figures['gpu'] or 'нет'}")
    print(f"{'первый звук':>16}: {figures['first_audio_ms']:8.1f} мс")
    print(f"{'описание готово':>16}: {figures['total_ms']:8.1f} мс")
    print("Движки: " + ", ".join(f"{k} — {v}" for k, v in figures["engines"].items()))
    print(f"{'декодирование':>16}: {figures['decode_ms']:8.1f} мс")
    print(f"{'загрузка моделей':>16}: {figures['load_ms']:8.1f} мс (один раз)")
    for stage, ms in figures["median_ms"].items():
        print(f"{stage:>16}: {ms:8.1f} мс")
    print(f"{'длина речи':>16}: {figures['audio_seconds']:8.2f} с")
    for warning in figures["warnings"]:
        print(f"Внимание: {warning}")


def run_bench(args: argparse.Namespace) -> int:
    caption_only = args.caption_only or args.random_weights
    figures = measure_caption(args) if caption_only else measure(args)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        (_print_caption if caption_only else _print_pipeline)(figures)
    return 0
