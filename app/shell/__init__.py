"""The desktop shell: tray (or a fallback window), hotkeys, capture, settings and results.

This package is the only importer of PySide6. It turns user gestures into
requests for the worker thread and speaks what comes back.
"""
