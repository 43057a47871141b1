"""Downloading release files from a loopback server: resuming after a broken connection,
checking the published hash, and telling each failure by its cause in Russian."""
from __future__ import annotations

import errno
import hashlib
import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from vidimo import model_commands
from vidimo.models import download as download_module
from vidimo.models import registry
from vidimo.models.errors import DownloadError



def _checkpoint() -> bytes:
    """1 MB laid out as a PyTorch checkpoint is (a zip archive): more than one read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data/0", bytes(range(256)) * 4000)
    return buffer.getvalue()


PAYLOAD = _checkpoint()
CHECKSUM = hashlib.sha256(PAYLOAD).hexdigest()


@dataclass
class Server:
    """What the loopback server sends and what it was asked."""

    url: str
    body: bytes = PAYLOAD
    status: int = 200
    cut_after: int | None = None       # the next answer stops after this many bytes, then serves whole
    honour_ranges: bool = True
    ranges: list[str | None] = field(default_factory=list)


@pytest.fixture()
def server() -> Iterator[Server]:
    """A loopback HTTP server with byte-range support that can cut an answer short once."""
    state = Server(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            requested = self.headers.get("Range")
            state.ranges.append(requested)
            if not state.honour_ranges:
                requested = None
            if state.status != 200:
                self.send_error(state.status)
                return
            start = int(requested.removeprefix("bytes=").split("-")[0]) if requested else 0
            if start >= len(state.body):
                self.send_response(416)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206 if requested else 200)
            if requested:
                self.send_header("Content-Range", f"bytes {start}-{len(state.body) - 1}/{len(state.body)}")
            self.send_header("Content-Length", str(len(state.body) - start))
            self.end_headers()
            data = state.body[start:]
            if state.cut_after is not None:
                data, state.cut_after = data[:state.cut_after], None
                self.wfile.write(data)
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)   # the connection breaks mid-way
                return
            self.wfile.write(data)

        def log_message(self, *args):  # keep test output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_port}/yolo11n.pt"
    yield state
    httpd.shutdown()
    httpd.server_close()


def _register(monkeypatch, url: str, **changes) -> registry.ModelSpec:
    """A release-file model like yolo-coco, served from ``url``."""
    fields = {"name": "tiny-test", "title": "Tiny test", "url": url, "sha256": CHECKSUM, "size": len(PAYLOAD)}
    model = replace(registry.spec("yolo-coco"), **{**fields, **changes})
    monkeypatch.setitem(registry.REGISTRY, "tiny-test", model)
    return model


def test_download_checks_the_hash_and_reports_progress(monkeypatch, server: Server, isolated_models: Path):
    model = _register(monkeypatch, server.url)
    progress: list[tuple[int, int]] = []
    folder = registry.download("tiny-test", progress=lambda done, total: progress.append((done, total)))
    assert folder == isolated_models / "vidimo" / "tiny-test"
    assert (folder / "yolo11n.pt").read_bytes() == PAYLOAD
    assert progress[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert registry.locate(model) == folder and not list(folder.glob("*.part"))


def test_a_broken_connection_is_resumed_where_it_stopped(monkeypatch, server: Server, isolated_models: Path):
    _register(monkeypatch, server.url)
    server.cut_after = 300_000
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == "interrupted"
    part = isolated_models / "vidimo" / "tiny-test" / "yolo11n.pt.part"
    assert part.stat().st_size == 300_000
    assert "продолжится с того места" in model_commands.download_problem("Tiny test", error.value)

    folder = registry.download("tiny-test")
    assert server.ranges == [None, "bytes=300000-"]
    assert (folder / "yolo11n.pt").read_bytes() == PAYLOAD


def test_a_server_that_ignores_the_range_is_read_from_the_start(monkeypatch, server: Server, isolated_models: Path):
    _register(monkeypatch, server.url)
    folder = isolated_models / "vidimo" / "tiny-test"
    folder.mkdir(parents=True)
    (folder / "yolo11n.pt.part").write_bytes(b"stale bytes of another try")
    server.honour_ranges = False
    registry.download("tiny-test")
    assert server.ranges == ["bytes=26-"]
    assert (folder / "yolo11n.pt").read_bytes() == PAYLOAD


def test_a_wrong_checksum_leaves_nothing_and_says_so(monkeypatch, server: Server, isolated_models: Path):
    model = _register(monkeypatch, server.url, sha256="0" * 64)
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == "checksum"
    assert registry.locate(model) is None
    assert not list((isolated_models / "vidimo" / "tiny-test").iterdir())
    assert "контрольная сумма" in model_commands.download_problem("Tiny test", error.value)


def test_a_zip_archive_is_unpacked_and_checked_by_the_md5_of_its_file(monkeypatch, server: Server,
                                                                      isolated_models: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tiny.pth", PAYLOAD)
    server.body = buffer.getvalue()
    model = replace(registry.spec("easyocr-cyrillic"), name="tiny-zip", url=server.url.replace(".pt", ".zip"),
                    md5=hashlib.md5(PAYLOAD).hexdigest(), filename="tiny.pth")  # noqa: S324 - EasyOCR's checksum
    monkeypatch.setitem(registry.REGISTRY, "tiny-zip", model)
    folder = registry.download("tiny-zip")
    assert (folder / "tiny.pth").read_bytes() == PAYLOAD
    assert sorted(p.name for p in folder.iterdir()) == ["tiny.pth"]


def test_a_full_disk_is_told_in_russian(monkeypatch, server: Server, isolated_models: Path):
    _register(monkeypatch, server.url)

    def disk_full(handle, chunk):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(download_module, "_append", disk_full)
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == "disk_full"
    message = model_commands.download_problem("Tiny test", error.value)
    assert message.startswith("Не удалось скачать «Tiny test»: на диске не хватает места.")
    assert "Свободно" in message


def test_no_permission_to_write_is_told(monkeypatch, server: Server, isolated_models: Path):
    _register(monkeypatch, server.url)

    def read_only(handle, chunk):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(download_module, "_append", read_only)
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == "permission"
    assert "нет прав на запись" in model_commands.download_problem("Tiny test", error.value)


@pytest.mark.parametrize("status, reason, words", [
    (404, "not_found", "не нашёл файл"),
    (403, "refused", "отказал в доступе"),
    (503, "server", "ответил ошибкой"),
])
def test_a_server_refusal_is_told_by_its_status(monkeypatch, server: Server, isolated_models: Path,
                                                status: int, reason: str, words: str):
    _register(monkeypatch, server.url)
    server.status = status
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == reason
    assert words in model_commands.download_problem("Tiny test", error.value)


def test_no_connection_is_told(monkeypatch, isolated_models: Path):
    with socket.socket() as probe:        # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _register(monkeypatch, f"http://127.0.0.1:{port}/yolo11n.pt")
    with pytest.raises(DownloadError) as error:
        registry.download("tiny-test")
    assert error.value.reason == "no_connection"
    assert "нет соединения с сервером" in model_commands.download_problem("Tiny test", error.value)


def test_models_download_fetches_a_damaged_model_again(monkeypatch, server: Server, isolated_models: Path, capsys):
    _register(monkeypatch, server.url)
    folder = registry.download("tiny-test")
    with (folder / "yolo11n.pt").open("r+b") as handle:
        handle.truncate(1000)
    assert registry.check(registry.spec("tiny-test")).problem

    assert model_commands.download(["tiny-test"]) == 0
    assert (folder / "yolo11n.pt").read_bytes() == PAYLOAD
    assert "Скачиваю заново «Tiny test»" in capsys.readouterr().err
    assert len(server.ranges) == 2

    assert model_commands.download(["tiny-test"]) == 0      # whole: not fetched again …
    assert len(server.ranges) == 2
    assert model_commands.download(["tiny-test"], force=True) == 0   # … unless forced
    assert len(server.ranges) == 3


def test_models_download_prints_the_cause(monkeypatch, server: Server, isolated_models: Path, capsys):
    _register(monkeypatch, server.url)
    server.status = 404
    assert model_commands.download(["tiny-test"]) == 1
    assert "Не удалось скачать «Tiny test»: сервер не нашёл файл модели." in capsys.readouterr().err


def test_reasons_are_found_behind_wrapping_exceptions():
    wrapped = RuntimeError("hub failed")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert download_module.reason_for(wrapped) == "disk_full"
    assert download_module.reason_for(ValueError("something else")) == "offline"   # HF_HUB_OFFLINE=1 in tests
