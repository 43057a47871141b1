"""Russian narration of a :class:`~vidimo.scene.Scene` (pure functions, no models).

Every phrase is in :mod:`vidimo.narration.phrases`; each stage's findings are read by a module
of their own (caption, people, text, windows) that :mod:`vidimo.stages` names.
"""
from vidimo.narration.narrator import narrate
from vidimo.narration.places import place

__all__ = ["narrate", "place"]
