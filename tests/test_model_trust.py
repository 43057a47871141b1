"""Models you can trust: a damaged weight file of every loader kind is told in Russian with the
command that fetches it again (never a traceback, never a wrong answer); a detector with other
classes is refused; EasyOCR leaves no temporary folder behind; GPU trouble moves a stage to the CPU."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from vidimo.imageio import load_image
from vidimo.models.base import Analyzer, Request
from vidimo.models.device import Device
from vidimo.models.errors import ModelCorruptError
from vidimo.pipeline import Pipeline

CPU = Device("cpu")
CUDA = Device("cuda", "float16")
PHOTO = Image.new("RGB", (64, 64), (200, 180, 150))


def _cut_copy(source: Path, folder: Path, keep: float = 0.5) -> Path:
    """A copy of ``source`` in ``folder`` with only the first ``keep`` of its bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    data = source.read_bytes()
    target.write_bytes(data[:int(len(data) * keep)])
    return target


def _told(scene) -> list[str]:
    """Everything the scene tells about problems: failures (``warnings``) and what a download
    would fix (``notices``, if the pipeline keeps them apart)."""
    return [*scene.warnings, *getattr(scene, "notices", [])]


def _copy_folder(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# --- safetensors: Florence-2 and MarianMT ---------------------------------------------------------

def test_a_cut_florence_is_told_with_the_command_to_fetch_it_again(monkeypatch, tmp_path, tiny_florence):
    from vidimo.models.caption.analyzer import CaptionAnalyzer

    folder = _copy_folder(tiny_florence, tmp_path / "florence")
    _cut_copy(tiny_florence / "model.safetensors", folder, keep=0.7)
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(folder))
    scene = Pipeline([CaptionAnalyzer(CPU)]).describe(PHOTO, "brief")
    assert scene.caption is None
    assert _told(scene) == [
        "Модель «Florence-2 base» (описание сцены, быстрая версия для процессора) скачана не полностью или "
        "повреждена. Скачать её заново можно командой: vidimo models download florence-2-base."]


def test_a_florence_the_loader_cannot_read_is_told_too(monkeypatch, tmp_path, tiny_florence):
    """Whole by size and header layout, but a tensor of an unknown number type: the loader's own
    error becomes the same message, not a traceback."""
    from vidimo.models.caption.analyzer import CaptionAnalyzer

    folder = _copy_folder(tiny_florence, tmp_path / "florence")
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    assert b'"dtype":"F32"' in data
    weights.write_bytes(data.replace(b'"dtype":"F32"', b'"dtype":"Q32"', 1))
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(folder))
    analyzer = CaptionAnalyzer(CPU)
    with pytest.raises(ModelCorruptError) as error:
        analyzer.load()
    assert error.value.name == "florence-2-base"


def test_a_cut_translator_leaves_the_caption_in_english_and_says_why(monkeypatch, tmp_path, tiny_florence,
                                                                       tiny_marian):
    from vidimo.models.caption.analyzer import CaptionAnalyzer

    folder = _copy_folder(tiny_marian, tmp_path / "marian")
    _cut_copy(tiny_marian / "model.safetensors", folder)
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tiny_florence))
    monkeypatch.setenv("VIDIMO_MODEL_OPUS_MT_EN_RU", str(folder))
    scene = Pipeline([CaptionAnalyzer(CPU)]).describe(PHOTO, "brief")
    assert scene.caption is not None and scene.caption.en == "A man at a desk." and scene.caption.ru is None
    assert any(w.startswith("Описание сцены звучит по-английски: нет переводчика. Модель «MarianMT en→ru»")
               and "повреждена" in w and "vidimo models download opus-mt-en-ru" in w for w in _told(scene))


# --- YOLO .pt: the people detector and the interface detector ---------------------------------------

def test_a_cut_person_detector_is_told_and_faces_still_count(monkeypatch, tmp_path, tiny_yolo, photo_woman):
    from vidimo.models.people.analyzer import PeopleAnalyzer

    _cut_copy(tiny_yolo / "yolo11n.pt", tmp_path / "yolo")
    monkeypatch.setenv("VIDIMO_MODEL_YOLO_COCO", str(tmp_path / "yolo"))
    scene = Pipeline([PeopleAnalyzer(CPU)]).describe(load_image(photo_woman))
    assert [p.gender for p in scene.people] == ["female"]
    assert _told(scene) == [
        "Людей без видимого лица не считаю. Модель «YOLO11n COCO» (поиск людей в кадре, в том числе без видимого "
        "лица) скачана не полностью или повреждена. Скачать её заново можно командой: "
        "vidimo models download yolo-coco."]


def test_a_cut_interface_detector_asks_for_a_reinstall(monkeypatch, tmp_path, settings_screen):
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.models.ui_detector.analyzer import UiAnalyzer, shipped_weights

    _cut_copy(shipped_weights(), tmp_path / "ui", keep=0.9)
    monkeypatch.setenv("VIDIMO_MODEL_UI_DETECTOR", str(tmp_path / "ui"))
    scene = Pipeline([UiAnalyzer(CPU), TextAnalyzer(CPU, "tesseract")]).describe(load_image(settings_screen))
    assert scene.ui_elements == [] and scene.texts
    assert _told(scene) == ["Детектор элементов интерфейса, который входит в Видимо, повреждён или не подходит "
                              "к этой версии программы. Переустановите программу."]


def test_a_detector_with_other_classes_is_refused_not_misread(monkeypatch, tmp_path, tiny_yolo):
    """The COCO checkpoint's class 0 is «person»: mapped onto our classes it would be «button»."""
    from vidimo.models.ui_detector.analyzer import UiAnalyzer

    (tmp_path / "ui").mkdir()
    shutil.copy(tiny_yolo / "yolo11n.pt", tmp_path / "ui" / "ui_detector.pt")
    monkeypatch.setenv("VIDIMO_MODEL_UI_DETECTOR", str(tmp_path / "ui"))
    analyzer = UiAnalyzer(CPU)
    with pytest.raises(ModelCorruptError, match="classes") as error:
        analyzer.analyze(PHOTO)
    assert error.value.name == "ui-detector"
    scene = Pipeline([UiAnalyzer(CPU)]).describe(PHOTO)
    assert scene.ui_elements == [] and "Переустановите программу" in _told(scene)[0]


# --- EasyOCR .pth ------------------------------------------------------------------------------------

@pytest.fixture()
def easyocr_copies(monkeypatch, tmp_path) -> tuple[Path, Path]:
    """The packaged CRAFT and english_g2 weights copied to folders of their own."""
    from vidimo.models import registry

    craft = registry.require("easyocr-craft") / "craft_mlt_25k.pth"
    english = registry.require("easyocr-english") / "english_g2.pth"
    folders = (tmp_path / "craft", tmp_path / "english")
    for source, folder in zip((craft, english), folders):
        folder.mkdir()
        shutil.copy(source, folder / source.name)
    monkeypatch.setenv("VIDIMO_MODEL_EASYOCR_CRAFT", str(folders[0]))
    monkeypatch.setenv("VIDIMO_MODEL_EASYOCR_ENGLISH", str(folders[1]))
    return folders


def _easyocr_warnings(settings_screen: Path) -> list[str]:
    from vidimo.models.text.analyzer import TextAnalyzer

    scene = Pipeline([TextAnalyzer(CPU, "easyocr")]).describe(load_image(settings_screen))
    assert scene.texts == []
    return _told(scene)


def test_a_cut_easyocr_recogniser_is_told(easyocr_copies, settings_screen):
    _cut_copy(easyocr_copies[1] / "english_g2.pth", easyocr_copies[1])
    assert _easyocr_warnings(settings_screen) == [
        "Модель «EasyOCR english_g2» (распознавание английского текста) скачана не полностью или повреждена. "
        "Скачать её заново можно командой: vidimo models download easyocr-english."]


def test_a_damaged_easyocr_detector_is_told(easyocr_copies, settings_screen):
    """CRAFT is an old pickled file with no structure to check: EasyOCR's own md5 check finds
    the damage, and the message names the right model."""
    weights = easyocr_copies[0] / "craft_mlt_25k.pth"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2:len(data) // 2 + 64] = b"\0" * 64
    weights.write_bytes(bytes(data))
    assert _easyocr_warnings(settings_screen) == [
        "Модель «EasyOCR CRAFT» (поиск текста на изображении) скачана не полностью или повреждена. "
        "Скачать её заново можно командой: vidimo models download easyocr-craft."]


def test_easyocr_leaves_no_temporary_folder(monkeypatch, tmp_path, easyocr_copies):
    """Models from two folders are linked into one for EasyOCR, and the link folder is removed."""
    from vidimo.models.text.easyocr_reader import EasyOcrReader

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    reader = EasyOcrReader(CPU)
    assert list(scratch.iterdir()) == []
    assert [line.text for line in reader.read(_word_image("HELLO"))] == ["HELLO"]


def _word_image(word: str) -> Image.Image:
    from conftest import render_lines

    return render_lines([(20, 20, word)], size=(240, 80), text_size=32)


# --- GPU trouble ---------------------------------------------------------------------------------------

class FlakyCard(Analyzer[str]):
    """Fails on CUDA as a real model would (when ``fail_on`` is reached), works on the CPU."""

    name = "caption"

    def __init__(self, error: BaseException, fail_on: str) -> None:
        super().__init__(CUDA)
        self.error, self.fail_on = error, fail_on
        self.loads: list[str] = []
        self.runs: list[str] = []

    def _load(self, device: Device) -> None:
        self.loads.append(device.name)
        if device.is_cuda and self.fail_on == "load":
            raise self.error

    def _analyze(self, image: Image.Image, request: Request) -> list[str]:
        self.runs.append(self.device.name)
        if self.device.is_cuda and self.fail_on == "analyze":
            raise self.error
        return [f"described on {self.device.name}"]


def _out_of_memory() -> BaseException:
    import torch

    return torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


def test_out_of_gpu_memory_moves_the_stage_to_the_cpu_and_says_so_once():
    analyzer = FlakyCard(_out_of_memory(), fail_on="analyze")
    assert analyzer.analyze(PHOTO) == ["described on cpu"]
    assert analyzer.analyze(PHOTO) == ["described on cpu"]
    assert analyzer.loads == ["cuda", "cpu"] and analyzer.runs == ["cuda", "cpu", "cpu"]
    assert analyzer.device.name == "cpu"
    assert analyzer.take_notices() == ["Описание сцены до конца работы идёт на процессоре: не хватило памяти "
                                       "видеокарты. Это медленнее, но описание будет."]
    assert analyzer.take_notices() == []


def test_a_missing_driver_while_loading_loads_on_the_cpu():
    error = RuntimeError("Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU "
                         "and installed a driver from http://www.nvidia.com/Download/index.aspx")
    analyzer = FlakyCard(error, fail_on="load")
    assert analyzer.analyze(PHOTO) == ["described on cpu"]
    assert analyzer.loads == ["cuda", "cpu"] and analyzer.runs == ["cpu"]
    [notice] = analyzer.take_notices()
    assert "видеокарта или её драйвер недоступны" in notice


def test_other_errors_on_the_gpu_are_not_hidden_by_a_move():
    analyzer = FlakyCard(ValueError("a bug"), fail_on="analyze")
    with pytest.raises(ValueError, match="a bug"):
        analyzer.analyze(PHOTO)
    assert analyzer.device.name == "cuda" and analyzer.take_notices() == []
