"""Web pages for Chromium, made from a seed, and the local server that serves them.

A page address is ``/page/<split>/<template>/<style>/<seed>``: the page is rebuilt from it on
every request, so the generator knows its text without storing anything. Templates: news cards
with white headlines over photos, forms, menus and tabs, an article with links, a settings
page, a mail list. Styles are split too: ``eval`` pages use their own colours and fonts.
Photos are generated (``/photo/<kind>/<seed>/<w>x<h>.jpg``).
"""
from __future__ import annotations

import html
import io
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tools.screens.content import Texts
from tools.screens.wallpaper import KINDS, photo

TEMPLATES = ("news", "form", "menus", "article", "settings", "mail")
STYLES = {
    "eval": {
        "paper": ("#ffffff", "#1f2328", "#0b57d0", "'DejaVu Sans', sans-serif"),
        "slate": ("#16181d", "#e6e6e6", "#8ab4f8", "'DejaVu Sans', sans-serif"),
    },
    "train": {
        "cream": ("#fbf7ef", "#2b2b2b", "#1a5fb4", "'Liberation Sans', sans-serif"),
        "night": ("#0f1419", "#d8d8d8", "#79c0ff", "'Liberation Sans', sans-serif"),
        "mint": ("#f1faf5", "#17301f", "#0a7a3f", "'DejaVu Serif', serif"),
        "graphite": ("#24272e", "#f0f0f0", "#ffb454", "'DejaVu Sans', sans-serif"),
    },
}
DARK_STYLES = {"slate", "night", "graphite"}
HOST = "news.example.org"


def styles(split: str, dark: bool) -> list[str]:
    return [name for name in STYLES[split] if (name in DARK_STYLES) == dark]


class Page:
    """One page: its HTML and every string on it."""

    def __init__(self, split: str, template: str, style: str, seed: int) -> None:
        self.split, self.template, self.style, self.seed = split, template, style, seed
        self.rng = random.Random(f"{split}/{template}/{style}/{seed}")
        self.texts = Texts(split, self.rng)
        self.content: list[str] = []
        self.title = ""
        self.body = ""
        getattr(self, "_" + template)()

    @property
    def path(self) -> str:
        return f"/page/{self.split}/{self.template}/{self.style}/{self.seed}"

    def t(self, text: str) -> str:
        self.content.append(text)
        return html.escape(text)

    def photo(self, width: int, height: int) -> str:
        return f"/photo/{self.rng.choice(KINDS[2:])}/{self.rng.randrange(10**6)}/{width}x{height}.jpg"

    def html(self) -> str:
        paper, ink, accent, font = STYLES[self.split][self.style]
        css = (f"body{{margin:0;background:{paper};color:{ink};font-family:{font};font-size:16px}}"
               f"a{{color:{accent}}} header{{padding:10px 24px;border-bottom:1px solid {accent}55}}"
               "main{padding:12px 24px} .cards{display:flex;flex-wrap:wrap;gap:14px}"
               ".card{position:relative;width:300px;height:190px;overflow:hidden;border-radius:6px}"
               ".card img{width:100%;height:100%;object-fit:cover}"
               ".card h3{position:absolute;left:12px;right:12px;bottom:8px;margin:0;color:#fff;font-size:19px;"
               "text-shadow:0 1px 3px #000a}"
               "nav a{margin-right:16px} [role=tablist]{display:flex;gap:4px;margin:10px 0}"
               f"[role=tab]{{padding:6px 14px;border:1px solid {accent}88;background:transparent;color:{ink};"
               "font:inherit}"
               f"[role=tab][aria-selected=true]{{border-bottom:3px solid {accent}}}"
               f"[role=menubar]{{display:flex;gap:2px;list-style:none;padding:0;margin:0;background:{accent}22}}"
               "[role=menuitem]{padding:6px 12px;cursor:default}"
               "label{display:block;margin:8px 0} input,select,button{font:inherit}"
               f"[role=listbox]{{list-style:none;padding:0;border:1px solid {accent}66;width:360px}}"
               "[role=option]{padding:6px 10px} [role=option][aria-selected=true]{background:#3584e455}"
               ".mail{border-bottom:1px solid #8884;padding:6px 0}")
        return (f"<!doctype html><html lang=ru><head><meta charset=utf-8><title>{html.escape(self.title)}</title>"
                f"<style>{css}</style></head><body>{self.body}</body></html>")

    # --- templates --------------------------------------------------------------------------

    def _header(self) -> str:
        site = self.texts.label(18)
        self.title = site
        links = "".join(f'<a href="#">{self.t(x)}</a>' for x in self.texts.labels_n(self.rng.randint(3, 6), 14))
        return f"<header><strong>{self.t(site)}</strong> <nav>{links}</nav></header>"

    def _news(self) -> None:
        cards = "".join(
            f'<div class=card><img src="{self.photo(600, 380)}" alt=""><h3>{self.t(self.texts.headline())}</h3></div>'
            for _ in range(self.rng.randint(4, 9)))
        heading = self.t(self.texts.label(24))
        self.body = f"{self._header()}<main><h1>{heading}</h1><div class=cards>{cards}</div></main>"

    def _form(self) -> None:
        parts = [f"<h1>{self.t(self.texts.label(24))}</h1><form>"]
        for label in self.texts.labels_n(self.rng.randint(2, 4), 18):
            value = self.texts.person() if self.rng.random() < 0.5 else ""
            if value:
                self.content.append(value)
            kind = "password" if self.rng.random() < 0.2 else "text"
            shown = "" if kind == "password" else html.escape(value)
            parts.append(f"<label>{self.t(label)} <input type={kind} value=\"{shown}\"></label>")
        for label in self.texts.labels_n(self.rng.randint(1, 3), 28):
            checked = " checked" if self.rng.random() < 0.5 else ""
            parts.append(f"<label><input type=checkbox{checked}> {self.t(label)}</label>")
        chosen = self.rng.randrange(3)
        for i, label in enumerate(self.texts.labels_n(3, 20)):
            checked = " checked" if i == chosen else ""
            parts.append(f"<label><input type=radio name=r{checked}> {self.t(label)}</label>")
        options = self.texts.labels_n(self.rng.randint(2, 5), 20)
        self.content.append(options[0])
        parts.append(f"<label>{self.t(self.texts.label(16))} <select>"
                     + "".join(f"<option>{html.escape(o)}</option>" for o in options) + "</select></label>")
        if self.rng.random() < 0.6:
            parts.append(f"<label>{self.t(self.texts.label(16))} <input type=range value={self.rng.randint(0, 100)}>"
                         "</label>")
        parts.append("".join(f"<button type=button>{self.t(b)}</button> "
                             for b in self.texts.labels_n(self.rng.randint(1, 3), 14)))
        parts.append("</form>")
        self.body = f"{self._header()}<main>{''.join(parts)}</main>"

    def _menus(self) -> None:
        items = "".join(f"<li role=menuitem>{self.t(x)}</li>" for x in self.texts.labels_n(self.rng.randint(3, 6), 14))
        tabs = self.texts.labels_n(self.rng.randint(2, 5), 16)
        chosen = self.rng.randrange(len(tabs))
        tab_html = "".join(f'<button role=tab aria-selected={"true" if i == chosen else "false"}>{self.t(x)}</button>'
                           for i, x in enumerate(tabs))
        paragraphs = "".join(f"<p>{self.t(self.texts.sentence())}</p>" for _ in range(self.rng.randint(2, 4)))
        links = "".join(f'<li><a href="#">{self.t(self.texts.label(26))}</a></li>'
                        for _ in range(self.rng.randint(3, 6)))
        self.title = self.texts.label(20)
        self.body = (f"<ul role=menubar>{items}</ul><main><h1>{self.t(self.title)}</h1>"
                     f"<div role=tablist>{tab_html}</div>{paragraphs}<ul>{links}</ul></main>")

    def _article(self) -> None:
        paragraphs = []
        for _ in range(self.rng.randint(2, 5)):
            sentence = self.texts.sentence()
            link = self.texts.label(20)
            paragraphs.append(f"<p>{self.t(sentence)} <a href=\"#\">{self.t(link)}</a>. "
                              f"{self.t(self.texts.sentence())}</p>")
        figure = f'<img src="{self.photo(640, 360)}" width=480 height=270 alt="">' if self.rng.random() < 0.5 else ""
        self.body = (f"{self._header()}<main><h1>{self.t(self.texts.headline())}</h1>"
                     f"<p><em>{self.t(self.texts.person())}</em></p>{figure}{''.join(paragraphs)}</main>")

    def _settings(self) -> None:
        self.title = self.texts.label(20)
        rows = []
        for label in self.texts.labels_n(self.rng.randint(3, 6), 30):
            checked = " checked" if self.rng.random() < 0.5 else ""
            rows.append(f"<label><input type=checkbox{checked}> {self.t(label)}</label>")
        options = self.texts.labels_n(self.rng.randint(3, 5), 24)
        chosen = self.rng.randrange(len(options))
        listbox = "".join(f'<li role=option aria-selected={"true" if i == chosen else "false"}>{self.t(o)}</li>'
                          for i, o in enumerate(options))
        buttons = "".join(f"<button type=button>{self.t(b)}</button> " for b in self.texts.labels_n(2, 14))
        self.body = (f"<main><h1>{self.t(self.title)}</h1>{''.join(rows)}"
                     f"<h2>{self.t(self.texts.label(24))}</h2><ul role=listbox>{listbox}</ul>{buttons}</main>")

    def _mail(self) -> None:
        self.title = self.texts.label(16)
        letters = "".join(
            f"<div class=mail><strong>{self.t(self.texts.person())}</strong> — "
            f'<a href="#">{self.t(self.texts.sentence())}</a></div>' for _ in range(self.rng.randint(4, 9)))
        folders = "".join(f'<a href="#">{self.t(x)}</a> ' for x in self.texts.labels_n(4, 14))
        self.body = f"<header><nav>{folders}</nav></header><main><h1>{self.t(self.title)}</h1>{letters}</main>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = self.path.split("?")[0].strip("/").split("/")
        try:
            if parts[0] == "page" and len(parts) == 5:
                body = Page(parts[1], parts[2], parts[3], int(parts[4])).html().encode()
                kind = "text/html; charset=utf-8"
            elif parts[0] == "photo" and len(parts) == 4:
                width, height = (int(v) for v in parts[3].split(".")[0].split("x"))
                buffer = io.BytesIO()
                photo(min(width, 1600), min(height, 1200), random.Random(int(parts[2])), parts[1]).save(
                    buffer, "JPEG", quality=85)
                body, kind = buffer.getvalue(), "image/jpeg"
            else:
                self.send_error(404)
                return
        except (ValueError, KeyError, AttributeError):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # quiet
        pass


class PageServer:
    """Serves pages on 127.0.0.1 from a thread of the generator; ``with PageServer() as server``."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="pages", daemon=True)

    def __enter__(self) -> "PageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
