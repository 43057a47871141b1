"""``vidimo doctor`` (and the tray's «Проверить Видимо»): every part Vidimo needs, checked and told
in Russian, one line each, with what to do about a problem.

A :class:`Finding` is one part's state. ``broken`` means Vidimo cannot do part of its work until
it is fixed (no sound, no voice, no Russian Tesseract data, a damaged model), and makes the
command exit with 1; warnings (Wayland, no tray, no keyring) and notes (no video card, a model not
downloaded) do not. The checks themselves live in :mod:`vidimo.doctor_checks` and
:mod:`vidimo.doctor_models`.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

OK, NOTE, WARNING, BROKEN = "ok", "note", "warning", "broken"
#: How each state starts its line (first, so that a screen reader user hears it at once).
STATE_WORDS = {OK: "В порядке", NOTE: "Сведения", WARNING: "Внимание", BROKEN: "Ошибка"}
TITLE = "Проверка Видимо."
EXIT_OK, EXIT_BROKEN = 0, 1


@dataclass(frozen=True)
class Finding:
    """One part: its Russian name (``Звук``), state (:data:`OK` … :data:`BROKEN`), a sentence about it,
    and, for a problem, what to do (a command or an instruction)."""

    part: str
    state: str
    text: str
    fix: str = ""

    @property
    def line(self) -> str:
        """«Ошибка. Звук: нет работающего устройства вывода звука… Что сделать: …»"""
        line = f"{STATE_WORDS[self.state]}. {self.part}: {self.text}"
        return f"{line} Что сделать: {self.fix}" if self.fix and self.state != OK else line


def checks(*, load_models: bool = True) -> list[Callable[[], list[Finding]]]:
    """Every check, in the order the report tells them."""
    from vidimo import doctor_checks as system
    from vidimo.doctor_models import check_models

    return [system.check_session, system.check_sound, system.check_voices, system.check_tesseract,
            lambda: check_models(load=load_models), system.check_device, system.check_tray,
            system.check_hotkeys, system.check_accessibility, system.check_keyring]


def run_checks(*, load_models: bool = True) -> Iterator[Finding]:
    """Findings one by one as each check ends (a check that fails unexpectedly is a finding too)."""
    for check in checks(load_models=load_models):
        try:
            found = check()
        except Exception:  # noqa: BLE001 - the report goes on; the log has the traceback
            log.exception("check %s failed", getattr(check, "__name__", check))
            found = [Finding("Проверка", WARNING, "одна из проверок завершилась внутренней ошибкой; подробности "
                             "в журнале (vidimo -v doctor).")]
        yield from found


def broken(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.state == BROKEN]


def summary(findings: Sequence[Finding]) -> str:
    """The last line: what is broken, or that everything needed works."""
    failed = broken(findings)
    warnings = sum(f.state == WARNING for f in findings)
    if failed:
        return ("Итог: ошибки — " + "; ".join(f.part for f in failed)
                + ". Пока они не исправлены, Видимо работает не полностью.")
    tail = f" Предупреждений: {warnings}." if warnings else ""
    return "Итог: ошибок нет, всё нужное для работы в порядке." + tail


def report(findings: Sequence[Finding]) -> str:
    """The whole report: a title, one line per finding, the summary."""
    return "\n".join([TITLE, *(f.line for f in findings), summary(findings)])


def spoken(findings: Sequence[Finding]) -> list[str]:
    """What is read aloud: every problem and note in full, the parts in order named in one line
    (the voices counted, not each named), then the summary."""
    lines = [f.line for f in findings if f.state != OK]
    fine = [f.part for f in findings if f.state == OK and not f.part.startswith("Голос ")]
    voices = sum(f.state == OK and f.part.startswith("Голос ") for f in findings)
    if voices:
        fine.insert(min(2, len(fine)), f"голоса ({voices})")
    if fine:
        lines.append("В порядке: " + ", ".join(fine) + ".")
    return [TITLE, *lines, summary(findings)]


def exit_code(findings: Sequence[Finding]) -> int:
    return EXIT_BROKEN if broken(findings) else EXIT_OK


def say_lines(lines: Sequence[str], voice: str = "auto") -> bool:
    """Read ``lines`` aloud, one after another; ``False`` when no voice or sound device works."""
    from vidimo.speech.base import SpeechError
    from vidimo.speech.speaker import Speaker

    speaker = Speaker(voice)
    try:
        for line in lines:
            speaker.say(line)
    except SpeechError as error:
        log.info("reading the report aloud failed: %s", error)
        return False
    finally:
        speaker.close()
    return True


def command(*, say: bool = False, voice: str = "auto") -> int:
    """``vidimo doctor [--say]``: print each line as its check ends, the summary last; exit 1 when
    something is broken."""
    print(TITLE, flush=True)
    findings = []
    for finding in run_checks():
        findings.append(finding)
        print(finding.line, flush=True)
    print(summary(findings), flush=True)
    if say and not say_lines(spoken(findings), voice):
        print("Прочитать отчёт вслух не удалось: нет работающего голоса или звукового устройства (см. выше).",
              file=sys.stderr)
    return exit_code(findings)
