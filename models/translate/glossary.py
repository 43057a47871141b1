"""Interface words translated one way, every time.

Machine translation picks the everyday sense of interface words («button» →
«пуговица»). The glossary tells a chat model which words to use, and repairs the
local translator's output: a wrong lemma is replaced by the right one in the same
case and number (pymorphy3 inflects it).
"""
from __future__ import annotations

import re
from functools import lru_cache

#: English interface words and the Russian words we use for them.
TERMS = {
    "button": "кнопка",
    "checkbox": "флажок",
    "check box": "флажок",
    "radio button": "переключатель",
    "text field": "поле ввода",
    "dropdown": "раскрывающийся список",
    "slider": "ползунок",
    "tab": "вкладка",
    "link": "ссылка",
    "menu": "меню",
    "window": "окно",
    "dialog": "диалоговое окно",
    "icon": "значок",
    "screenshot": "снимок экрана",
    "toolbar": "панель инструментов",
    "scroll bar": "полоса прокрутки",
}
#: Wrong Russian lemmas the local translator produces for those words → the right lemma.
REPAIRS = {
    "пуговица": "кнопка",
    "пуговка": "кнопка",
    "скриншот": "снимок",
    "иконка": "значок",
    "бегунок": "ползунок",
}
_WORD = re.compile(r"[А-Яа-яЁё]+")


@lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3 analyzer
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _repair_word(match: re.Match[str]) -> str:
    word = match.group(0)
    parsed = _morph().parse(word.lower())[0]
    right = REPAIRS.get(parsed.normal_form)
    if right is None:
        return word
    target = _morph().parse(right)[0]
    grammemes = {g for g in (parsed.tag.case, parsed.tag.number) if g}
    inflected = target.inflect(grammemes) if grammemes else target
    result = inflected.word if inflected else right
    return result.capitalize() if word[0].isupper() else result


def repair(russian: str) -> str:
    """Replace known mistranslations, keeping case, number and capitalisation."""
    return _WORD.sub(_repair_word, russian)


def instructions() -> str:
    """Glossary lines for a chat model's system prompt."""
    return "\n".join(f"- {english} → {russian}" for english, russian in TERMS.items())
