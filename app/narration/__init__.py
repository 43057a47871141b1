"""Russian narration of a :class:`~vidimo.scene.Scene` (pure functions, no models)."""
from vidimo.narration.narrator import narrate, place

__all__ = ["narrate", "place"]
