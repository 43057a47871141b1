"""Scene captions: Florence-2 detail levels, confidence, cancellation, translation to Russian.

The models are tiny ones of the real architectures, trained at test time and loaded
through ``from_pretrained`` from folders named by ``VIDIMO_MODEL_*``, as real weights are.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PIL import Image

from tiny_models import CAPTIONS
from vidimo.models.caption.analyzer import CaptionAnalyzer, choose_captioner
from vidimo.models.caption.florence import TASKS, FlorenceCaptioner
from vidimo.models.device import Device
from vidimo.models.errors import AnalysisCancelled
from vidimo.pipeline import Pipeline
from vidimo.scene import Scene
from vidimo.narration import narrate

CPU = Device("cpu")
PHOTO = Image.new("RGB", (320, 200), (200, 180, 150))


@pytest.fixture()
def florence_env(monkeypatch, tiny_florence: Path, tiny_marian: Path) -> None:
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tiny_florence))
    monkeypatch.setenv("VIDIMO_MODEL_OPUS_MT_EN_RU", str(tiny_marian))


def test_detail_levels_use_florence_task_tokens(tiny_florence: Path):
    assert TASKS == {"brief": "<CAPTION>", "normal": "<DETAILED_CAPTION>", "full": "<MORE_DETAILED_CAPTION>"}
    captioner = FlorenceCaptioner(tiny_florence, CPU)
    for detail, task in TASKS.items():
        generated = captioner.caption(PHOTO, detail)
        assert generated.text == CAPTIONS[task]
        assert generated.confidence > 0.9


def test_confidence_is_low_for_an_unsure_model(untrained_florence: Path):
    generated = FlorenceCaptioner(untrained_florence, CPU).caption(PHOTO, "normal", min_new_tokens=5)
    assert generated.tokens >= 5
    assert 0.0 <= generated.confidence < 0.64


def test_static_cache_gives_the_same_caption(tiny_florence: Path):
    dynamic = FlorenceCaptioner(tiny_florence, CPU, static_cache=False).caption(PHOTO, "full")
    static = FlorenceCaptioner(tiny_florence, CPU, static_cache=True).caption(PHOTO, "full")
    assert static == dynamic


@pytest.mark.parametrize("device", [CPU, Device("cpu", "float32", int8=True)], ids=["float32", "int8"])
def test_cancel_flag_stops_generation_within_a_token(tiny_florence: Path, device: Device):
    polls = itertools.count()
    with pytest.raises(AnalysisCancelled):
        FlorenceCaptioner(tiny_florence, device).caption(PHOTO, "full", cancelled=lambda: next(polls) >= 3,
                                                         min_new_tokens=60, max_new_tokens=60)
    assert next(polls) < 10, "generation stopped right after the flag was raised"


def test_russian_caption_leads_the_description(florence_env):
    pipeline = Pipeline([CaptionAnalyzer(CPU)])
    scene = pipeline.describe(PHOTO, "normal")
    assert scene.caption.en == "A man is sitting at a desk with a computer."
    assert scene.caption.ru == "Мужчина сидит за столом с компьютером."
    assert scene.narration.startswith("Мужчина сидит за столом с компьютером.")
    assert scene.warnings == []


def test_glossary_fixes_interface_words(florence_env):
    scene = Pipeline([CaptionAnalyzer(CPU)]).describe(PHOTO, "full")
    assert scene.caption.ru == "Мужчина сидит за деревянным столом с компьютером и красной кнопкой."


def test_unreliable_captions_are_not_read_as_facts(untrained_florence: Path):
    """A rambling model's caption is withheld in detailed modes and flagged in brief mode."""
    from vidimo.models.findings import Caption

    generated = FlorenceCaptioner(untrained_florence, CPU).caption(PHOTO, "normal", min_new_tokens=8)
    caption = Caption(generated.text, "Что-то непонятное", generated.confidence)
    for detail in ("normal", "full"):
        text = narrate(Scene(320, 200, detail=detail, caption=caption))
        assert text.startswith("Не удалось уверенно распознать, что на изображении.")
        assert "Что-то непонятное" not in text
    assert generated.confidence < 0.64
    assert narrate(Scene(320, 200, detail="brief", caption=caption)) == (
        "Что-то непонятное. Возможно, описание неточно.")


def test_threshold_is_configurable(florence_env):
    strict = Pipeline([CaptionAnalyzer(CPU)], caption_threshold=0.999).describe(PHOTO, "normal")
    assert strict.narration.startswith("Не удалось уверенно распознать")


def test_without_translator_the_english_caption_is_kept_and_explained(monkeypatch, tiny_florence: Path):
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tiny_florence))
    scene = Pipeline([CaptionAnalyzer(CPU)]).describe(PHOTO, "brief")
    assert scene.caption.ru is None
    assert scene.narration.startswith("A man at a desk.")
    assert any("vidimo models download opus-mt-en-ru" in w for w in scene.notices)
    assert "models download" not in scene.narration, "a description says what is there, not what is missing"


def test_without_florence_the_rest_still_works(settings_screen: Path):
    from vidimo.imageio import load_image
    from vidimo.models.text.analyzer import TextAnalyzer

    scene = Pipeline([CaptionAnalyzer(CPU), TextAnalyzer(CPU, "tesseract")]).describe(load_image(settings_screen))
    assert scene.caption is None and scene.texts
    assert any("vidimo models download florence-2-base" in w for w in scene.notices)
    assert "models download" not in scene.narration and "Florence" not in scene.narration


def test_large_on_cuda_base_on_cpu():
    assert choose_captioner("auto", CPU) == "florence-2-base"
    assert choose_captioner("auto", Device("cuda", "float16")) == "florence-2-large"
    assert choose_captioner("florence-2-large", CPU) == "florence-2-large"


def test_cancelled_request_reaches_the_captioner(florence_env):
    pipeline = Pipeline([CaptionAnalyzer(CPU)])
    pipeline.warm_up()
    polls = itertools.count()
    with pytest.raises(AnalysisCancelled):
        pipeline.describe(PHOTO, "full", cancelled=lambda: next(polls) >= 2)


def test_speed_measurement_runs_on_a_checkpoint(tiny_florence: Path):
    from vidimo.models.caption.speed import measure_florence

    captioner = FlorenceCaptioner(tiny_florence, CPU)
    speed = measure_florence(captioner.model, CPU, captioner.dtype, "tiny", token_counts=(4, 8), repeat=1,
                             image_side=32)
    assert speed.encoder_ms > 0 and set(speed.caption_ms) == {4, 8} and speed.peak_memory_mb > 0
