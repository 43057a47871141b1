"""Fetching one file over HTTP so that an interrupted download continues where it stopped,
and naming why any model download failed.

A download is written to ``<file>.part`` and, when that exists, resumed with an HTTP
``Range`` request; a server that ignores the range is read from the start again. The
caller checks the finished file's hash. Runs on whichever thread downloads (the CLI's main
thread, a settings-window worker thread).
"""
from __future__ import annotations

import errno
import http.client
import logging
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from vidimo.models.errors import DownloadError

log = logging.getLogger(__name__)

#: ``progress(done_bytes, total_bytes)``; total is 0 when unknown.
ProgressCallback = Callable[[int, int], None]
#: Seconds to wait for the server to answer, and between two pieces of data.
TIMEOUT_S = 30
CHUNK = 1 << 20


def _append(handle: BinaryIO, chunk: bytes) -> None:
    """Writes one piece of the download (one place, so tests can make the disk full)."""
    handle.write(chunk)


def fetch(url: str, part: Path, *, label: str, progress: ProgressCallback | None = None) -> Path:
    """Downloads ``url`` into ``part``, continuing a partial ``part`` left by an earlier try.

    Returns ``part`` once the server has sent everything. Raises :class:`DownloadError`
    (``interrupted``) when the connection breaks mid-way, keeping what arrived for next time;
    connection, HTTP and disk errors propagate for :func:`reason_for` to name.
    """
    from tqdm.auto import tqdm

    done = part.stat().st_size if part.is_file() else 0
    headers = {"Range": f"bytes={done}-"} if done else {}
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S)
    except urllib.error.HTTPError as error:
        if error.code == 416 and done:  # nothing after what we have: the part is already whole
            log.info("%s: %s already complete (%d bytes)", label, part.name, done)
            return part
        raise
    with response:
        if done and response.status != 206:
            log.info("%s: server ignored the range request; starting over", label)
            done = 0
        elif done:
            log.info("%s: resuming at byte %d", label, done)
        length = int(response.headers.get("Content-Length") or 0)
        total = done + length if length else 0
        with part.open("ab" if done else "wb") as out, \
                tqdm(total=total or None, initial=done, unit="B", unit_scale=True, desc=label) as bar:
            try:
                while chunk := response.read(CHUNK):
                    _append(out, chunk)
                    done += len(chunk)
                    bar.update(len(chunk))
                    if progress:
                        progress(done, total)
            except (http.client.IncompleteRead, ConnectionError, TimeoutError, socket.timeout, ssl.SSLError) as error:
                raise DownloadError("interrupted", f"{label}: {done} of {total or '?'} bytes: {error!r}",
                                    str(part.parent)) from error
    if total and done < total:
        raise DownloadError("interrupted", f"{label}: {done} of {total} bytes", str(part.parent))
    return part


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _status(error: BaseException) -> int | None:
    """The HTTP status an error carries (urllib, huggingface_hub/httpx), if any."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _reason_of(error: BaseException) -> str | None:
    if isinstance(error, DownloadError):
        return error.reason
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "disk_full"
    if isinstance(error, PermissionError) or (isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM,
                                                                                             errno.EROFS)):
        return "permission"
    name = type(error).__name__
    status = _status(error)
    if status is not None:
        if status in (401, 403, 451):
            return "refused"
        if status in (404, 410):
            return "not_found"
        return "server"
    if name in ("RepositoryNotFoundError", "RevisionNotFoundError", "RemoteEntryNotFoundError", "GatedRepoError"):
        return "not_found" if name != "GatedRepoError" else "refused"
    if name == "OfflineModeIsEnabled":
        return "offline"
    if name in ("ReadError", "RemoteProtocolError", "IncompleteRead", "ChunkedEncodingError"):
        return "interrupted"
    if isinstance(error, (ConnectionError, TimeoutError, socket.gaierror, socket.timeout, ssl.SSLError)) or name in (
            "ConnectError", "ConnectTimeout", "TimeoutException", "NetworkError", "ProxyError"):
        return "no_connection"
    if isinstance(error, urllib.error.URLError):
        return "no_connection"
    return None


def reason_for(error: BaseException) -> str:
    """Why a download failed, as one of :data:`~vidimo.models.errors.DOWNLOAD_REASONS`, from the
    exception and its causes: the disk before the network, the first specific cause found."""
    chain = list(_chain(error))
    for check in ("disk_full", "permission", "checksum"):
        if any(_reason_of(item) == check for item in chain):
            return check
    for item in chain:
        reason = _reason_of(item)
        if reason is not None:
            return reason
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return "offline"
    if any(type(item).__name__ == "LocalEntryNotFoundError" for item in chain):
        return "no_connection"  # the Hub could not be reached and the cache has no copy
    return "unknown"
