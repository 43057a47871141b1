"""Russian text for generated screens, in two disjoint splits: ``eval`` and ``train``.

Short interface strings (button, menu, option and list labels) come from the Russian
translations of the programs installed with installer/dev-packages.sh (GTK, GLib, libfm,
PCManFM, Mousepad, zenity, shared-mime-info, xkeyboard-config, coreutils): real interface
wording, thousands of strings. Sentences, headlines, names and file names are written here.
Every string belongs to exactly one split — translations by a hash of the text, the written
lists by which list they are in — so no tuning on ``train`` ever sees the words of ``eval``.
"""
from __future__ import annotations

import gettext
import random
import re
import zlib
from functools import lru_cache
from pathlib import Path

SPLITS = ("eval", "train")
CATALOGS = ("gtk30", "glib20", "libfm", "pcmanfm", "mousepad", "zenity", "gtksourceview-4", "shared-mime-info",
            "xkeyboard-config", "coreutils", "gtk20")
LOCALE_DIR = Path("/usr/share/locale/ru/LC_MESSAGES")
NOT_PLAIN = re.compile(r"[%{}<>\\\n\t&|=@/_?]|\.\.\.|…|[A-Za-z]{2,}|\d")

SENTENCES = {
    "eval": [
        "Сохранить изменения в документе перед закрытием?",
        "Файл был изменён другой программой после открытия.",
        "Соединение с сервером прервано, повторите попытку позже.",
        "Обновление установлено, перезапустите компьютер.",
        "Новая версия программы доступна для загрузки.",
        "Вы действительно хотите удалить выбранные письма?",
        "Папка назначения уже содержит файл с таким именем.",
        "Недостаточно места на диске для копирования.",
        "Пароль должен содержать не менее восьми символов.",
        "Резервная копия успешно создана в домашней папке.",
        "Принтер не отвечает, проверьте подключение кабеля.",
        "Введите адрес электронной почты получателя.",
        "Отчёт за третий квартал отправлен руководителю.",
        "Встреча перенесена на четверг, десять часов утра.",
        "Заявка принята, номер обращения придёт по почте.",
        "В библиотеке открылся зал редких книг и рукописей.",
        "Весной в парке высадили двести молодых лип.",
        "Поезд до Казани отправляется со второго пути.",
        "На выходных ожидается тёплая погода без осадков.",
        "Музей продлил выставку старинных карт до осени.",
        "Спектакль начнётся через пятнадцать минут.",
        "Курс для начинающих фотографов стартует в понедельник.",
        "Сканирование завершено, угроз не обнаружено.",
        "Ваша подписка истекает через три дня.",
        "Загрузка файлов приостановлена пользователем.",
        "Программа не может открыть документ этого типа.",
        "Изменения вступят в силу после выхода из системы.",
        "Список покупок: хлеб, молоко, яблоки и сыр.",
        "Совещание отдела продаж проходит в малом зале.",
        "Бабушка просила позвонить ей вечером после работы.",
    ],
    "train": [
        "Закрыть окно без сохранения последних правок?",
        "Документ открыт только для чтения.",
        "Сервер вернул ошибку, запрос не выполнен.",
        "Установка пакетов займёт несколько минут.",
        "Доступно новое обновление системы безопасности.",
        "Удалить выбранные файлы без возможности восстановления?",
        "Файл с таким именем уже существует, заменить его?",
        "Диск заполнен почти полностью, освободите место.",
        "Имя пользователя не может быть пустым.",
        "Архив распакован в папку загрузок.",
        "Сканер готов к работе, положите лист на стекло.",
        "Укажите номер телефона для связи.",
        "Счёт на оплату отправлен в бухгалтерию.",
        "Собрание жильцов пройдёт в субботу во дворе.",
        "Посылка прибыла в пункт выдачи и ждёт получателя.",
        "В школе открылся кружок робототехники для детей.",
        "Осенью на набережной поставили новые скамейки.",
        "Автобус до аэропорта ходит каждые двадцать минут.",
        "Завтра в горах выпадет снег и похолодает.",
        "Театр показал премьеру по пьесе Чехова.",
        "Концерт органной музыки начнётся в семь вечера.",
        "Мастер-класс по выпечке хлеба прошёл в пекарне.",
        "Проверка диска завершена, ошибок нет.",
        "Пробный период закончится в пятницу.",
        "Копирование отменено, часть файлов не скопирована.",
        "Этот формат изображения не поддерживается.",
        "Перезапустите программу, чтобы применить настройки.",
        "Купить к празднику свечи, торт и открытки.",
        "Планёрка отдела кадров перенесена на среду.",
        "Дедушка приедет в гости на следующей неделе.",
    ],
}

# Headlines are made of a subject, a predicate and a detail; each split has its own words.
HEADLINE_PARTS = {
    "eval": (
        ["Режиссёр Дени Вильнёв", "Сборная по хоккею", "Городская библиотека", "Учёные из Новосибирска",
         "Мэрия Самары", "Оркестр филармонии", "Археологи в Крыму", "Жители Калуги"],
        ["снимет новый фильм", "выиграла турнир", "открыла читальный зал", "нашли древний клад",
         "построит новый мост", "даст бесплатный концерт", "раскопали античный театр", "посадили сад"],
        ["про космических пиратов", "в финальном матче сезона", "для студентов и школьников",
         "на берегу озера", "через реку Волгу", "в старом парке", "у подножия горы", "возле вокзала"],
    ),
    "train": (
        ["Писательница из Томска", "Команда по волейболу", "Краеведческий музей", "Инженеры из Перми",
         "Администрация Твери", "Хор мальчиков", "Геологи на Урале", "Студенты Воронежа"],
        ["выпустила новый роман", "вышла в полуфинал", "показал коллекцию икон", "испытали новый двигатель",
         "отремонтирует набережную", "выступит на фестивале", "обнаружили пещеру", "открыли кофейню"],
        ["о жизни на севере", "после напряжённой игры", "в отреставрированном зале", "на заводском стенде",
         "к началу лета", "в Большом зале", "с подземным озером", "рядом с университетом"],
    ),
}

PEOPLE = {
    "eval": ["Анна Смирнова", "Игорь Петров", "Ольга Васильева", "Дмитрий Орлов", "Мария Кузнецова",
             "Сергей Волков", "Наталья Белова", "Алексей Морозов"],
    "train": ["Елена Соколова", "Павел Иванов", "Татьяна Лебедева", "Андрей Новиков", "Юлия Козлова",
              "Михаил Попов", "Ирина Зайцева", "Виктор Фёдоров"],
}

FILE_WORDS = {
    "eval": ["отчёт", "смета", "договор", "протокол", "письмо", "план", "анкета", "заявление", "расписание",
             "презентация", "счёт", "справка", "инструкция", "черновик", "рецепт", "маршрут"],
    "train": ["акт", "накладная", "доклад", "резюме", "реферат", "бюджет", "список", "ведомость", "график",
              "выписка", "памятка", "опись", "квитанция", "сценарий", "конспект", "чек"],
}
FILE_DETAILS = {
    "eval": ["за март", "для клиента", "по проекту", "на лето", "итоговый", "новый", "к собранию", "от юриста"],
    "train": ["за май", "для директора", "по ремонту", "на зиму", "черновой", "старый", "к отпуску", "от банка"],
}
FOLDERS = {
    "eval": ["Документы", "Проекты", "Фотографии", "Работа", "Отпуск", "Счета"],
    "train": ["Загрузки", "Архив", "Картинки", "Учёба", "Дача", "Письма"],
}
EXTENSIONS = ["odt", "docx", "pdf", "xlsx", "txt", "jpg", "png", "zip", "mp3"]

COMMANDS = {
    "eval": [("ls", None), ("df -h", None), ("cat заметки.txt", "sentences"), ("date", None),
             ("echo Привет, мир", None), ("uptime", None)],
    "train": [("ls -l", None), ("free -h", None), ("head список.txt", "sentences"), ("cal", None),
              ("echo Добрый день", None), ("whoami", None)],
}


def split_of(text: str) -> str:
    """The split a translated string belongs to: a quarter of them by hash are ``eval``."""
    return "eval" if zlib.crc32(text.encode("utf-8")) % 4 == 0 else "train"


@lru_cache(maxsize=None)
def interface_strings(split: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(short labels of 1–4 words, sentences of 6–18 words) translated in the installed catalogs."""
    short: set[str] = set()
    long: set[str] = set()
    for domain in CATALOGS:
        path = LOCALE_DIR / f"{domain}.mo"
        if not path.exists():
            continue
        with open(path, "rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001 - the whole catalog is the point
        for key, value in catalog.items():
            if isinstance(key, tuple) or not isinstance(value, str) or not value:
                continue
            text = " ".join(value.replace("_", "").split())
            if NOT_PLAIN.search(text.replace("_", "")) or not re.search(r"[а-яё]", text, re.IGNORECASE):
                continue
            if split_of(text) != split:
                continue
            words = text.split()
            if 1 <= len(words) <= 4 and 2 <= len(text) <= 32 and not text.endswith((".", ",", ":", ";")):
                short.add(text)
            elif 6 <= len(words) <= 18 and text.endswith(".") and len(text) <= 120:
                long.add(text)
    return tuple(sorted(short)), tuple(sorted(long))


class Texts:
    """Random Russian text of one split, reproducible from ``rng``."""

    def __init__(self, split: str, rng: random.Random) -> None:
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}")
        self.split = split
        self.rng = rng
        self.labels, translated = interface_strings(split)
        self.sentences = tuple(SENTENCES[split]) + translated
        if len(self.labels) < 50:
            raise RuntimeError("too few Russian interface strings: are the dev packages installed?")

    def label(self, max_len: int = 24) -> str:
        while True:
            text = self.rng.choice(self.labels)
            if len(text) <= max_len:
                return text[0].upper() + text[1:]

    def labels_n(self, count: int, max_len: int = 24) -> list[str]:
        found: list[str] = []
        while len(found) < count:
            text = self.label(max_len)
            if text.casefold() not in {f.casefold() for f in found}:
                found.append(text)
        return found

    def sentence(self) -> str:
        return self.rng.choice(self.sentences)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def headline(self) -> str:
        subjects, predicates, details = HEADLINE_PARTS[self.split]
        return f"{self.rng.choice(subjects)} {self.rng.choice(predicates)} {self.rng.choice(details)}"

    def person(self) -> str:
        return self.rng.choice(PEOPLE[self.split])

    def file_name(self, extension: str | None = None) -> str:
        word = self.rng.choice(FILE_WORDS[self.split])
        if self.rng.random() < 0.6:
            word += " " + self.rng.choice(FILE_DETAILS[self.split])
        return f"{word}.{extension or self.rng.choice(EXTENSIONS)}"

    def folder(self) -> str:
        return self.rng.choice(FOLDERS[self.split])

    def title(self) -> str:
        return self.label(28)
