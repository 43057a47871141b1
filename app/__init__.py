"""Видимо (Vidimo): hear what is on the screen, in Russian.

This package is the Qt-free core (pipeline, scene, narration, speech, command
line); the desktop shell lives in :mod:`vidimo.shell` and is the only importer
of PySide6. Analyzers live in :mod:`vidimo.models`.
"""
__version__ = "0.1.0"
