"""Gives earlier detector weights a head that reaches further or knows more classes, keeping what they learned.

    python tools/ui_detector/widen_head.py OLD.pt NEW.pt --model tools/ui_detector/ui_detector.yaml

The new head is the one the yaml describes, with the classes of models/ui_detector/classes.py.

YOLO11's box head predicts each side's distance as a distribution over ``reg_max`` bins
of one stride each, so with reg_max 16 a stride-8 anchor reaches 120 px at most and long
fields and list rows came out 240 px wide. Training a new head from scratch lost the
classes it had learned (the anchors it picked changed), so this copies the old head into
the larger one instead: old bins keep their weights, each new bin starts as a weaker copy
of the last old bin (so a box that was held at the limit starts to grow), and the wider
inner layers get small random weights on new channels, which the old ones ignore at first.
Every other layer is copied unchanged. The result predicts as before and trains on.

A class added at the end of ``CLASSES`` (``window``) gets the same treatment: the old classes'
outputs keep their weights, the new one starts at zero weight with the bias ultralytics gives a
fresh head (a rare class everywhere), so the old classes' scores are exactly as before.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
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


@torch.no_grad()
def add_classes(old_head: torch.nn.Module, new_head: torch.nn.Module) -> None:
    """Copies a Detect head's class branches into one with more classes (added at the end)."""
    for old_branch, new_branch, stride in zip(old_head.cv3, new_head.cv3, new_head.stride.tolist()):
        for index in range(len(old_branch) - 1):
            new_branch[index].load_state_dict(old_branch[index].state_dict())
        old_conv, new_conv = old_branch[-1], new_branch[-1]
        count = old_conv.out_channels
        new_conv.weight.zero_()
        new_conv.weight[:count] = old_conv.weight
        new_conv.bias[:count] = old_conv.bias
        new_conv.bias[count:] = math.log(5 / new_head.nc / (640 / stride) ** 2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--model", type=Path, default=Path(__file__).with_name("ui_detector.yaml"))
    args = parser.parse_args(argv)
    os.environ["YOLO_OFFLINE"] = "1"
    from ultralytics import YOLO

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from vidimo.models.ui_detector.classes import CLASSES

    old = YOLO(str(args.old))
    old_names = list(old.model.names.values())
    if old_names != list(CLASSES[:len(old_names)]):
        raise SystemExit(f"{args.old} has the classes {old_names}: not the first ones of {list(CLASSES)}")
    new = YOLO(str(args.model))
    if new.model.model[-1].nc != len(CLASSES):
        raise SystemExit(f"{args.model} has nc {new.model.model[-1].nc}, models/ui_detector/classes.py {len(CLASSES)}")
    new.model.load(old.model)  # every tensor of matching name and shape, as train.py's --weights
    old_head, new_head = old.model.model[-1], new.model.model[-1]
    if new_head.reg_max != old_head.reg_max:
        widen(old_head, new_head)
    if new_head.nc != old_head.nc:
        add_classes(old_head, new_head)
    new.model.names = dict(enumerate(CLASSES))
    new.save(str(args.new))


if __name__ == "__main__":
    main()
