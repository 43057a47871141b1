"""Turning recognised words into lines, lines into blocks, and blocks into reading order.

Reading order is a recursive XY-cut: a region is split into columns where a wide
vertical gap runs through all of it, and into bands where a horizontal gap runs
across it; what cannot be split is one block, read top to bottom, left to right.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace

from vidimo.models.findings import TextLine, box_height, iou, union

#: A vertical gap this many line heights wide separates columns.
COLUMN_GAP_LINES = 2.5
#: A horizontal gap this many line heights tall separates blocks.
BLOCK_GAP_LINES = 1.5


def words_to_lines(words: Sequence[TextLine]) -> list[TextLine]:
    """Join words that sit on one baseline and close together into lines.

    Two words share a line when their vertical centres are within half a line
    height and the horizontal gap between them is under 1.5 line heights.
    """
    lines: list[list[TextLine]] = []
    for word in sorted(words, key=lambda w: (w.box[0], w.box[1])):
        centre = (word.box[1] + word.box[3]) / 2
        for line in lines:
            last = line[-1]
            height = max(box_height(last.box), box_height(word.box))
            last_centre = (last.box[1] + last.box[3]) / 2
            gap = word.box[0] - last.box[2]
            if abs(centre - last_centre) <= height / 2 and -height <= gap <= 1.5 * height:
                line.append(word)
                break
        else:
            lines.append([word])
    return [
        TextLine(
            text=" ".join(w.text for w in line),
            box=union([w.box for w in line]),
            confidence=round(statistics.fmean(w.confidence for w in line), 3),
            words=tuple((w.text, w.box) for w in line),
        )
        for line in lines
    ]


def _same_text(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return a == b or (len(a) > 2 and a in b) or (len(b) > 2 and b in a)


#: Lines less certain than this are dropped unless they are long enough to be real words.
MIN_LINE_CONFIDENCE = 0.5


def is_meaningful(line: TextLine) -> bool:
    """False for recogniser noise on photos: lone symbols, punctuation, unsure scraps."""
    text = line.text.strip()
    alnum = sum(ch.isalnum() for ch in text)
    if alnum == 0 or alnum < 0.5 * len(text.replace(" ", "")):
        return False
    if alnum < 2:
        return False
    if alnum <= 3 and line.confidence < 0.8:
        return False
    return line.confidence >= MIN_LINE_CONFIDENCE


#: A place where a label is expected keeps readings at least this sure.
MIN_LABEL_CONFIDENCE = 0.45


def is_label(line: TextLine) -> bool:
    """False for noise in a place where a label is expected; one short word («Да», «OK») counts."""
    text = line.text.strip()
    alnum = sum(ch.isalnum() for ch in text)
    return alnum >= 1 and alnum >= 0.5 * len(text.replace(" ", "")) and line.confidence >= MIN_LABEL_CONFIDENCE


def deduplicate(lines: Sequence[TextLine]) -> list[TextLine]:
    """Drop lines that repeat another line in the same place (overlapping tiles,
    several passes); the more confident copy is kept, the longer text on a tie."""
    kept: list[TextLine] = []
    for line in sorted(lines, key=lambda l: (-l.confidence, -len(l.text))):
        if not line.text.strip():
            continue
        if any(iou(line.box, other.box) > 0.4 and _same_text(line.text, other.text) for other in kept):
            continue
        kept.append(line)
    return kept


def _gaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Empty intervals between the union of 1-D spans, as (start, end)."""
    gaps = []
    spans = sorted(spans)
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start > reach:
            gaps.append((reach, start))
        reach = max(reach, end)
    return gaps


def _split(items: list[TextLine], axis: int, min_gap: float) -> list[list[TextLine]] | None:
    """Split items at every gap of at least ``min_gap`` along ``axis`` (0 = x, 1 = y)."""
    spans = [(l.box[axis], l.box[axis + 2]) for l in items]
    cuts = [(a + b) / 2 for a, b in _gaps(spans) if b - a >= min_gap]
    if not cuts:
        return None
    groups: list[list[TextLine]] = [[] for _ in range(len(cuts) + 1)]
    for line in items:
        centre = (line.box[axis] + line.box[axis + 2]) / 2
        groups[sum(centre > c for c in cuts)].append(line)
    return [g for g in groups if g]


def _rows(items: list[TextLine]) -> list[TextLine]:
    """Top to bottom; lines whose vertical centres are within half a line height form one
    row, read left to right."""
    ordered = sorted(items, key=lambda l: (l.box[1] + l.box[3]) / 2)
    rows: list[list[TextLine]] = []
    for line in ordered:
        centre = (line.box[1] + line.box[3]) / 2
        if rows:
            first = rows[-1][0]
            if abs(centre - (first.box[1] + first.box[3]) / 2) < box_height(first.box) / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda l: l.box[0])]


def _xy_cut(items: list[TextLine], line_height: float) -> list[list[TextLine]]:
    if len(items) > 1:
        for axis, factor in ((0, COLUMN_GAP_LINES), (1, BLOCK_GAP_LINES)):
            groups = _split(items, axis, factor * line_height)
            if groups and len(groups) > 1:
                return [block for group in groups for block in _xy_cut(group, line_height)]
    return [_rows(items)]


def reading_order(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Group lines into blocks and order them as a person reads: columns left to
    right, top to bottom inside each column. Returns the blocks, each a list of lines."""
    items = [l for l in lines if l.text.strip()]
    if not items:
        return []
    line_height = statistics.median(box_height(l.box) for l in items)
    return _xy_cut(items, line_height)


def ordered_lines(lines: Sequence[TextLine]) -> list[TextLine]:
    """Meaningful, deduplicated lines in reading order, each tagged with its block number."""
    blocks = reading_order(deduplicate([line for line in lines if is_meaningful(line)]))
    return [replace(line, block=index) for index, block in enumerate(blocks) for line in block]
