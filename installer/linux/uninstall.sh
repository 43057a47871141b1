#!/usr/bin/env bash
# Removes what installer/linux/install.sh made (listed in ~/.local/share/vidimo/installed-files):
# the Python environment, the `vidimo` command, the launcher, the icon, the autostart entry, and
# the folders it created when they are empty. It then says what it left — the downloaded models
# and the settings — and how to remove those; --purge removes them too (and the server key).
# System packages stay: other programs may use them.
set -euo pipefail

usage() {
  cat <<'TEXT'
Удаление Видимо.

  bash uninstall.sh [--purge]

  --purge      удалить и скачанные модели, настройки и ключ сервера языковой модели
  -h, --help   эта справка
TEXT
}

say() { printf 'Видимо: %s\n' "$*"; }

PURGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --purge) PURGE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}"
APP_DIR="$DATA/vidimo"
VENV="$APP_DIR/venv"
MANIFEST="$APP_DIR/installed-files"
SETTINGS="$CONFIG/Vidimo"

if [ ! -f "$MANIFEST" ]; then
  say "установка не найдена ($MANIFEST нет). Удалять нечего."
  exit 1
fi

# Vidimo running from this environment is asked to end first (only its own processes).
if command -v pgrep >/dev/null 2>&1 && pgrep -u "$(id -u)" -f "^$VENV/bin/python" >/dev/null; then
  say "закрываю запущенное Видимо."
  pkill -TERM -u "$(id -u)" -f "^$VENV/bin/python" || true
  for _ in $(seq 50); do
    pgrep -u "$(id -u)" -f "^$VENV/bin/python" >/dev/null || break
    sleep 0.1
  done
fi

# What stays after the environment is gone: the model folders Vidimo downloaded, found by the
# environment itself (it knows HF_HOME and the registry), before it is removed.
models=()
if [ -x "$VENV/bin/python" ]; then
  mapfile -t models < <("$VENV/bin/python" - <<'PY' 2>/dev/null || true
from pathlib import Path

from vidimo.models import registry

home = registry.hf_home()
for model in registry.REGISTRY.values():
    state = registry.inspect(model)
    if state.folder is None or state.own or not state.folder.is_relative_to(home):
        continue
    # A Hub snapshot lives in hub/models--ORG--NAME/snapshots/REVISION: the model's folder is hub/models--…
    print(state.folder.parents[1] if model.repo_id else state.folder)
PY
)
  if [ "$PURGE" -eq 1 ]; then
    "$VENV/bin/python" -c 'from vidimo import secrets; secrets.delete_api_key()' >/dev/null 2>&1 || true
  fi
fi

# The files of the installation, then its folders (deepest first) when nothing else is in them.
dirs=()
while IFS= read -r line; do
  case "$line" in
    file\ *) rm -f -- "${line#file }" ;;
    tree\ *)
      tree="${line#tree }"
      case "$tree" in */vidimo) rm -rf -- "$tree" ;; *) say "пропускаю подозрительный путь: $tree" ;; esac ;;
    dir\ *) dirs+=("${line#dir }") ;;
  esac
done < "$MANIFEST"
for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
  rmdir -- "${dirs[$i]}" 2>/dev/null || true
done

say "удалено: окружение Python, команда vidimo, ярлык в меню, значок и запуск при входе в систему."
if [ "$PURGE" -eq 1 ]; then
  for folder in "${models[@]}"; do rm -rf -- "$folder"; done
  rm -rf -- "$SETTINGS"
  say "удалены и скачанные модели, настройки и ключ сервера языковой модели."
  exit 0
fi
echo "Осталось:"
if [ ${#models[@]} -gt 0 ]; then
  echo "  скачанные модели:"
  for folder in "${models[@]}"; do echo "    $folder"; done
else
  echo "  скачанных моделей нет."
fi
if [ -d "$SETTINGS" ]; then
  echo "  настройки: $SETTINGS"
fi
echo "  ключ сервера языковой модели в хранилище паролей, если вы его сохраняли."
echo "Удалить и это: запустите эту команду с --purge, или удалите папки выше (rm -rf ПАПКА),"
echo "а ключ — в программе «Пароли и ключи» (запись «vidimo»). Системные пакеты не удаляются."
