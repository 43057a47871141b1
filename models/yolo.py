"""Loading and running ultralytics YOLO checkpoints offline, without slowing the rest of the app.

On import and whenever it picks the CPU, ultralytics sets torch to ``cpu_count - 1``
threads (one on a 2-core machine) for the whole process, which would halve the speed
of every other model there. :class:`Yolo` puts the app's thread count back after
every call (the first call itself may run on fewer threads).
"""
from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from vidimo.models.device import Device


class Yolo:
    """One YOLO checkpoint on one device; :meth:`predict` takes ultralytics' keyword arguments."""

    def __init__(self, weights: Path, device: Device) -> None:
        os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks, no font downloads
        # ultralytics logs to stdout («Creating new Ultralytics Settings…» on a first run), which
        # would break `vidimo describe --json`; only its errors are let through.
        os.environ.setdefault("YOLO_VERBOSE", "False")
        os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))  # else ultralytics says 1
        import torch
        from ultralytics import YOLO

        self._threads = torch.get_num_threads()
        self._device = device
        self.model = YOLO(str(weights))
        self.model.to(device.name)

    @property
    def names(self) -> list[str]:
        names = self.model.names
        return list(names.values()) if isinstance(names, dict) else list(names)

    def predict(self, image: Image.Image, **options):  # noqa: ANN201 - ultralytics Results, no public type
        import torch

        try:
            torch.set_num_threads(self._threads)
            return self.model.predict(image, device=self._device.name, quantize=16 if self._device.half else None,
                                      verbose=False, **options)
        finally:
            torch.set_num_threads(self._threads)
