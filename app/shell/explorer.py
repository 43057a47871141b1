"""Explore and act: the elements list, clicks that never land blindly, what changed after them,
find on screen, what is under the pointer, and what changed since the last description.

Every command captures at once (what the user saw), asks the worker for the interface and text
only, and acts on the result. A click is made only on an explicit key press, after the target
window has been raised again and the element's area grabbed again and found unchanged; if the
window moved or changed there, the user is told and the list is read afresh instead. Half a
second after a click the window is captured again and only the difference is said.

The clicks themselves are :class:`~vidimo.shell.pointer.Clicker`'s. The :class:`Host` is the
controller (speech, the worker, the settings). Runs on the GUI thread; waits are timers, never sleeps.
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image
from PySide6.QtCore import QObject, QTimer

from vidimo import changes, explore, stages
from vidimo.explore import Entry
from vidimo.logsetup import screen_text
from vidimo.scene import Scene
from vidimo.shell import capture
from vidimo.shell.capture import Shot, WindowRef
from vidimo.shell.elements_window import ElementsWindow
from vidimo.shell.find_window import FindWindow
from vidimo.shell.pointer import Click, Clicker, Pointer

log = logging.getLogger(__name__)

#: The stages a scan needs: elements and the text that labels them.
SCAN_STAGES = ("ui", "text")
#: Windows whose last description is kept for «what changed» (each is a few tens of kilobytes).
PREVIOUS_KEPT = 32
#: After a click, the window is captured again this much later.
AFTER_CLICK_MS = 500
#: Around the pointer, the picture captioned when nothing named is under it.
PICTURE_REACH = 160

READ_AGAIN = "Читаю окно заново."
SCREEN_AGAIN = "Читаю экран заново, повторите поиск."
GONE = "Окна «{title}» больше нет."
READY_TO_TYPE = "{text}. Можно печатать."
UPDATED = "Список обновлён: {count}."
NO_WINDOW = "Активное окно не найдено, показываю элементы всего экрана."
FIND_START = "Поиск на экране. Введите слово и нажмите Enter."
FIND_WAIT = "Ещё читаю экран, сейчас найду."
FIND_AGAIN = "{where}. Enter ещё раз — нажать."
NOTHING_UNDER = "Под указателем ничего не найдено."
NEVER_DESCRIBED = "Это окно ещё не описывалось, описываю его целиком."


class Host(Protocol):
    """What the explorer needs from the controller."""

    worker: object  # vidimo.shell.worker.Worker: finished, failed, is_stale

    def say(self, text: str, *, interrupt: bool = True) -> None: ...

    def error(self, message: str) -> None: ...

    def submit_quietly(self, image: Image.Image, *, skip: tuple[str, ...], earcon: bool = True) -> int: ...

    def stage_enabled(self, name: str) -> bool: ...

    def describe_window(self) -> None: ...


def skip_all_but(*names: str) -> tuple[str, ...]:
    return tuple(name for name in stages.names() if name not in names)


@dataclass
class Timings:
    """Milliseconds of the last explore and click (what the explorer adds to detection)."""

    values: dict[str, float] = field(default_factory=dict)

    def log(self) -> None:
        log.info("explore timings: %s", ", ".join(f"{k} {v:.1f} ms" for k, v in self.values.items()))


class Explorer(QObject):
    """Owns the elements window and the find window; the controller calls its commands."""

    def __init__(self, host: Host, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.clicker = Clicker(parent=self)
        self.elements = ElementsWindow()
        self.elements.activated.connect(self.activate)
        self.elements.speak.connect(lambda text: self.host.say(text))
        self.elements.dismissed.connect(self._dismissed)
        self.finder = FindWindow()
        self.finder.search.connect(self.search)
        self.finder.dismissed.connect(self._find_dismissed)
        #: The listed window (or screen) and what was found in it.
        self.shot: Shot | None = None
        self.scene: Scene | None = None
        #: The last description of each window or screen (by Shot.key), for «what changed»: the
        #: most recent :data:`PREVIOUS_KEPT` (a window that is closed never comes back by its id).
        self.previous: OrderedDict[tuple, Scene] = OrderedDict()
        self._requests: dict[int, tuple[Shot, Callable[[Shot, Scene], None]]] = {}
        self._remembered: dict[int, Shot] = {}
        self._find: tuple[Shot, WindowRef | None] | None = None
        self._find_scene: Scene | None = None
        self._find_query: str | None = None
        self._find_match: explore.Match | None = None
        self._pending_query: str | None = None
        self.timings = Timings()
        QTimer.singleShot(0, self, self._warm_up)
        self._explore_started = 0.0
        self._submitted = 0.0
        worker = host.worker
        worker.finished.connect(self._on_finished)  # type: ignore[attr-defined]
        worker.failed.connect(self._on_failed)  # type: ignore[attr-defined]

    @property
    def pointer(self) -> Pointer:
        return self.clicker.pointer

    @pointer.setter
    def pointer(self, pointer: Pointer) -> None:
        self.clicker.pointer = pointer

    def _warm_up(self) -> None:
        """Open the screen grabber, the X connection and the mouse now, not at the first command."""
        capture.warm_up()
        self.pointer.unavailable()

    # -- requests -----------------------------------------------------------------------------
    def remember(self, request_id: int, shot: Shot) -> None:
        """A description the controller asked for: kept as the previous one of its window."""
        for older in [i for i in self._remembered if i < request_id]:  # superseded, never answered
            del self._remembered[older]
        self._remembered[request_id] = shot

    def _scan(self, shot: Shot, then: Callable[[Shot, Scene], None], *, stages_needed: tuple[str, ...] = SCAN_STAGES,
              earcon: bool = True) -> None:
        self._submitted = time.perf_counter()
        request_id = self.host.submit_quietly(shot.image, skip=skip_all_but(*stages_needed), earcon=earcon)
        self._requests[request_id] = (shot, then)

    def _on_finished(self, request_id: int, scene: Scene) -> None:
        remembered = self._remembered.pop(request_id, None)
        if remembered is not None:
            self._keep(remembered.key, scene)
        pending = self._requests.pop(request_id, None)
        if pending is None or self.host.worker.is_stale(request_id):  # type: ignore[attr-defined]
            return
        self.timings.values["detection"] = (time.perf_counter() - self._submitted) * 1000
        shot, then = pending
        if scene.get("ui") or scene.get("text"):
            self._keep(shot.key, scene)
        then(shot, scene)

    def _keep(self, key: tuple, scene: Scene) -> None:
        self.previous[key] = scene
        self.previous.move_to_end(key)
        while len(self.previous) > PREVIOUS_KEPT:
            self.previous.popitem(last=False)

    def _on_failed(self, request_id: int, message: str) -> None:
        self._remembered.pop(request_id, None)
        if self._requests.pop(request_id, None) is not None and not self.host.worker.is_stale(request_id):  # type: ignore[attr-defined]
            self.host.error(message)

    def _own(self, window: WindowRef | None) -> bool:
        """True for Vidimo's own windows (they are never explored or clicked)."""
        if window is None:
            return False
        own = {int(w.winId()) for w in (self.elements, self.finder) if w.isVisible()}
        return window.id in own

    # -- the elements list --------------------------------------------------------------------
    def explore(self) -> None:
        """Ctrl+Alt+Shift+E: list the active window's elements (read afresh when the list is the
        active window)."""
        self._explore_started = time.perf_counter()
        shot = capture.window_shot()
        if self._own(shot.window):
            if self.shot is not None:
                self._refresh(self.shot, "")
            return
        self.timings.values = {"capture": (time.perf_counter() - self._explore_started) * 1000}
        if shot.window is None:
            self.host.say(NO_WINDOW)
        self._scan(shot, self._listed)

    def _listed(self, shot: Shot, scene: Scene) -> None:
        shown = time.perf_counter()
        self.shot, self.scene = shot, scene
        found = explore.entries(scene)
        title = shot.window.title if shot.window is not None else None
        log.info("listed %d entries: %s", len(found), screen_text(" | ".join(map(explore.entry_text, found))))
        if not found:
            self.host.say(explore.LIST_EMPTY.format(title=title) if title else explore.LIST_TITLE_SCREEN.format(count=0))
            return
        self.elements.show_entries(title, found)
        self.elements.present()
        self.host.say(explore.list_title(title, len(found)))
        self.timings.values["list"] = (time.perf_counter() - shown) * 1000

    def _refresh(self, shot: Shot, message: str) -> None:
        """Read the listed window again (it is raised; the list is hidden while it is grabbed)."""
        if message:
            self.host.say(message)
        self.elements.hide()
        if shot.window is not None:
            if not shot.window.same(capture.window(shot.window.id)):
                self._window_gone(shot.window)
                return
            capture.activate(shot.window.id)
            QTimer.singleShot(150, self, lambda: self._regrab(shot.window))  # let it come to the front
            return
        self._regrab(None)

    def _regrab(self, window: WindowRef | None) -> None:
        fresh = capture.window_shot(window.id) if window is not None else capture.screen_shot()
        if window is not None and not window.same(fresh.window):
            self._window_gone(window)
            return
        self.elements.present()
        self.elements.updating()
        self._scan(fresh, self._relisted)

    def _relisted(self, shot: Shot, scene: Scene) -> None:
        self.shot, self.scene = shot, scene
        found = explore.entries(scene)
        self.elements.show_entries(shot.window.title if shot.window else None, found, keep_filter=True)
        self.host.say(UPDATED.format(count=len(found)))

    def _dismissed(self) -> None:
        if self.shot is not None and self.shot.window is not None:
            capture.activate(self.shot.window.id)

    def _window_gone(self, window: WindowRef) -> None:
        self.elements.hide()
        self.shot = self.scene = None
        self.host.say(GONE.format(title=window.title))

    # -- clicking -------------------------------------------------------------------------------
    def activate(self, entry: Entry, button: str = "left") -> None:
        """Enter in the list: click the element (after checking it is still there)."""
        if self.shot is None:
            return
        reason = self.pointer.unavailable()
        if reason is not None:
            self.host.say(f"{reason} {explore.entry_text(entry)}.")
            return
        self.elements.hide()
        shot = self.shot
        self._click(entry, entry.box, button, shot, shot.window, lambda: self._after_list_click(entry, button, shot),
                    self._list_click_refused)

    def _click(self, entry: Entry, box: tuple[int, int, int, int], button: str, shot: Shot,
               window: WindowRef | None, done: Callable[[], None], refused: Callable[[str], None]) -> None:
        click = Click(explore.click_point(entry, box), box, button, shot, window)

        def clicked(_click: Click) -> None:
            self.timings.values.update(self.clicker.timings)
            self.timings.log()
            done()

        self.clicker.click(click, done=clicked, refused=refused, gone=self._window_gone)

    def _list_click_refused(self, message: str) -> None:
        """The element's place changed: no click; say so and read the window again."""
        if self.shot is not None:
            self._refresh(self.shot, f"{message} {READ_AGAIN}")

    def _find_click_refused(self, message: str) -> None:
        """The match's place changed: no click; say so and read the screen again."""
        self.host.say(f"{message} {SCREEN_AGAIN}")
        if self._find is not None:
            shot = capture.screen_shot(at=self._find[0].rect.centre)
            self._find, self._find_scene = (shot, self._find[1]), None
            self._find_match = self._find_query = None
            self._scan(shot, self._find_ready, earcon=False)
            self.finder.present(clear=False)

    def _after_list_click(self, entry: Entry, button: str, shot: Shot) -> None:
        if entry.is_field and button == "left":
            self.host.say(READY_TO_TYPE.format(text=explore.entry_text(entry)))
            return
        QTimer.singleShot(AFTER_CLICK_MS, self, lambda: self._after_click(entry, shot, reopen=True))

    def _after_click(self, entry: Entry, shot: Shot, *, reopen: bool) -> None:
        """Half a second after a click: say a window that opened or closed, else what changed."""
        listed = shot.window
        if listed is not None:
            if not listed.same(capture.window(listed.id)):
                self._window_gone_after_click(listed)
                return
            active = capture.window()
            if active is not None and active.id != listed.id and not self._own(active):
                self.elements.hide()
                self.host.say(changes.window_opened(active.title))
                return
            fresh = capture.window_shot(listed.id)
            if not listed.same(fresh.window):
                self._window_gone_after_click(listed)
                return
        else:
            fresh = Shot(capture.grab_rect(shot.rect), shot.rect)
        if reopen:
            self.elements.show_entries(listed.title if listed else None, self.elements.entries)
            self.elements.present()
            self.elements.updating()
        before = self.scene if reopen else self._find_scene
        clicked = entry.element
        toggled = clicked is not None and clicked.type in explore.INDICATORS and fresh.rect == shot.rect and \
            not self._same_area(shot.image, fresh.image, explore.indicator_box(entry))

        def said(new_shot: Shot, scene: Scene) -> None:
            if listed is not None and not listed.same(capture.window(listed.id)):
                self._window_gone_after_click(listed)  # it closed while it was being read
                return
            if before is None:
                self.host.say(scene.narration)
                return
            sentence = changes.changes_sentence(before, scene, clicked=clicked, toggled=toggled)
            if clicked is not None:
                scene.ui_elements = changes.carry_over(before, scene, clicked, toggled)
            if reopen:
                self.shot, self.scene = new_shot, scene
                self.elements.show_entries(listed.title if listed else None, explore.entries(scene),
                                           keep_filter=True)
            else:
                self._find = (new_shot, self._find[1] if self._find else None)
                self._find_scene = scene
            self.host.say(sentence)

        self._scan(fresh, said, earcon=False)

    @staticmethod
    def _same_area(before: Image.Image, after: Image.Image, box: tuple[int, int, int, int]) -> bool:
        return capture.unchanged(before.crop(box), after.crop(box))

    def _window_gone_after_click(self, window: WindowRef) -> None:
        self.elements.hide()
        self.shot = self.scene = None
        self.host.say(changes.window_closed(window.title))

    # -- find on screen --------------------------------------------------------------------------
    def find(self) -> None:
        """Ctrl+Alt+Shift+F: read the screen now; a search window asks for a word."""
        if self.finder.isVisible() and self.finder.isActiveWindow():
            return
        active = capture.window()
        if self._own(active):
            active = self._find[1] if self._find else None
        shot = capture.screen_shot()
        self._find, self._find_scene = (shot, active), None
        self._find_query = self._find_match = self._pending_query = None
        self._scan(shot, self._find_ready)
        self.finder.present()
        self.host.say(FIND_START, interrupt=False)

    def _find_ready(self, shot: Shot, scene: Scene) -> None:
        self._find_scene = scene
        if self._pending_query is not None:
            query, self._pending_query = self._pending_query, None
            self.search(query)

    def search(self, query: str) -> None:
        """Enter in the search window: point at the best match; Enter again on it: click it."""
        if self._find is None:
            return
        if self._find_scene is None:
            self._pending_query = query
            self.host.say(FIND_WAIT)
            return
        shot, active = self._find
        if self._find_match is not None and query == self._find_query:
            match = self._find_match
            reason = self.pointer.unavailable()
            if reason is not None:
                self.host.say(reason)
                return
            self.finder.hide()
            self._click(match.entry, match.box, "left", shot, active,
                        lambda: QTimer.singleShot(AFTER_CLICK_MS, self,
                                                  lambda: self._after_click(match.entry, shot, reopen=False)),
                        self._find_click_refused)
            return
        matches = explore.find(self._find_scene, query)
        self._find_query = query
        if not matches:
            self._find_match = None
            text = explore.not_found(query)
        else:
            self._find_match = matches[0]
            text = FIND_AGAIN.format(where=explore.where(matches[0], shot.image.width, shot.image.height))
            reason = self.pointer.unavailable()
            if reason is None:
                self.pointer.move(*shot.to_screen(*explore.click_point(matches[0].entry, matches[0].box)))
        self.finder.show_result(text)
        self.host.say(text)

    def _find_dismissed(self) -> None:
        if self._find is not None and self._find[1] is not None:
            capture.activate(self._find[1].id)

    # -- under the pointer, what changed ---------------------------------------------------------
    def under_pointer(self) -> None:
        """Ctrl+Alt+Shift+M: the element or text under the mouse pointer, else a caption of the
        picture there."""
        reason = self.pointer.unavailable()
        if reason is not None:
            self.host.say(reason)
            return
        point = self.pointer.position()
        shot = capture.screen_shot(at=point)
        self._scan(shot, lambda s, scene: self._say_under(s, scene, point))

    def _say_under(self, shot: Shot, scene: Scene, point: tuple[int, int]) -> None:
        x, y = shot.to_image(*point)
        entry = explore.under(scene, x, y)
        if entry is not None and entry.kind not in ("icon", "image"):
            self.host.say(explore.entry_text(entry))
            return
        if not self.host.stage_enabled("caption"):
            self.host.say(NOTHING_UNDER)
            return
        width, height = shot.image.size
        box = entry.box if entry is not None else (max(0, x - PICTURE_REACH), max(0, y - PICTURE_REACH),
                                                   min(width, x + PICTURE_REACH), min(height, y + PICTURE_REACH))
        picture = Shot(shot.image.crop(box), shot.screen_box(box))
        self._scan(picture, lambda _s, caption: self.host.say(caption.narration or NOTHING_UNDER),
                   stages_needed=("caption",), earcon=False)

    def what_changed(self) -> None:
        """Ctrl+Alt+Shift+C: only what is new or changed since the last description of the active
        window (or of its screen)."""
        shot = capture.window_shot()
        before = self.previous.get(shot.key)
        if before is None and shot.window is not None:
            screen = capture.screen_shot()
            if screen.key in self.previous:
                shot, before = screen, self.previous[screen.key]
        if before is None:
            self.host.say(NEVER_DESCRIBED)
            self.host.describe_window()
            return
        self._scan(shot, lambda _s, scene: self.host.say(changes.changes_sentence(before, scene)))

