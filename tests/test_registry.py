"""The model manager: one registry, local folders, offline messages, downloads with progress."""
from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from vidimo.models import registry
from vidimo.models.errors import ModelMissingError


def test_every_model_is_described():
    for model in registry.REGISTRY.values():
        assert model.title and model.purpose and model.licence and model.size_mb > 0
        assert (model.repo_id is None) != (model.url is None)
        assert model.env_var.startswith("VIDIMO_MODEL_") and "-" not in model.env_var


def test_easyocr_table_matches_easyocr():
    from easyocr import config

    ours = registry.EASYOCR_MODELS
    assert ours["craft"]["url"] == config.detection_models["craft"]["url"]
    assert ours["craft"]["md5"] == config.detection_models["craft"]["md5sum"]
    for key in ("cyrillic_g2", "english_g2"):
        assert ours[key]["url"] == config.recognition_models["gen2"][key]["url"]
        assert ours[key]["md5"] == config.recognition_models["gen2"][key]["md5sum"]


def test_packaged_english_weights_are_found_without_download():
    assert (registry.require("easyocr-english") / "english_g2.pth").is_file()
    assert (registry.require("easyocr-craft") / "craft_mlt_25k.pth").is_file()


def test_absent_model_raises_with_its_name():
    with pytest.raises(ModelMissingError) as error:
        registry.require("florence-2-base")
    assert error.value.name == "florence-2-base"


def test_local_folder_override(monkeypatch, tmp_path: Path):
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tmp_path))
    assert registry.require("florence-2-base") == tmp_path
    monkeypatch.setenv("VIDIMO_MODEL_YOLO_COCO", str(tmp_path))   # folder without yolo11n.pt
    with pytest.raises(ModelMissingError):
        registry.require("yolo-coco")


def test_hub_models_are_found_in_the_hf_cache(isolated_models: Path):
    """A snapshot laid out as huggingface_hub lays it out is found under $HF_HOME."""
    model = registry.spec("opus-mt-en-ru")
    repo = isolated_models / "hub" / "models--Helsinki-NLP--opus-mt-en-ru"
    snapshot = repo / "snapshots" / "0123456789abcdef0123456789abcdef01234567"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}")
    (repo / "refs").mkdir()
    (repo / "refs" / model.revision).write_text(snapshot.name)
    assert registry.locate(model) == snapshot


def test_offline_hub_download_fails_cleanly():
    with pytest.raises(Exception) as error:
        registry.download("opus-mt-en-ru")
    assert not isinstance(error.value, KeyboardInterrupt)


@pytest.fixture()
def archive_server():
    """A loopback HTTP server that serves one zipped weights file."""
    payload = b"\x00weights\x01" * 5000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tiny.pth", payload)
    body = buffer.getvalue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tiny.zip", hashlib.md5(payload).hexdigest()
    server.shutdown()


def test_archive_download_with_progress_and_checksum(monkeypatch, archive_server, isolated_models: Path):
    url, md5 = archive_server
    tiny = replace(registry.spec("easyocr-cyrillic"), name="tiny-test", url=url, md5=md5, filename="tiny.pth")
    monkeypatch.setitem(registry.REGISTRY, "tiny-test", tiny)
    progress: list[tuple[int, int]] = []
    folder = registry.download("tiny-test", progress=lambda done, total: progress.append((done, total)))
    assert folder == isolated_models / "vidimo" / "tiny-test"
    assert (folder / "tiny.pth").read_bytes().startswith(b"\x00weights")
    assert progress and progress[-1][0] == progress[-1][1] > 0
    assert registry.locate(tiny) == folder


def test_archive_with_wrong_checksum_leaves_nothing(monkeypatch, archive_server, isolated_models: Path):
    url, _ = archive_server
    bad = replace(registry.spec("easyocr-cyrillic"), name="bad-test", url=url, md5="0" * 32, filename="tiny.pth")
    monkeypatch.setitem(registry.REGISTRY, "bad-test", bad)
    with pytest.raises(OSError, match="checksum"):
        registry.download("bad-test")
    assert registry.locate(bad) is None
