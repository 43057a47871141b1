"""The ``vidimo`` command: describe an image, manage models, run the benchmark.

Exit codes: 0 success, 1 other failure, 2 bad input, 3 a required model missing.
Messages for users are Russian and go to stderr; results go to stdout.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from vidimo.errors import BadImageError, BadInputError, ModelRequiredError, VidimoError
from vidimo.logsetup import configure_logging
from vidimo.scene import DETAIL_LEVELS
from vidimo import stages
from vidimo.settings import CoreSettings

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_MODEL_MISSING = 0, 1, 2, 3


class RussianArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors in Russian with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"Ошибка в параметрах команды: {message}\n")


def _parser() -> argparse.ArgumentParser:
    from vidimo.models.caption.analyzer import CAPTIONERS
    from vidimo.models.device import DEVICE_CHOICES
    from vidimo.models.text.analyzer import OCR_ENGINES
    from vidimo.speech.chain import ENGINE_NAMES

    def analysis_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--detail", choices=DETAIL_LEVELS, default=None,
                             help="подробность: brief — кратко, normal — обычно (по умолчанию), full — подробно")
        command.add_argument("--device", choices=DEVICE_CHOICES, default="auto", help="где считать модели")
        command.add_argument("--ocr", choices=OCR_ENGINES, default="auto", help="движок распознавания текста")
        command.add_argument("--captioner", choices=CAPTIONERS, default="auto",
                             help="модель описания сцены (auto: large на видеокарте, base на процессоре)")
        command.add_argument("--caption-threshold", type=float, default=0.64,
                             help="ниже этой уверенности описание сцены считается ненадёжным")
        command.add_argument("--voice", choices=ENGINE_NAMES, default="auto", help="голос")
        for stage in stages.all_stages():
            command.add_argument(f"--no-{stage.name}", action="store_true", dest=f"no_{stage.name}",
                                 help=stage.flag_help)
        command.add_argument("--llm-url", default="", help="адрес OpenAI-совместимого сервера (текст уйдёт туда)")
        command.add_argument("--llm-model", default="", help="модель на этом сервере")
        command.add_argument("--llm-translate", action="store_true",
                             help="переводить описание сцены через сервер (текст покидает компьютер)")
        command.add_argument("--compose", action="store_true",
                             help="составлять итоговый рассказ через сервер (текст покидает компьютер)")

    parser = RussianArgumentParser(prog="vidimo", description="Видимо: озвучивает, что на экране или на изображении.")
    parser.add_argument("-v", "--verbose", action="store_true", help="подробный журнал в stderr")
    commands = parser.add_subparsers(dest="command")

    describe = commands.add_parser("describe", help="описать изображение")
    describe.add_argument("path", nargs="?", help="файл изображения (PNG, JPEG, GIF, BMP, WebP, TIFF…)")
    source = describe.add_mutually_exclusive_group()
    source.add_argument("--screen", action="store_true", help="описать экран (вместо файла) и прочитать вслух")
    source.add_argument("--window", action="store_true", help="описать активное окно и прочитать вслух")
    analysis_options(describe)
    describe.add_argument("--json", action="store_true", help="вывести результат в JSON")
    describe.add_argument("--out", metavar="FILE.wav", help="сохранить озвучку в WAV-файл")
    describe.add_argument("--say", action="store_true", help="прочитать описание вслух")

    models = commands.add_parser("models", help="модели: список и загрузка")
    models_commands = models.add_subparsers(dest="models_command")
    models_commands.add_parser("list", help="какие модели есть на диске")
    download = models_commands.add_parser("download", help="скачать модели")
    download.add_argument("names", nargs="*", help="имена моделей (по умолчанию — все недостающие)")
    download.add_argument("--force", action="store_true", help="скачать заново, даже если модель цела")

    bench = commands.add_parser("bench", help="замерить скорость по этапам")
    bench.add_argument("path", nargs="?", help="изображение для замера (например, снимок экрана 1920×1080)")
    analysis_options(bench)
    bench.add_argument("--repeat", type=int, default=3, help="сколько раз повторить")
    bench.add_argument("--json", action="store_true", help="вывести замеры в JSON")
    bench.add_argument("--caption-only", action="store_true",
                       help="замерить только описание сцены: кодировщик, мс на токен, перевод, память")
    bench.add_argument("--random-weights", choices=("florence-2-base", "florence-2-large"),
                       help="архитектура Florence-2 со случайными весами (замер скорости без скачивания)")

    doctor = commands.add_parser("doctor", help="проверить звук, голоса, Tesseract, модели, видеокарту, сеанс")
    doctor.add_argument("--say", action="store_true", help="прочитать отчёт вслух")
    doctor.add_argument("--voice", choices=ENGINE_NAMES, default="auto", help="голос для --say")

    key = commands.add_parser("llm-key", help="ключ OpenAI-совместимого сервера в системном хранилище")
    key.add_argument("action", choices=("set", "delete"), help="set — прочитать ключ из stdin и сохранить")
    return parser


def _stages_from(args: argparse.Namespace) -> tuple[str, ...]:
    """The stages the options leave on: those on by default, less every ``--no-NAME``."""
    return tuple(name for name in stages.default_names() if not getattr(args, f"no_{name}", False))


def settings_from(args: argparse.Namespace) -> CoreSettings:
    """Core settings from the command-line options."""
    return CoreSettings(
        detail=args.detail or "normal", device=args.device, stages=_stages_from(args), ocr_engine=args.ocr,
        captioner=args.captioner,
        caption_threshold=args.caption_threshold, voice=args.voice, llm_base_url=args.llm_url,
        llm_model=args.llm_model, llm_translate=args.llm_translate, llm_compose=args.compose,
    )


def _required_missing(args: argparse.Namespace) -> None:
    """A model the user chose by name (an OCR engine, a captioner) that is not on disk is a hard
    error (exit 3), not a reduced description."""
    from vidimo import messages
    from vidimo.models import registry
    from vidimo.models.errors import ModelMissingError

    settings = settings_from(args)
    needed: list[str] = []
    if "text" in settings.stages:
        needed += {"easyocr": ["easyocr-craft"], "craft+tesseract": ["easyocr-craft"]}.get(args.ocr, [])
    if "caption" in settings.stages and args.captioner != "auto":
        needed.append(args.captioner)
    for name in needed:
        try:
            registry.require(name)
        except ModelMissingError as error:
            raise ModelRequiredError(messages.model_missing(error)) from None


def _check_endpoint(args: argparse.Namespace) -> None:
    """A server address that may not be used (plain http to another computer) is bad input."""
    from vidimo.models.translate.llm import url_problem

    problem = url_problem(args.llm_url) if args.llm_url else None
    if problem:
        raise BadInputError(problem)


#: Options the running app cannot take over: a request that sets any of them is described here.
LOCAL_ONLY = ("device", "ocr", "captioner", "caption_threshold", "voice", "llm_url", "llm_model",
              "llm_translate", "compose")


def _hand_over(args: argparse.Namespace) -> int | None:
    """Let a running Vidimo describe (it speaks unless only ``--json``/``--out`` was asked for) and
    print its description here; the exit code, or ``None`` when no Vidimo runs or the options
    need a description made here."""
    defaults = vars(_parser().parse_args(["describe"]))
    if any(getattr(args, option) != defaults[option] for option in LOCAL_ONLY):
        return None
    from vidimo.shell.single_instance import NoAnswerError, ask_running

    if args.screen or args.window:
        message: dict = {"action": "describe_screen" if args.screen else "describe_window"}
    else:
        from pathlib import Path

        message = {"action": "describe_path", "path": str(Path(args.path).resolve())}
    message.update(detail=args.detail, skip=[s for s in stages.names() if getattr(args, f"no_{s}", False)],
                   speak=bool(args.say or not (args.json or args.out)))
    try:
        answer = ask_running(message)
    except NoAnswerError as error:
        log.info("the running Vidimo gave no answer: %s", error)
        print("Запущенное Видимо не ответило на запрос. Перезапустите Видимо или закройте его, чтобы "
              "команда работала сама.", file=sys.stderr)
        return EXIT_FAILED
    if answer is None:
        return None
    print("Запрос передан запущенному Видимо.", file=sys.stderr)
    if "error" in answer:
        print(answer["error"], file=sys.stderr)
        return int(answer.get("exit_code", EXIT_FAILED))
    if args.json:
        print(json.dumps(answer["scene"], ensure_ascii=False, indent=2))
    else:
        print(answer["narration"])
    if args.out:
        args.say = False  # the running Vidimo has spoken it already, if asked to
        return _speak(answer["narration"], args)
    return EXIT_OK


def cmd_describe(args: argparse.Namespace) -> int:
    from vidimo.imageio import load_image
    from vidimo.pipeline import Pipeline

    capture_screen = args.screen or args.window
    if not capture_screen and not args.path:
        raise BadImageError("Укажите файл изображения, или --screen, или --window.")
    handed = _hand_over(args)
    if handed is not None:
        return handed
    windows: tuple = ()
    if capture_screen:
        from vidimo.shell import capture

        shot = capture.screen_shot() if args.screen else capture.window_shot()
        image, windows = shot.image, shot.windows
        args.say = args.say or not (args.json or args.out)
    else:
        image = load_image(args.path)
    settings = settings_from(args)
    _required_missing(args)
    _check_endpoint(args)
    voice = _ProgressiveVoice(args.voice) if args.say else None
    try:
        scene = Pipeline.from_settings(settings).describe(
            image, settings.detail, windows=windows, on_words=voice.words if voice else None)
        if args.json:
            print(json.dumps(scene.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(scene.narration)
            for notice in scene.notices:
                print(notice, file=sys.stderr)
        if voice is not None:
            voice.finish(scene.narration)
            args.say = False  # spoken already, as it was found
    finally:
        if voice is not None:
            voice.close()
    if args.say or args.out:
        return _speak(scene.narration, args)
    return EXIT_OK


class _ProgressiveVoice:
    """Speaks a description while it is made (``--say``): each final part as it comes, the rest at
    the end, then waits until all of it has been heard."""

    def __init__(self, voice: str) -> None:
        from vidimo.speech.chain import SpeechChain, build_engines
        from vidimo.speech.queue import AudioQueue

        self.failed: list[str] = []
        self.audio = AudioQueue(SpeechChain(build_engines(voice)))
        self.audio.on_error = self.failed.append
        self.heard = ""

    def words(self, sentences: list[str]) -> None:
        text = " ".join(sentences)
        self.heard = f"{self.heard} {text}".strip()
        self.audio.say(text, interrupt=False)

    def finish(self, narration: str) -> None:
        rest = narration[len(self.heard):].strip() if narration.startswith(self.heard) else narration
        if rest:
            self.audio.say(rest, interrupt=False)
        self.audio.drain()
        if self.failed:
            raise VidimoError(f"Не удалось озвучить описание: {self.failed[0]}")

    def close(self) -> None:
        self.audio.close()


def _speak(text: str, args: argparse.Namespace) -> int:
    from vidimo.speech.base import SpeechError
    from vidimo.speech.speaker import Speaker

    speaker = Speaker(args.voice)
    try:
        if args.out:
            speaker.save(text, args.out)
        if args.say:
            speaker.say(text)
    except SpeechError as error:
        log.info("speech failed: %s", error)
        print("Не удалось озвучить описание: не найден ни один работающий голос или звуковое устройство. "
              "Установите espeak-ng или RHVoice (make run делает это сам).", file=sys.stderr)
        return EXIT_FAILED
    finally:
        speaker.close()
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from vidimo import model_commands

    if args.models_command == "download":
        return model_commands.download(args.names, force=args.force)
    return model_commands.print_list()


def cmd_doctor(args: argparse.Namespace) -> int:
    """Exit 1 when a part Vidimo needs is broken (see :mod:`vidimo.doctor`)."""
    from vidimo import doctor

    return doctor.command(say=args.say, voice=args.voice)


def cmd_llm_key(args: argparse.Namespace) -> int:
    import getpass

    from keyring.errors import KeyringError

    from vidimo import secrets

    if args.action == "delete":
        secrets.delete_api_key()
        print("Ключ удалён.", file=sys.stderr)
        return EXIT_OK
    key = getpass.getpass("Ключ: ") if sys.stdin.isatty() else sys.stdin.readline()
    if not key.strip():
        print("Ключ пустой, ничего не сохранено.", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        secrets.set_api_key(key.strip())
    except KeyringError:
        print("Не удалось сохранить ключ: в системе нет хранилища паролей (keyring).", file=sys.stderr)
        return EXIT_FAILED
    print("Ключ сохранён в системном хранилище паролей.", file=sys.stderr)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from vidimo.bench import run_bench

    if not args.path and not (args.caption_only or args.random_weights):
        raise BadImageError("Укажите изображение для замера.")
    if args.caption_only and not args.random_weights:
        _require_captioner(args)
    else:
        _required_missing(args)
    return run_bench(args)


def _require_captioner(args: argparse.Namespace) -> None:
    """``bench --caption-only`` with downloaded weights needs the captioner and the translator."""
    from vidimo import messages
    from vidimo.models import registry
    from vidimo.models.caption.analyzer import choose_captioner
    from vidimo.models.device import resolve_device
    from vidimo.models.errors import ModelMissingError

    for name in (choose_captioner(args.captioner, resolve_device(args.device)), "opus-mt-en-ru"):
        try:
            registry.require(name)
        except ModelMissingError as error:
            raise ModelRequiredError(f"{messages.model_missing(error)} Без скачивания скорость можно замерить "
                                     f"на случайных весах: vidimo bench --caption-only --random-weights "
                                     f"florence-2-base.") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vidimo`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    handlers = {"describe": cmd_describe, "models": cmd_models, "bench": cmd_bench, "llm-key": cmd_llm_key,
                "doctor": cmd_doctor}
    if args.command is None:
        from vidimo.shell.main import run

        return run()
    try:
        return handlers[args.command](args)
    except BadInputError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ModelRequiredError as error:
        print(str(error), file=sys.stderr)
        return EXIT_MODEL_MISSING
    except VidimoError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the user gets a sentence, the log gets the traceback
        log.exception("unexpected failure")
        print("Внутренняя ошибка Видимо. Запустите команду с -v, чтобы увидеть подробности.", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
