"""Reading text lines: quoted, in reading order, as many as the detail level allows."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from vidimo.models.findings import TextLine, union
from vidimo.narration import phrases as ru
from vidimo.narration.places import place
from vidimo.narration.russian import count

#: Text lines read at each detail level (``None``: all of them).
TEXT_LIMITS = {"brief": 3, "normal": 15, "full": None}
#: Characters of text read at each detail level (a line that would pass it is left for «и ещё …»):
#: about 8 s of speech in ``brief`` and 25 s in ``normal`` at the default rate, with the rest.
TEXT_CHARS = {"brief": 45, "normal": 320, "full": None}


def quote(line: TextLine) -> str:
    """«text», with a full stop unless the text ends a sentence itself."""
    text = " ".join(line.text.split())
    return f"«{text}»" if text[-1:] in ".!?…" else f"«{text}»."


def text_sentences(texts: Sequence[TextLine], detail: str, width: int, height: int) -> list[str]:
    """Sentences reading ``texts``: counted and quoted; in ``full``, block by block with places."""
    lines = [t for t in texts if t.text.strip()]
    if not lines:
        return []
    limit = TEXT_LIMITS.get(detail, TEXT_LIMITS["normal"])
    shown = lines if limit is None else lines[:limit]
    budget = TEXT_CHARS.get(detail, TEXT_CHARS["normal"])
    if budget is not None:
        spent, kept = 0, []
        for line in shown:
            spent += len(line.text)
            if kept and spent > budget:
                break
            kept.append(line)
        if len(kept[0].text) > budget:  # one long line: its beginning, up to a word
            cut = kept[0].text[:budget].rsplit(" ", 1)[0].rstrip(",;:")
            kept[0] = replace(kept[0], text=f"{cut}…")
        shown = kept
    rest = len(lines) - len(shown)
    if detail == "full":
        blocks: dict[int, list[TextLine]] = defaultdict(list)
        for line in shown:
            blocks[line.block].append(line)
        head = ru.TEXT_MANY.format(count=count(len(lines), ru.LINE_NOUN), lines="").rstrip(": ") + "."
        sentences = [head] if len(lines) > 1 else []
        previous_place = None
        for block in blocks.values():
            quoted = " ".join(quote(l) for l in block)
            where = place(union([l.box for l in block]), width, height)
            if len(blocks) > 1 and where != previous_place:
                sentences.append(ru.TEXT_BLOCK.format(place=where.capitalize(), lines=quoted))
            elif len(lines) == 1:
                sentences.append(ru.TEXT_ONE.format(lines=quoted))
            else:
                sentences.append(quoted)
            previous_place = where
        return sentences
    quoted = " ".join(quote(l) for l in shown)
    if len(lines) == 1 or detail == "brief":  # brief does not count what «и ещё …» counts anyway
        sentence = ru.TEXT_ONE.format(lines=quoted)
    else:
        sentence = ru.TEXT_MANY.format(count=count(len(lines), ru.LINE_NOUN), lines=quoted)
    if rest:
        more = ru.TEXT_MORE.format(count=count(rest, ru.LINE_NOUN))
        sentence = f"{sentence.removesuffix('.')}, {more}"
    return [sentence]
