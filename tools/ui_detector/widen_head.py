"""Gives earlier detector weights a box head that reaches further, keeping what they learned.

    python tools/ui_detector/widen_head.py OLD.pt NEW.pt --model tools/ui_detector/ui_detector.yaml

YOLO11's box head predicts each side's distance as a distribution over ``reg_max`` bins
of one stride each, so with reg_max 16 a stride-8 anchor reaches 120 px at most and long
fields and list rows came out 240 px wide. Training a new head from scratch lost the
classes it had learned (the anchors it picked changed), so this copies the old head into
the larger one instead: old bins keep their weights, each new bin starts as a weaker copy
of the last old bin (so a box that was held at the limit starts to grow), and the wider
inner layers get small random weights on new channels, which the old ones ignore at first.
Every other layer is copied unchanged. The result predicts as before and trains on.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import torch

#: A new bin's logit starts this far below the last old bin's.
NEW_BIN_OFFSET = 4.0


def _widen_conv(old: torch.nn.Module, new: torch.nn.Module, generator: torch.Generator) -> None:
    """Conv + BatchNorm: old channels copied, new output channels small and random, new inputs ignored."""
    out_old, in_old = old.conv.weight.shape[:2]
    weight = torch.randn(new.conv.weight.shape, generator=generator) * 0.01
    weight[:out_old, in_old:] = 0.0
    weight[:out_old, :in_old] = old.conv.weight
    new.conv.weight.copy_(weight)
    for name in ("weight", "bias", "running_mean", "running_var"):
        getattr(new.bn, name)[:out_old] = getattr(old.bn, name)
    new.bn.weight[out_old:] = 1.0
    new.bn.bias[out_old:] = 0.0
    new.bn.running_mean[out_old:] = 0.0
    new.bn.running_var[out_old:] = 1.0


def _widen_bins(old: torch.nn.Conv2d, new: torch.nn.Conv2d, old_bins: int, new_bins: int) -> None:
    """The 1×1 conv giving 4 sides × bins: old bins copied, new bins a weaker copy of the last old one."""
    channels = old.weight.shape[1]
    new.weight.zero_()
    for side in range(4):
        for bin_ in range(new_bins):
            source = side * old_bins + min(bin_, old_bins - 1)
            target = side * new_bins + bin_
            new.weight[target, :channels] = old.weight[source]
            new.bias[target] = old.bias[source] - (NEW_BIN_OFFSET if bin_ >= old_bins else 0.0)


@torch.no_grad()
def widen(old_head: torch.nn.Module, new_head: torch.nn.Module, seed: int = 0) -> None:
    """Copies a Detect head's box branches into one with more bins."""
    generator = torch.Generator().manual_seed(seed)
    for old_branch, new_branch in zip(old_head.cv2, new_head.cv2):
        _widen_conv(old_branch[0], new_branch[0], generator)
        _widen_conv(old_branch[1], new_branch[1], generator)
        _widen_bins(old_branch[2], new_branch[2], old_head.reg_max, new_head.reg_max)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--model", type=Path, default=Path(__file__).with_name("ui_detector.yaml"))
    args = parser.parse_args(argv)
    os.environ["YOLO_OFFLINE"] = "1"
    from ultralytics import YOLO

    old = YOLO(str(args.old))
    new = YOLO(str(args.model))
    new.model.load(old.model)  # every tensor of matching name and shape, as train.py's --weights
    widen(old.model.model[-1], new.model.model[-1])
    new.model.names = old.model.names
    new.save(str(args.new))


if __name__ == "__main__":
    main()
