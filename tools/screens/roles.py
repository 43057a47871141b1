"""AT-SPI roles → the interface detector's classes (models/ui_detector/classes.py), in one table.

The table follows how screen readers present these roles (Orca treats push and toggle buttons
alike, a «menu» inside a menu bar as a menu entry, a table cell with a «toggle» action as a
check box); context decides the few cases a role alone cannot:

| AT-SPI role | context | class | label | state / value |
| --- | --- | --- | --- | --- |
| push button, toggle button, push button menu | in a tool bar, or in Chromium's own interface (outside the page) and not wide | icon | — | — |
| push button, toggle button, push button menu | elsewhere (also: Chromium's wide «Не защищено» chip) | button | name | — |
| push button, toggle button | its name, in the smallest interface font, is wider than the button | icon | — | — |
| text, entry, password text, spin button | single line | text_field | name, else the label left of or above it | ``password``; value: content |
| text | multi line (an editor's page) | — (its lines are text) | | |
| check box | | checkbox_checked / checkbox_unchecked | name | checked |
| radio button | | radio_checked / radio_unchecked | name | checked |
| table cell without a name, with a «toggle» action | the window lists options (zenity ``--checklist``/``--radiolist``) | checkbox_* or radio_* | the row's text | checked |
| combo box | | dropdown | name, else the label beside it | value: the selected item |
| slider | | slider | name, else the label beside it | value |
| page tab | with a real box (a hidden tab bar has none) | tab | name (Chromium: the page title) | selected |
| link | | link | name | — |
| menu item, check menu item, radio menu item, menu | | menu_item | name | — |
| list item | in an interactive list (a GTK list box, a page's ``role=listbox``) | list_item | its text | selected |
| list item | in a web page outside a list box (a bulleted list) | — (text only) | | |
| table cell | rows of a GTK tree view (file lists, zenity ``--list``) | list_item, one per row | the first named cell | selected |
| icon | with text (a file in PCManFM's icon view) | list_item | its text | selected |
| icon | without text | icon | — | — |
| image | | image | — | — |
| calendar | | not labelled: an ``ignore`` region (GTK exposes no days) | | |

Rows of an option list (checklist, radiolist) are not counted as list items: the detector boxes
their indicators, as the project's generated training data does.
"""
from __future__ import annotations

BUTTON_ROLES = {"push button", "toggle button", "push button menu"}
FIELD_ROLES = {"text", "entry", "password text", "spin button"}
MENU_ROLES = {"menu item", "check menu item", "radio menu item", "menu", "tearoff menu item"}
SIMPLE = {"combo box": "dropdown", "slider": "slider", "link": "link", "image": "image"}
TOPLEVEL_ROLES = {"frame", "dialog", "window", "file chooser", "alert", "color chooser", "font chooser"}
#: Roles whose name is drawn as their visible text when they carry no Text interface.
NAMED_TEXT_ROLES = BUTTON_ROLES | MENU_ROLES | {"check box", "radio button", "page tab", "table column header",
                                                  "column header", "table cell", "label", "list item", "heading"}
IGNORE_ROLES = {"calendar"}
#: The detector's classes that carry a checked/unchecked state.
STATEFUL = ("checkbox", "radio")


def control_class(role: str, *, states: set[str], in_toolbar: bool, in_browser_ui: bool, in_web_page: bool,
                  interactive_list: bool, has_text: bool, toggle_kind: str | None) -> str | None:
    """The detector class of one accessible (state included for checkboxes and radios), or None.

    ``toggle_kind`` is what the generator knows about toggle cells in this window
    (``checkbox`` or ``radio``); ``has_text`` says whether the node shows text of its own.
    """
    checked = "checked" if "checked" in states else "unchecked"
    if role in BUTTON_ROLES:
        return "icon" if in_toolbar or in_browser_ui else "button"
    if role in FIELD_ROLES:
        return None if "multi line" in states else "text_field"
    if role == "check box":
        return f"checkbox_{checked}"
    if role == "radio button":
        return f"radio_{checked}"
    if role == "table cell" and toggle_kind in STATEFUL:
        return f"{toggle_kind}_{checked}"
    if role in MENU_ROLES:
        return "menu_item"
    if role == "page tab":
        return "tab"
    if role == "list item":
        return "list_item" if interactive_list else None
    if role == "icon":
        return "list_item" if has_text else "icon"
    return SIMPLE.get(role)
