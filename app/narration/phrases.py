"""Every Russian word and sentence the narration uses, in one place."""
from __future__ import annotations

# People --------------------------------------------------------------------------
PERSON_WORDS = {
    # (gender, age group) → word; age groups: child < 14, teen < 18, adult
    ("male", "child"): "мальчик",
    ("female", "child"): "девочка",
    ("male", "teen"): "юноша",
    ("female", "teen"): "девушка",
    ("male", "adult"): "мужчина",
    ("female", "adult"): "женщина",
    (None, "child"): "ребёнок",
    (None, "teen"): "подросток",
    (None, "adult"): "человек",
}
GROUP_NOUNS = {"male": "мужчина", "female": "женщина"}
FACE_HIDDEN = "лицо не видно"
FACES_HIDDEN = "лица не видны"
MORE_HIDDEN = "ещё {count}, {hidden}"
GENDER_SUMMARY_HIDDEN = "у {count} {hidden}"
PEOPLE_ONE = "На изображении {person}."
PEOPLE_MANY = "На изображении {count}: {list}."
PEOPLE_COUNT_ONLY = "На изображении {count}."
AND = "и"

# Places: (vertical, horizontal) thirds of the image → words -----------------------
PLACES = {
    ("top", "left"): "слева вверху",
    ("top", "centre"): "вверху по центру",
    ("top", "right"): "справа вверху",
    ("middle", "left"): "слева",
    ("middle", "centre"): "в центре",
    ("middle", "right"): "справа",
    ("bottom", "left"): "слева внизу",
    ("bottom", "centre"): "внизу по центру",
    ("bottom", "right"): "справа внизу",
}

# Text ------------------------------------------------------------------------------
TEXT_ONE = "Текст: {lines}"
TEXT_MANY = "Текст, {count}: {lines}"
TEXT_BLOCK = "{place}: {lines}"
TEXT_MORE = "и ещё {count}."
LINE_NOUN = "строка"

# Interface elements ----------------------------------------------------------------
UI_TYPE_NOUNS = {
    "button": "кнопка",
    "text_field": "поле",
    "checkbox": "флажок",
    "radio": "переключатель",
    "dropdown": "список",
    "slider": "ползунок",
    "tab": "вкладка",
    "link": "ссылка",
    "menu_item": "пункт меню",
    "list_item": "элемент списка",
    "icon": "значок",
    "image": "картинка",
}
UI_STATES = {"checked": "отмечен", "unchecked": "не отмечен"}
RADIO_STATES = {"checked": "выбран", "unchecked": "не выбран"}
UI_GROUP = "{noun}: {items}."
UI_UNLABELED = "без подписи"
WINDOW_KINDS = {"dialog": "Диалог", "window": "Окно"}
OTHER_WINDOWS = "Другие окна: {titles}."
OTHER_WINDOW_TEXT = "Окно «{title}»: {lines}"
UNTITLED_WINDOW_TEXT = "Другое окно: {lines}"
OUTSIDE_WINDOWS = "Вне окон: {lines}"
WINDOW_TITLE = "{kind} «{title}»."
QUESTION = "Вопрос: «{text}»."
FIELD = "Поле «{label}»: {value}."
FIELD_EMPTY = "пусто"
FIELD_PASSWORD = "пароль скрыт"
DROPDOWN = "Список «{label}»: {value}."
SLIDER = "Ползунок «{label}»."
CHECK = "«{label}» {state}"
GROUP_TITLES = {
    "checkbox": ("Флажок", "Флажки"),
    "radio": ("Переключатель", "Переключатели"),
    "tab": ("Вкладка", "Вкладки"),
    "menu_item": ("Меню", "Меню"),
    "link": ("Ссылка", "Ссылки"),
    "button": ("Кнопка", "Кнопки"),
}
LIST_ITEMS = "Список, {count}: {items}."
UNNAMED_COUNT = "{count}."
LIST_NOUN = "элемент"

# Caption -----------------------------------------------------------------------------
CAPTION = "{caption}"
CAPTION_UNSURE_SUFFIX = "Возможно, описание неточно."
CAPTION_UNRELIABLE = "Не удалось уверенно распознать, что на изображении."

# Whole description -------------------------------------------------------------------
NOTHING_FOUND = "На изображении не найдено ни текста, ни людей."
