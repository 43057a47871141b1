"""Speed of captioning and translation: encoder time, time per token, memory.

Works on the real weights, or on random weights of the real architectures
(Florence-2 base/large, opus-mt-en-ru) with forced token counts, so speed can be
measured before anything is downloaded. Used by ``vidimo bench --caption-only``.
"""
from __future__ import annotations

import resource
import statistics
import time
from dataclasses import dataclass

from vidimo.models.device import Device, is_quantized, prepare

#: Published shapes of the converted checkpoints (DaViT vision tower + BART text model).
FLORENCE_ARCHITECTURES = {
    "florence-2-base": {
        "vision": {"depths": [1, 1, 9, 1], "embed_dim": [128, 256, 512, 1024], "num_heads": [4, 8, 16, 32],
                   "num_groups": [4, 8, 16, 32], "projection_dim": 768},
        "text": {"d_model": 768, "layers": 6, "heads": 12, "ffn": 3072},
    },
    "florence-2-large": {
        "vision": {"depths": [1, 1, 9, 1], "embed_dim": [256, 512, 1024, 2048], "num_heads": [8, 16, 32, 64],
                   "num_groups": [8, 16, 32, 64], "projection_dim": 1024},
        "text": {"d_model": 1024, "layers": 12, "heads": 16, "ffn": 4096},
    },
}
VOCAB = 51289
IMAGE_SIDE = 768
PROMPT_TOKENS = 12
MARIAN_EN_RU = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "vocab": 62518}


@dataclass(frozen=True)
class CaptionSpeed:
    """Milliseconds and megabytes for one configuration."""

    model: str
    device: str
    dtype: str
    parameters_m: float
    encoder_ms: float
    ms_per_token: float
    caption_ms: dict[int, float]
    translation_ms: float | None
    peak_memory_mb: float
    #: Processor time of all the process's threads for the same work (medians): what the work costs when
    #: other programs share the cores, as wall-clock time then says more about them than about the model.
    encoder_cpu_ms: float | None = None
    caption_cpu_ms: dict[int, float] | None = None


def random_florence(name: str, device: Device, dtype):  # noqa: ANN001, ANN201 - torch types
    """A Florence-2 of the real shape with random weights, on ``device`` in its number format."""
    from transformers import Florence2Config, Florence2ForConditionalGeneration

    shape = FLORENCE_ARCHITECTURES[name]
    text = shape["text"]
    config = Florence2Config(
        text_config={
            "model_type": "bart", "vocab_size": VOCAB + 1, "d_model": text["d_model"],
            "encoder_layers": text["layers"], "decoder_layers": text["layers"],
            "encoder_attention_heads": text["heads"], "decoder_attention_heads": text["heads"],
            "encoder_ffn_dim": text["ffn"], "decoder_ffn_dim": text["ffn"], "max_position_embeddings": 1024,
            "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2,
        },
        vision_config={**shape["vision"], "window_size": 12},
        image_token_id=VOCAB,
    )
    model = Florence2ForConditionalGeneration(config).to(dtype=dtype)
    return prepare(model, device)


def _inputs(model, device: Device, dtype, image_side: int) -> dict:  # noqa: ANN001
    """A random image and a prompt of the usual length, shaped as the processor shapes them."""
    import torch

    pixels = torch.randn(1, 3, image_side, image_side, device=device.name, dtype=dtype)
    with torch.inference_mode():
        image_tokens = model.get_image_features(pixel_values=pixels).pooler_output.shape[1]
    vocab = model.config.text_config.vocab_size
    image_ids = torch.full((1, image_tokens), model.config.image_token_id, dtype=torch.long)
    prompt = torch.randint(3, min(vocab - 1, 1000), (1, PROMPT_TOKENS))
    prompt[0, 0], prompt[0, -1] = 0, 2
    input_ids = torch.cat([image_ids, prompt], dim=1).to(device.name)
    return {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids), "pixel_values": pixels}


def _timed(device: Device, work, repeat: int) -> float:  # noqa: ANN001
    """Median wall-clock milliseconds of ``work``."""
    return _timed_both(device, work, repeat)[0]


def _timed_both(device: Device, work, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """Median wall-clock and median processor milliseconds (all threads of this process) of ``work``."""
    import torch

    times, processor = [], []
    for _ in range(repeat):
        if device.is_cuda:
            torch.cuda.synchronize()
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        if device.is_cuda:
            torch.cuda.synchronize()
        times.append((time.perf_counter() - started) * 1000)
        processor.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(processor)


def measure_florence(model, device: Device, dtype, name: str, *, token_counts=(20, 60, 120),  # noqa: ANN001
                     static_cache: bool | None = None, repeat: int = 3, image_side: int = IMAGE_SIDE,
                     ) -> CaptionSpeed:
    """Encoder time and generation time at forced token counts (greedy decoding)."""
    import torch

    inputs = _inputs(model, device, dtype, image_side)
    static = device.is_cuda if static_cache is None else static_cache
    extra = {"cache_implementation": "static"} if static else {}
    if device.is_cuda:
        torch.cuda.reset_peak_memory_stats()

    def generate(tokens: int) -> None:
        model.generate(**inputs, min_new_tokens=tokens, max_new_tokens=tokens, do_sample=False, num_beams=1, **extra)

    with torch.inference_mode():
        generate(2)  # warm-up (and static-cache allocation)
        encoder, encoder_cpu = _timed_both(
            device, lambda: model.get_image_features(pixel_values=inputs["pixel_values"]), repeat)
        timed = {n: _timed_both(device, lambda n=n: generate(n), repeat) for n in token_counts}
    captions = {n: wall for n, (wall, _) in timed.items()}
    low, high = min(token_counts), max(token_counts)
    per_token = (captions[high] - captions[low]) / (high - low) if high > low else captions[high] / high
    return CaptionSpeed(
        model=name, device=device.name, dtype=number_format(model, dtype),
        parameters_m=round(parameter_count(model) / 1e6, 1),
        encoder_ms=round(encoder, 1), ms_per_token=round(per_token, 2),
        caption_ms={n: round(ms, 1) for n, ms in captions.items()}, translation_ms=None,
        peak_memory_mb=round(peak_memory_mb(device), 1),
        encoder_cpu_ms=round(encoder_cpu, 1), caption_cpu_ms={n: round(cpu, 1) for n, (_, cpu) in timed.items()},
    )


def parameter_count(model) -> int:  # noqa: ANN001
    """Parameters of ``model``, the int8 weights of quantized linear layers (not torch parameters) included."""
    count = sum(p.numel() for p in model.parameters())
    tied = getattr(model.config, "tie_word_embeddings", False) and model.get_output_embeddings()
    for module in model.modules():
        weight = getattr(module, "weight", None)
        if module is tied or not callable(weight) or not type(module).__module__.startswith("torch.ao.nn.quantized"):
            continue  # a quantized copy of the tied input embeddings is no new parameter
        count += weight().numel() + (module.bias().numel() if module.bias() is not None else 0)
    return count


def number_format(model, dtype) -> str:  # noqa: ANN001
    """``float32``, ``bfloat16``, … or ``int8+float32`` when the linear layers are quantized."""
    name = str(dtype).replace("torch.", "")
    return f"int8+{name}" if is_quantized(model) else name


def random_marian(device: Device, dtype):  # noqa: ANN001, ANN201
    """An opus-mt-en-ru of the real shape with random weights, on ``device`` in its number format."""
    from transformers import MarianConfig, MarianMTModel

    shape = MARIAN_EN_RU
    config = MarianConfig(vocab_size=shape["vocab"], d_model=shape["d_model"], encoder_layers=shape["layers"],
                          decoder_layers=shape["layers"], encoder_attention_heads=shape["heads"],
                          decoder_attention_heads=shape["heads"], encoder_ffn_dim=shape["ffn"],
                          decoder_ffn_dim=shape["ffn"], pad_token_id=shape["vocab"] - 1, eos_token_id=0,
                          decoder_start_token_id=shape["vocab"] - 1)
    return prepare(MarianMTModel(config).to(dtype=dtype), device)


def measure_marian(model, device: Device, *, source_tokens: int = 30, target_tokens: int = 35,  # noqa: ANN001
                   repeat: int = 3) -> float:
    """Milliseconds to translate one sentence of ``source_tokens`` into ``target_tokens``."""
    import torch

    source = torch.randint(5, 1000, (1, source_tokens), device=device.name)
    source[0, -1] = 0

    def translate() -> None:
        model.generate(input_ids=source, min_new_tokens=target_tokens, max_new_tokens=target_tokens,
                       do_sample=False, num_beams=1)

    with torch.inference_mode():
        translate()
        return round(_timed(device, translate, repeat), 1)


def peak_memory_mb(device: Device) -> float:
    """Peak GPU memory on CUDA; peak resident memory of the process on the CPU."""
    if device.is_cuda:
        import torch

        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
