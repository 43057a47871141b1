#!/usr/bin/env bash
# Installs Vidimo for the current user (Debian/Ubuntu), without root except for system packages:
#   - the runtime system packages (installer/system-packages.sh; sudo asks for the password, saying why);
#   - a Python environment in ~/.local/share/vidimo/venv with PyTorch for the processor, or for CUDA
#     when an NVIDIA driver is present;
#   - the `vidimo` command in ~/.local/bin, a launcher with an icon in the applications menu, and an
#     autostart entry (Vidimo starts at login; the settings window turns it off and on);
#   - ~/.local/share/vidimo/uninstall.sh, which removes all of it.
# Every file it makes is listed in ~/.local/share/vidimo/installed-files. Run it again to update.
set -euo pipefail

usage() {
  cat <<'TEXT'
Установка Видимо для текущего пользователя.

  bash installer/linux/install.sh [ПАРАМЕТРЫ]

  --cpu                  PyTorch только для процессора (меньше загружать)
  --cuda                 PyTorch с CUDA (по умолчанию — если есть драйвер NVIDIA)
  --find-links ПАПКА     брать пакеты Python только из этой папки (установка без интернета)
  --venv-from ОКРУЖЕНИЕ  взять пакеты Python из уже готового окружения (например, .venv после
                         make install) и ничего не скачивать: новое окружение видит его пакеты,
                         ставится только сам Видимо. Для разработчиков и тестов
  --no-system-packages   не ставить системные пакеты (они уже есть)
  --no-autostart         не запускать Видимо при входе в систему
  --no-start             не запускать Видимо после установки
  -h, --help             эта справка
TEXT
}

say() { printf 'Видимо: %s\n' "$*"; }
fail() { printf 'Видимо: %s\n' "$*" >&2; exit 1; }

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}"
BIN="$HOME/.local/bin"
APP_DIR="$DATA/vidimo"
VENV="$APP_DIR/venv"
MANIFEST="$APP_DIR/installed-files"
LAUNCHER="$DATA/applications/vidimo.desktop"
ICON="$DATA/icons/hicolor/scalable/apps/vidimo.svg"

TORCH=""
FIND_LINKS=""
VENV_FROM=""
SYSTEM=1
AUTOSTART=1
START=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) TORCH=cpu ;;
    --cuda) TORCH=cuda ;;
    --find-links) FIND_LINKS="${2:?}"; shift ;;
    --venv-from) VENV_FROM="${2:?}"; shift ;;
    --no-system-packages) SYSTEM=0 ;;
    --no-autostart) AUTOSTART=0 ;;
    --no-start) START=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "неизвестный параметр: $1" ;;
  esac
  shift
done

[ "$(uname -s)" = "Linux" ] || fail "этот установщик — для Linux."
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
  fail "запустите установку без sudo, от своего пользователя: Видимо ставится в домашнюю папку того, кто его запускает."
fi

# -- system packages ----------------------------------------------------------------------------
if [ "$SYSTEM" -eq 1 ]; then
  bash "$SRC/installer/system-packages.sh" --ask || fail "системные пакеты не установлены (см. выше)."
fi

# -- the Python environment ---------------------------------------------------------------------
if [ -n "$VENV_FROM" ]; then
  VENV_FROM="$(cd "$VENV_FROM" && pwd)"
  PYTHON="$VENV_FROM/bin/python"
  [ -x "$PYTHON" ] || fail "в $VENV_FROM нет окружения Python (bin/python)."
else
  PYTHON="$(command -v python3 || true)"
  [ -n "$PYTHON" ] || fail "не найден python3: sudo apt install python3 python3-venv"
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || fail "нужен Python 3.10 или новее."

if [ -z "$TORCH" ]; then
  if [ -e /proc/driver/nvidia/version ] || nvidia-smi -L >/dev/null 2>&1; then TORCH=cuda; else TORCH=cpu; fi
fi

created_dirs=()
make_dir() {  # mkdir -p, remembering each folder it made (uninstall removes them when empty)
  local dir="$1" missing=()
  while [ ! -d "$dir" ]; do missing=("$dir" "${missing[@]}"); dir="$(dirname "$dir")"; done
  for dir in "${missing[@]}"; do mkdir "$dir"; created_dirs+=("$dir"); done
}

previous_dirs=()
if [ -f "$MANIFEST" ]; then  # an update: keep the folders the first install made
  while IFS= read -r line; do
    case "$line" in dir\ *) previous_dirs+=("${line#dir }") ;; esac
  done < "$MANIFEST"
fi

make_dir "$APP_DIR"
LOG="$APP_DIR/install.log"
: > "$LOG"
pip_install() {  # pip's own output goes to the log; shown only when it fails
  "$VENV/bin/python" -m pip install "${PIP_OPTIONS[@]}" "$@" >>"$LOG" 2>&1 \
    || { tail -n 25 "$LOG" >&2; fail "не удалось установить пакеты Python (весь журнал: $LOG)."; }
}
rm -rf "$VENV"
say "создаю окружение Python в $VENV."
PIP_OPTIONS=(--disable-pip-version-check --no-cache-dir)
if [ -n "$VENV_FROM" ]; then
  # The new environment sees the given one's packages after its own (a plain path in a .pth file:
  # that environment's own .pth files, such as an editable Vidimo, are not run), and its pip.
  "$PYTHON" -m venv --without-pip "$VENV"
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  "$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' > "$site/vidimo-base.pth"
  PIP_OPTIONS+=(--no-deps --no-build-isolation --no-index)
else
  "$PYTHON" -m venv "$VENV" || fail "не удалось создать окружение Python: sudo apt install python3-venv"
  if [ -n "$FIND_LINKS" ]; then
    PIP_OPTIONS+=(--no-index --find-links "$FIND_LINKS")
  fi
  pip_install --upgrade pip setuptools wheel
  if [ "$TORCH" = cpu ]; then
    say "ставлю PyTorch для процессора; это несколько минут."
    TORCH_INDEX=()
    [ -n "$FIND_LINKS" ] || TORCH_INDEX=(--index-url https://download.pytorch.org/whl/cpu)
    pip_install "${TORCH_INDEX[@]}" torch torchvision
  else
    say "ставлю PyTorch с поддержкой видеокарты (CUDA); это около 3 ГБ и несколько минут."
    pip_install torch torchvision
  fi
fi

# Build from a copy of the sources, so that nothing is written into the source folder.
BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT
tar -C "$SRC" --exclude=__pycache__ -cf - pyproject.toml README.md LICENSE app models resources | tar -C "$BUILD" -xf -
say "ставлю Видимо и его пакеты Python."
pip_install "$BUILD"
"$VENV/bin/python" -c 'import vidimo.cli, vidimo.shell.autostart' || fail "Видимо установлено с ошибкой: пакет не импортируется."

# -- the command, the icon, the launcher, start at login ------------------------------------------
make_dir "$BIN"
if [ -e "$BIN/vidimo" ] && [ "$(readlink "$BIN/vidimo" || true)" != "$VENV/bin/vidimo" ]; then
  fail "$BIN/vidimo уже есть и это не Видимо из этой установки: переименуйте его и повторите."
fi
ln -sfn "$VENV/bin/vidimo" "$BIN/vidimo"

make_dir "$(dirname "$ICON")"
install -m 644 "$SRC/resources/vidimo.svg" "$ICON"

make_dir "$(dirname "$LAUNCHER")"
exec_line="$BIN/vidimo"
case "$exec_line" in *[[:space:]\"\'\\]*) exec_line="\"${exec_line//\"/\\\"}\"" ;; esac
sed -e "s|@EXEC@|${exec_line//|/\\|}|" -e "s|@ICON@|vidimo|" "$SRC/resources/vidimo.desktop" > "$LAUNCHER"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$LAUNCHER" || fail "ярлык $LAUNCHER не прошёл проверку."
fi

AUTOSTART_FILE="$CONFIG/autostart/vidimo.desktop"
if [ "$AUTOSTART" -eq 1 ]; then
  make_dir "$(dirname "$AUTOSTART_FILE")"
  # The same code as the settings window's «Запускать при входе в систему».
  XDG_CONFIG_HOME="$CONFIG" XDG_DATA_HOME="$DATA" "$VENV/bin/python" -c \
    'from vidimo.shell.autostart import set_enabled; set_enabled(True)'
fi

cp "$SRC/installer/linux/uninstall.sh" "$APP_DIR/uninstall.sh"
chmod 755 "$APP_DIR/uninstall.sh"

{
  echo "# Files and folders installer/linux/install.sh made; $APP_DIR/uninstall.sh removes them."
  echo "file $BIN/vidimo"
  echo "file $ICON"
  echo "file $LAUNCHER"
  echo "file $AUTOSTART_FILE"
  echo "tree $APP_DIR"
  for dir in "${previous_dirs[@]}" "${created_dirs[@]}"; do echo "dir $dir"; done
} | awk '!seen[$0]++' > "$MANIFEST.new"
mv "$MANIFEST.new" "$MANIFEST"

say "установлено."
echo "  Запуск: из меню приложений («Видимо»), командой vidimo$([ "$AUTOSTART" -eq 1 ] && echo ' и само при входе в систему')."
echo "  Проверка: vidimo doctor (скажет, что работает и что нет)."
echo "  Удаление: $APP_DIR/uninstall.sh"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) echo "  Папки $BIN пока нет в PATH: команда vidimo заработает после нового входа в систему;" \
          "до тех пор — $BIN/vidimo." ;;
esac

if [ "$START" -eq 1 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  say "запускаю Видимо."
  nohup "$BIN/vidimo" >/dev/null 2>&1 &
fi
