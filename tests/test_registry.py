"""The model manager: one pinned registry, local folders, complete snapshots, precise offline errors."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from vidimo.models import registry
from vidimo.models.errors import DownloadError, ModelCorruptError, ModelMissingError
from vidimo.models.integrity import HubFile


def test_every_model_is_described():
    for model in registry.REGISTRY.values():
        assert model.title and model.purpose and model.licence and model.size_mb > 0
        assert (model.repo_id is None) != (model.url is None)
        assert model.env_var.startswith("VIDIMO_MODEL_") and "-" not in model.env_var


def test_every_hub_model_is_pinned_to_a_commit_with_a_manifest():
    hub = [m for m in registry.REGISTRY.values() if m.repo_id is not None]
    assert {m.name for m in hub} == {"florence-2-large", "florence-2-base", "opus-mt-en-ru"}
    for model in hub:
        assert model.revision is not None and re.fullmatch(r"[0-9a-f]{40}", model.revision), model.name
        paths = [f.path for f in model.files]
        assert len(paths) == len(set(paths)) and "config.json" in paths
        assert model.allow_patterns == tuple(paths)   # exactly the checked files are fetched
        weights = [f for f in model.files if f.path == "model.safetensors"]
        assert len(weights) == 1 and re.fullmatch(r"[0-9a-f]{64}", weights[0].sha256 or ""), model.name
        assert weights[0].size and weights[0].size > 100_000_000
    assert '"main"' not in Path(registry.__file__).read_text()


def test_every_release_file_is_checked_by_a_published_hash():
    for model in registry.REGISTRY.values():
        if model.url is not None:
            assert model.md5 or model.sha256, model.name
            assert model.url.startswith("https://")


def test_easyocr_table_matches_easyocr():
    from easyocr import config

    ours = registry.EASYOCR_MODELS
    assert ours["craft"]["url"] == config.detection_models["craft"]["url"]
    assert ours["craft"]["md5"] == config.detection_models["craft"]["md5sum"]
    for key in ("cyrillic_g2", "english_g2"):
        assert ours[key]["url"] == config.recognition_models["gen2"][key]["url"]
        assert ours[key]["md5"] == config.recognition_models["gen2"][key]["md5sum"]


def test_packaged_english_weights_are_the_published_files():
    for name in ("easyocr-english", "easyocr-craft"):
        model = registry.spec(name)
        path = registry.require(name) / str(model.filename)
        assert path.stat().st_size == model.size
        assert hashlib.md5(path.read_bytes()).hexdigest() == model.md5  # noqa: S324 - EasyOCR's checksum


def test_absent_model_raises_with_its_name():
    with pytest.raises(ModelMissingError) as error:
        registry.require("florence-2-base")
    assert error.value.name == "florence-2-base"
    assert not isinstance(error.value, ModelCorruptError)


def test_local_folder_override(monkeypatch, tmp_path: Path):
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tmp_path))
    assert registry.require("florence-2-base") == tmp_path
    monkeypatch.setenv("VIDIMO_MODEL_YOLO_COCO", str(tmp_path))   # folder without yolo11n.pt
    with pytest.raises(ModelMissingError):
        registry.require("yolo-coco")


def _safetensors_of_size(path: Path, size: int) -> None:
    """A valid safetensors file of exactly ``size`` bytes (sparse: one byte tensor fills it)."""
    header = b""
    for _ in range(2):  # the header's own length changes the tensor's length once
        data = size - 8 - len(header)
        header = json.dumps({"w": {"dtype": "U8", "shape": [data], "data_offsets": [0, data]}}).encode()
    with path.open("wb") as handle:
        handle.write(len(header).to_bytes(8, "little") + header)
        handle.truncate(size)


def lay_out_snapshot(hf_home: Path, model: registry.ModelSpec, *, skip: str = "",
                     sizes: dict[str, int] | None = None) -> Path:
    """Writes ``model``'s snapshot as huggingface_hub does: blobs named by SHA-256 (large files)
    or another id, linked from ``snapshots/<revision>/``. ``skip`` leaves one file out."""
    from huggingface_hub.file_download import repo_folder_name

    repo = hf_home / "hub" / repo_folder_name(repo_id=model.repo_id, repo_type="model")
    snapshot = repo / "snapshots" / str(model.revision)
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    for number, expected in enumerate(model.files):
        if expected.path == skip:
            continue
        blob = repo / "blobs" / (expected.sha256 or f"{number:040x}")
        size = (sizes or {}).get(expected.path, expected.size or 100)
        if expected.path.endswith(".safetensors"):
            _safetensors_of_size(blob, size)
        else:
            blob.write_bytes(b"x" * size)
        (snapshot / expected.path).symlink_to(os.path.relpath(blob, snapshot))
    return snapshot


def test_a_complete_pinned_snapshot_is_found_in_the_hf_cache(isolated_models: Path):
    model = registry.spec("opus-mt-en-ru")
    snapshot = lay_out_snapshot(isolated_models, model)
    assert registry.locate(model) == snapshot
    assert registry.require("opus-mt-en-ru") == snapshot


def test_a_snapshot_missing_its_weights_counts_as_not_downloaded(isolated_models: Path):
    """An interrupted download leaves the small files and no weights: not «скачана»."""
    model = registry.spec("opus-mt-en-ru")
    lay_out_snapshot(isolated_models, model, skip="model.safetensors")
    assert registry.locate(model) is None
    with pytest.raises(ModelCorruptError, match="model.safetensors") as error:
        registry.require("opus-mt-en-ru")
    assert error.value.name == "opus-mt-en-ru"


def test_a_weight_file_cut_short_counts_as_damaged(isolated_models: Path):
    model = registry.spec("florence-2-base")
    lay_out_snapshot(isolated_models, model, sizes={"model.safetensors": 200_000_000})
    assert registry.locate(model) is None
    with pytest.raises(ModelCorruptError, match="200000000 bytes"):
        registry.require("florence-2-base")


def test_a_snapshot_of_another_version_is_not_the_pinned_model(isolated_models: Path):
    model = registry.spec("florence-2-large")
    snapshot = lay_out_snapshot(isolated_models, model)
    weights = snapshot / "model.safetensors"
    other = weights.resolve().parent / ("0" * 64)
    os.replace(weights.resolve(), other)
    weights.unlink()
    weights.symlink_to(other)
    assert registry.locate(model) is None
    assert "not the pinned version" in str(registry.inspect(model).problem)


def test_a_safetensors_file_whose_header_promises_more_than_it_holds_is_damaged(monkeypatch, tmp_path: Path):
    """The user's own folder has no manifest; the weights are still checked by their format."""
    _safetensors_of_size(tmp_path / "model.safetensors", 10_000)
    monkeypatch.setenv("VIDIMO_MODEL_OPUS_MT_EN_RU", str(tmp_path))
    assert registry.require("opus-mt-en-ru") == tmp_path
    with (tmp_path / "model.safetensors").open("r+b") as handle:
        handle.truncate(9_000)
    with pytest.raises(ModelCorruptError, match="9000 bytes, its header describes 10000"):
        registry.require("opus-mt-en-ru")


def test_offline_hub_download_fails_as_offline_and_leaves_no_snapshot(isolated_models: Path):
    from vidimo.model_commands import download_problem

    with pytest.raises(DownloadError) as error:
        registry.download("opus-mt-en-ru")
    assert error.value.reason == "offline"
    assert "HF_HUB_OFFLINE" in download_problem("MarianMT en→ru", error.value)
    assert registry.locate(registry.spec("opus-mt-en-ru")) is None


def test_hub_files_with_rounded_sizes_allow_only_the_rounding():
    rounded = HubFile("vocab.json", 2_600_000, exact=False)
    assert rounded.size_fits(2_604_000) and not rounded.size_fits(2_000_000)
    assert HubFile("a", 42).size_fits(42) and not HubFile("a", 42).size_fits(41)
