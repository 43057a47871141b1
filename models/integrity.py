"""Checking model files: complete against a manifest, whole by their own format, equal by hash.

A download that stopped half-way, a disk that lost a block or a file of another version must
end in a clear message, never in a traceback or a silent wrong answer. The checks that run on
every load are cheap (sizes, the name of a Hub cache blob, a safetensors header, a zip's
directory and checksums); whole-file hashes run after downloads and on small files.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vidimo.models.device import gpu_problem
from vidimo.models.errors import ModelCorruptError, ModelMissingError

log = logging.getLogger(__name__)

#: Relative slack for sizes the Hub page shows rounded to three digits ("307 MB", "1.38 kB").
ROUNDED_SIZE_SLACK = 0.01
#: Suffixes of files holding weights, checked by their format before loading.
WEIGHT_SUFFIXES = (".safetensors", ".pt", ".pth", ".bin")
#: A safetensors header larger than this is not a header but damage.
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024


@dataclass(frozen=True)
class HubFile:
    """One file of a pinned Hub snapshot: its path, size in bytes (``None`` where none is
    published; its hash is checked after downloads) and, where published, its SHA-256.
    ``exact`` is false when the only published size is the Hub page's rounded figure."""

    path: str
    size: int | None
    sha256: str | None = None
    exact: bool = True

    def size_fits(self, actual: int) -> bool:
        if self.size is None:
            return True
        if self.exact:
            return actual == self.size
        return abs(actual - self.size) <= self.size * ROUNDED_SIZE_SLACK


def snapshot_problem(folder: Path, files: Sequence[HubFile]) -> str | None:
    """What keeps ``folder`` from being the complete snapshot ``files`` describe, or ``None``.

    In the Hugging Face cache each file links to a blob named by its SHA-256 (large files), so
    the blob's name also tells that the right version was fetched.
    """
    missing = [f.path for f in files if not (folder / f.path).is_file()]
    if missing:
        return f"files missing: {', '.join(missing)}"
    for expected in files:
        path = folder / expected.path
        actual = path.stat().st_size
        if not expected.size_fits(actual):
            return f"{expected.path}: {actual} bytes, expected {'' if expected.exact else 'about '}{expected.size}"
        if expected.sha256 and path.is_symlink():
            blob = Path(os.path.realpath(path)).name
            if len(blob) == 64 and blob != expected.sha256:
                return f"{expected.path}: blob {blob} is not the pinned version {expected.sha256}"
    return None


def file_digest(path: Path, algorithm: str) -> str:
    """Hex digest of a file (``md5`` or ``sha256``), read in 1 MiB pieces."""
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_problem(path: Path, *, md5: str | None = None, sha256: str | None = None) -> str | None:
    """A mismatch between ``path`` and the published checksum, or ``None``."""
    for algorithm, expected in (("sha256", sha256), ("md5", md5)):
        if expected:
            actual = file_digest(path, algorithm)
            if actual != expected:
                return f"{path.name}: {algorithm} {actual}, expected {expected}"
    return None


def _safetensors_problem(path: Path) -> str | None:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            return f"{path.name}: {size} bytes, too short for a safetensors file"
        length = int.from_bytes(head, "little")
        if length > min(size - 8, _MAX_SAFETENSORS_HEADER):
            return f"{path.name}: header of {length} bytes does not fit in {size} bytes"
        try:
            header = json.loads(handle.read(length))
            end = max((int(entry["data_offsets"][1]) for key, entry in header.items() if key != "__metadata__"),
                      default=0)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return f"{path.name}: unreadable safetensors header"
    if 8 + length + end != size:
        return f"{path.name}: {size} bytes, its header describes {8 + length + end}"
    return None


def _zip_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        return f"{path.name}: zip archive cut short or damaged ({error})"
    return f"{path.name}: damaged entry {damaged}" if damaged else None


def weight_problem(path: Path) -> str | None:
    """What is wrong with a weight file by its own format, or ``None`` when it looks whole.

    safetensors: the header's tensors must end exactly at the end of the file. PyTorch zip
    checkpoints (``.pt``, new ``.pth``): the zip directory must be found and every entry's CRC
    must match. Old pickled ``.pth`` files have no such structure; their checksum is checked.
    """
    if not path.is_file():
        return f"{path.name}: missing"
    if path.suffix == ".safetensors":
        return _safetensors_problem(path)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PK\x03\x04":
        return _zip_problem(path)
    if magic[:1] == b"\x80" and magic[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return None  # a pickle (old torch format): only a checksum can tell
    if path.suffix in (".pt", ".pth"):
        return f"{path.name}: neither a zip nor a pickle (starts with {magic!r})"
    return None


#: Exceptions a loader raises on damaged or foreign files (safetensors, torch, json, tokenizers).
_LOAD_ERRORS: tuple[type[BaseException], ...] = (
    OSError, ValueError, RuntimeError, EOFError, KeyError, pickle.UnpicklingError, zipfile.BadZipFile,
)


def _load_errors() -> tuple[type[BaseException], ...]:
    try:
        from safetensors import SafetensorError
    except ImportError:  # pragma: no cover - safetensors comes with transformers
        return _LOAD_ERRORS
    return (*_LOAD_ERRORS, SafetensorError)


@contextmanager
def loading(name: str, title: str) -> Iterator[None]:
    """Turns a loader's failure on damaged files into :class:`ModelCorruptError` (logged with its
    traceback). GPU failures and missing-model errors pass through unchanged."""
    try:
        yield
    except ModelMissingError:
        raise
    except _load_errors() as error:
        if gpu_problem(error):
            raise
        log.exception("loading %s failed", name)
        raise ModelCorruptError(name, title, f"{type(error).__name__}: {error}") from error
