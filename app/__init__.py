"""Видимо (Vidimo): hear what is on the screen, in Russian.

This package is the Qt-free core (pipeline, scene, narration, speech, command
line); the desktop shell lives in :mod:`vidimo.shell` and is the only importer
of PySide6. Analyzers live in :mod:`vidimo.models`.
"""
__version__ = "0.1.0"

import os as _os

# OpenMP threads (torch, Tesseract) that wait for each other spin on a busy core by default. With
# the stages running at once on a small machine, the interface detector took 3.5 s instead of
# 60 ms. Passive waiting must be chosen before torch is imported, so it is chosen here.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# oneDNN keeps up to 1024 compiled kernels by default, a set for every input shape seen: the
# interface detector sees a new shape with each window size, and the app's memory grew by 40–60 MB
# over the first hundreds of descriptions. 128 holds the detector's kernels for a few shapes
# (measured: memory flat over 150 window shapes; 198 ms instead of 176 ms for a 1920×1080 screen).
_os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "128")
