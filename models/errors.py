"""Exceptions raised by analyzers and the model registry; the core turns them into Russian messages."""
from __future__ import annotations


class AnalyzerError(Exception):
    """An analyzer could not do its job on this image or this machine."""


class ModelMissingError(AnalyzerError):
    """The weights of a registered model are neither in the cache nor in a local folder."""

    def __init__(self, name: str, title: str) -> None:
        super().__init__(f"model {name!r} ({title}) is not downloaded")
        self.name = name
        self.title = title


class ModelCorruptError(ModelMissingError):
    """A model's files are on disk but incomplete, cut short, damaged or of the wrong kind.

    It is a :class:`ModelMissingError` because the cure is the same (download it again, or
    reinstall what ships with the app); ``detail`` says in English what is wrong, for the log.
    """

    def __init__(self, name: str, title: str, detail: str) -> None:
        super().__init__(name, title)
        self.args = (f"model {name!r} ({title}) is damaged: {detail}",)
        self.detail = detail


class EngineUnavailableError(AnalyzerError):
    """A system program or library the analyzer needs is not installed."""

    def __init__(self, engine: str, hint: str) -> None:
        super().__init__(f"{engine} is not available: {hint}")
        self.engine = engine
        self.hint = hint


class AnalysisCancelled(Exception):
    """A newer request superseded this one while an analyzer was working."""


#: Why a download failed, as :attr:`DownloadError.reason`.
DOWNLOAD_REASONS = ("offline", "no_connection", "refused", "not_found", "server", "interrupted",
                    "checksum", "disk_full", "permission", "unknown")


class DownloadError(OSError):
    """A model download failed; ``reason`` is one of :data:`DOWNLOAD_REASONS` and the original
    exception is the ``__cause__``. ``folder`` is where the files were being written."""

    def __init__(self, reason: str, detail: str, folder: str | None = None) -> None:
        if reason not in DOWNLOAD_REASONS:
            raise ValueError(f"unknown download failure reason {reason!r}")
        super().__init__(f"download failed ({reason}): {detail}")
        self.reason = reason
        self.detail = detail
        self.folder = folder
