"""Russian and English interface words for generated labels."""
from __future__ import annotations

import random

BUTTONS = {
    "ru": ["ОК", "Отмена", "Да", "Нет", "Сохранить", "Удалить", "Применить", "Закрыть", "Далее", "Назад",
           "Готово", "Открыть", "Войти", "Отправить", "Продолжить", "Обновить", "Найти", "Изменить"],
    "en": ["OK", "Cancel", "Yes", "No", "Save", "Delete", "Apply", "Close", "Next", "Back", "Done", "Open",
           "Sign in", "Send", "Continue", "Refresh", "Search", "Edit"],
}
FIELDS = {
    "ru": ["Имя", "Фамилия", "Адрес", "Пароль", "Логин", "Почта", "Телефон", "Город", "Сервер", "Порт",
           "Название", "Комментарий", "Поиск", "Папка"],
    "en": ["Name", "Surname", "Address", "Password", "Login", "Email", "Phone", "City", "Server", "Port",
           "Title", "Comment", "Search", "Folder"],
}
OPTIONS = {
    "ru": ["Запомнить меня", "Показывать уведомления", "Автозапуск", "Тёмная тема", "Проверять обновления",
           "Отправлять отчёты", "Синхронизация", "Звук", "Крупный шрифт", "Скрывать файлы"],
    "en": ["Remember me", "Show notifications", "Start automatically", "Dark theme", "Check for updates",
           "Send reports", "Sync", "Sound", "Large font", "Hide files"],
}
TABS = {"ru": ["Общие", "Вид", "Сеть", "Звук", "Учётная запись", "Дополнительно"],
        "en": ["General", "View", "Network", "Sound", "Account", "Advanced"]}
MENUS = {"ru": ["Файл", "Правка", "Вид", "Вставка", "Формат", "Сервис", "Справка"],
         "en": ["File", "Edit", "View", "Insert", "Format", "Tools", "Help"]}
LINKS = {"ru": ["Забыли пароль?", "Подробнее", "Условия использования", "Справка", "Связаться с нами"],
         "en": ["Forgot password?", "Learn more", "Terms of use", "Help", "Contact us"]}
ITEMS = {"ru": ["Документы", "Загрузки", "Музыка", "Отчёт за март", "Письмо от Анны", "Фотографии", "Черновик"],
         "en": ["Documents", "Downloads", "Music", "March report", "Letter from Anna", "Photos", "Draft"]}
COLUMNS = {"ru": ["Параметр", "Значение", "Название", "Выбор", "Описание", "Состояние", "Вариант"],
           "en": ["Option", "Value", "Name", "Choice", "Description", "State", "Setting"]}
TITLES = {"ru": ["Настройки", "Удаление файла", "Вход", "Параметры сети", "Новый документ", "Свойства"],
          "en": ["Settings", "Delete file", "Sign in", "Network", "New document", "Properties"]}
QUESTIONS = {"ru": ["Вы действительно хотите удалить файл?", "Сохранить изменения перед закрытием?",
                    "Введите данные для входа."],
             "en": ["Do you really want to delete the file?", "Save changes before closing?",
                    "Enter your credentials."]}


def pick(rng: random.Random, table: dict[str, list[str]], language: str, count: int = 1) -> list[str]:
    words = table[language]
    return rng.sample(words, min(count, len(words)))
