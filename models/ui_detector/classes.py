"""The detector's classes and what they mean as interface elements.

Checkboxes and radio buttons are two classes each (checked, unchecked), boxed on the
indicator only: the state is what a blind user most needs, and the indicator is
where it shows. Their label is the text to the right, found afterwards.

| class | what it is | why it is its own class |
| --- | --- | --- |
| button | push buttons, toolbar buttons with text | the main actions of a window |
| text_field | single-line edits, spin boxes, search fields | where the user types; label to the left or above |
| checkbox_checked / checkbox_unchecked | the check indicator | state is read aloud |
| radio_checked / radio_unchecked | the radio indicator | state is read aloud |
| dropdown | combo boxes, selects | says a choice is hidden behind it |
| slider | horizontal sliders | a value to adjust |
| tab | one tab of a tab bar | where the user is in a window |
| link | hyperlinks in text | navigates, unlike a button |
| menu_item | one entry of a menu bar or menu | the menus of an application |
| list_item | one row of a list | lists of files, messages, settings |
| icon | a button or symbol without text | announced as "значок" so the user knows it is there |
| image | pictures and photos inside a window | content, not control |
"""
from __future__ import annotations

CLASSES = (
    "button", "text_field", "checkbox_checked", "checkbox_unchecked", "radio_checked", "radio_unchecked",
    "dropdown", "slider", "tab", "link", "menu_item", "list_item", "icon", "image",
)


def element_type(class_name: str) -> tuple[str, str | None]:
    """Detector class → (element type, state): ``checkbox_checked`` → (``checkbox``, ``checked``)."""
    for kind in ("checkbox", "radio"):
        if class_name.startswith(kind + "_"):
            return kind, class_name[len(kind) + 1:]
    return class_name, None
