"""Tiny models of the real architectures, built offline for tests.

Florence-2 (DaViT + BART) and MarianMT get tokenizers trained on the fly, are
briefly trained so their output is known (one caption per task prompt, one
translation per sentence), and are saved with ``save_pretrained`` so the app
loads them through the same ``from_pretrained`` path as the real weights.
"""
from __future__ import annotations

from pathlib import Path

import torch

CAPTIONS = {
    "<CAPTION>": "A man at a desk.",
    "<DETAILED_CAPTION>": "A man is sitting at a desk with a computer.",
    "<MORE_DETAILED_CAPTION>": "A man is sitting at a wooden desk with a computer and a red button.",
}
TRANSLATIONS = {
    "A man at a desk.": "Мужчина за столом.",
    "A man is sitting at a desk with a computer.": "Мужчина сидит за столом с компьютером.",
    "A man is sitting at a wooden desk with a computer and a red button.":
        "Мужчина сидит за деревянным столом с компьютером и красной пуговицей.",
}
IMAGE_SIZE = 32


def _bpe_tokenizer(corpus: list[str], vocab_size: int = 400):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(corpus * 5, trainer)
    return tokenizer


def build_florence(folder: Path, *, train_steps: int = 200, seed: int = 0) -> Path:
    """A Florence-2 with a one-block DaViT and a one-layer BART; trained when ``train_steps``."""
    from transformers import (BartTokenizerFast, CLIPImageProcessor, Florence2Config,
                              Florence2ForConditionalGeneration, Florence2Processor)

    torch.manual_seed(seed)
    corpus = list(CAPTIONS.values()) + ["What does the image describe?",
                                        "Describe in detail what is shown in the image.",
                                        "Describe with a paragraph what is shown in the image."]
    tokenizer = BartTokenizerFast(
        tokenizer_object=_bpe_tokenizer(corpus), bos_token="<s>", eos_token="</s>", pad_token="<pad>",
        unk_token="<unk>", mask_token="<mask>", cls_token="<s>", sep_token="</s>",
        extra_special_tokens={"image_token": "<image>"},
    )
    tokens_per_side = IMAGE_SIZE // 4
    image_processor = CLIPImageProcessor(
        size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE},
        do_center_crop=False, image_seq_length=tokens_per_side ** 2 + 1,
        image_mean=[0.485, 0.456, 0.406], image_std=[0.229, 0.224, 0.225],
    )
    processor = Florence2Processor(image_processor=image_processor, tokenizer=tokenizer)
    config = Florence2Config(
        text_config={
            "model_type": "bart", "vocab_size": len(tokenizer), "max_position_embeddings": 256,
            "encoder_layers": 1, "decoder_layers": 1, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
            "encoder_attention_heads": 2, "decoder_attention_heads": 2, "d_model": 32, "dropout": 0.0,
            "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2,
            "forced_bos_token_id": 0, "forced_eos_token_id": 2,
        },
        vision_config={"depths": [1], "patch_size": [7], "patch_stride": [4], "patch_padding": [3],
                       "patch_prenorm": [False], "embed_dim": [16], "num_heads": [1], "num_groups": [1],
                       "window_size": 4, "projection_dim": 32, "drop_path_rate": 0.0},
        image_token_id=tokenizer.image_token_id,
    )
    model = Florence2ForConditionalGeneration(config)
    if train_steps:
        _train_florence(model, processor, train_steps)
    model.eval()
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


def _train_florence(model, processor, steps: int) -> None:
    from PIL import Image

    colours = ("white", "gray", "navy", "black")
    pairs = [(Image.new("RGB", (48, 40), colour), prompt) for colour in colours for prompt in CAPTIONS]
    batch = processor(images=[image for image, _ in pairs], text=[prompt for _, prompt in pairs],
                      return_tensors="pt", padding="longest")
    labels = processor.tokenizer([CAPTIONS[prompt] for _, prompt in pairs], return_tensors="pt",
                                 padding="longest").input_ids
    labels[labels == processor.tokenizer.pad_token_id] = -100
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()


def build_marian(folder: Path, *, train_steps: int = 200, seed: int = 0) -> Path:
    """A MarianMT en→ru with SentencePiece models trained on the test sentences."""
    import json

    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name, sentences in (("source", list(TRANSLATIONS)), ("target", list(TRANSLATIONS.values()))):
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences * 20), model_prefix=str(folder / name), vocab_size=60,
            character_coverage=1.0, model_type="unigram", minloglevel=2, hard_vocab_limit=False,
            user_defined_symbols=[],
        )
        (folder / f"{name}.model").rename(folder / f"{name}.spm")
        (folder / f"{name}.vocab").unlink()
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for name in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(folder / f"{name}.spm"))
        for index in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(index), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json"),
                                source_lang="en", target_lang="ru")
    config = MarianConfig(vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                          decoder_ffn_dim=64, max_position_embeddings=128, pad_token_id=2, eos_token_id=0,
                          decoder_start_token_id=2, dropout=0.0, share_encoder_decoder_embeddings=True)
    model = MarianMTModel(config)
    if train_steps:
        batch = tokenizer(list(TRANSLATIONS), text_target=list(TRANSLATIONS.values()), return_tensors="pt",
                          padding=True)
        batch["labels"][batch["labels"] == tokenizer.pad_token_id] = -100
        optimiser = torch.optim.AdamW(model.parameters(), lr=5e-3)
        model.train()
        for _ in range(train_steps):
            loss = model(**batch).loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    model.generation_config.max_length = 64
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
