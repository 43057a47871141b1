"""Carrying a detector's box head over to more bins keeps what it learned and lets boxes grow."""
from __future__ import annotations

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.ui_detector.widen_head import widen  # noqa: E402

CHANNELS = (64, 128, 256)


def _heads():
    from ultralytics.nn.modules import Detect

    torch.manual_seed(0)
    old, new = Detect(nc=14, reg_max=16, ch=CHANNELS).eval(), Detect(nc=14, reg_max=32, ch=CHANNELS).eval()
    return old, new


def _distance(logits: torch.Tensor, bins: int) -> torch.Tensor:
    """Expected distance per side, in strides, as the DFL layer computes it."""
    probabilities = logits.view(4, bins, -1).softmax(1)
    return (probabilities * torch.arange(bins, dtype=logits.dtype).view(1, bins, 1)).sum(1)


@torch.no_grad()
def test_old_bins_predict_exactly_as_before():
    old, new = _heads()
    widen(old, new)
    for level, channels in enumerate(CHANNELS):
        features = torch.randn(1, channels, 6, 6)
        before = old.cv2[level](features).view(4, 16, -1)
        after = new.cv2[level](features).view(4, 32, -1)
        torch.testing.assert_close(after[:, :16], before)


@torch.no_grad()
def test_a_box_held_at_the_old_limit_can_grow_and_a_small_one_stays():
    old, new = _heads()
    final = old.cv2[0][2]
    final.weight.zero_()
    final.bias.zero_()
    final.bias.view(4, 16)[0, 15] = 10.0   # left side: the old head wants the farthest bin it has
    final.bias.view(4, 16)[1, 2] = 10.0    # top side: a short distance
    widen(old, new)
    features = torch.randn(1, CHANNELS[0], 2, 2)
    before = _distance(old.cv2[0](features), 16)
    after = _distance(new.cv2[0](features), 32)
    assert 15.0 < after[0].min() < 31.0 and before[0].max() <= 15.0
    torch.testing.assert_close(after[1], before[1], atol=0.01, rtol=0)


@torch.no_grad()
def test_a_class_added_at_the_end_leaves_the_old_scores_as_they_were_and_starts_rare():
    from ultralytics.nn.modules import Detect

    from tools.ui_detector.widen_head import add_classes

    torch.manual_seed(0)
    old, new = Detect(nc=14, reg_max=32, ch=CHANNELS).eval(), Detect(nc=15, reg_max=32, ch=CHANNELS).eval()
    new.stride = torch.tensor([8.0, 16.0, 32.0])
    add_classes(old, new)
    for level, channels in enumerate(CHANNELS):
        features = torch.randn(1, channels, 6, 6)
        before, after = old.cv3[level](features), new.cv3[level](features)
        torch.testing.assert_close(after[:, :14], before)
        assert after[:, 14].sigmoid().max() < 0.01   # the new class is nowhere yet
