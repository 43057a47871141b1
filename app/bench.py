"""``vidimo bench IMAGE``: per-stage timings of the whole path, image to speech.

Stages: image decoding, model loading (once), each analyzer, narration, speech
synthesis, and the end-to-end total of a warm request. Medians of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import time

from vidimo.imageio import load_image
from vidimo.pipeline import Pipeline, build_analyzers
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


def measure(args: argparse.Namespace) -> dict:
    """Run the benchmark and return its figures as plain data."""
    import os

    import torch

    started = time.perf_counter()
    image = load_image(args.path)
    decode_ms = (time.perf_counter() - started) * 1000
    pipeline = Pipeline(build_analyzers(device=args.device, ocr_engine=args.ocr))
    started = time.perf_counter()
    warnings = pipeline.warm_up()
    load_ms = (time.perf_counter() - started) * 1000
    speaker = Speaker(args.voice)
    runs: list[dict[str, float]] = []
    try:
        speaker.synthesize("Проверка.")  # warm the voice, as the app does at start
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            scene = pipeline.describe(load_image(args.path), args.detail)
            spoken = time.perf_counter()
            audio = speaker.synthesize(scene.narration)
            done = time.perf_counter()
            run = dict(scene.timings_ms)
            run["speech"] = (done - spoken) * 1000
            run["total"] = (done - started) * 1000
            runs.append(run)
    finally:
        speaker.close()
    stages = list(runs[0])
    device = pipeline.analyzers[0].device.name if pipeline.analyzers else "cpu"
    return {
        "image": {"path": args.path, "width": image.width, "height": image.height},
        "detail": args.detail,
        "device": device,
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "engines": {
            "text": next((getattr(a, "engine", None) for a in pipeline.analyzers if a.name == "text"), None),
            "speech": speaker.last_engine,
        },
        "decode_ms": round(decode_ms, 1),
        "load_ms": round(load_ms, 1),
        "median_ms": {stage: round(statistics.median(r[stage] for r in runs), 1) for stage in stages},
        "audio_seconds": round(audio.duration, 2),
        "warnings": warnings + scene.warnings,
    }


def run_bench(args: argparse.Namespace) -> int:
    figures = measure(args)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    print(f"Изображение: {figures['image']['width']}×{figures['image']['height']}, "
          f"подробность {figures['detail']}, устройство {figures['device']}")
    print(f"Процессор: {figures['cpu']} ({figures['cores']} ядер); видеокарта: {figures['gpu'] or 'нет'}")
    print(f"Движки: текст — {figures['engines']['text']}, голос — {figures['engines']['speech']}")
    print(f"{'декодирование':>16}: {figures['decode_ms']:8.1f} мс")
    print(f"{'загрузка моделей':>16}: {figures['load_ms']:8.1f} мс (один раз)")
    for stage, ms in figures["median_ms"].items():
        print(f"{stage:>16}: {ms:8.1f} мс")
    print(f"{'длина речи':>16}: {figures['audio_seconds']:8.2f} с")
    for warning in figures["warnings"]:
        print(f"Внимание: {warning}")
    return 0
