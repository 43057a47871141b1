"""Exceptions raised by analyzers; the core turns them into Russian messages."""
from __future__ import annotations


class AnalyzerError(Exception):
    """An analyzer could not do its job on this image or this machine."""


class ModelMissingError(AnalyzerError):
    """The weights of a registered model are neither in the cache nor in a local folder."""

    def __init__(self, name: str, title: str) -> None:
        super().__init__(f"model {name!r} ({title}) is not downloaded")
        self.name = name
        self.title = title


class EngineUnavailableError(AnalyzerError):
    """A system program or library the analyzer needs is not installed."""

    def __init__(self, engine: str, hint: str) -> None:
        super().__init__(f"{engine} is not available: {hint}")
        self.engine = engine
        self.hint = hint


class AnalysisCancelled(Exception):
    """A newer request superseded this one while an analyzer was working."""
