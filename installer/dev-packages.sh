#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that the real-desktop generator (tools/screens) and the
# tests built on it need, beyond installer/system-packages.sh: a window manager, a task bar,
# real applications with Russian text, themes, fonts and the accessibility stack that labels them.
# Runs apt-get as root, or through sudo when that works without a password; otherwise prints
# the command for the user to run.
set -euo pipefail

PACKAGES=(
  # the desktop: window manager, task bar, wallpaper, a virtual screen and tools to wait for it
  openbox tint2 feh xvfb x11-utils xdotool wmctrl
  # real applications shown on generated screens
  zenity mousepad pcmanfm xterm chromium chromium-l10n
  # themes, icons and fonts (Cyrillic), light and dark
  gnome-themes-extra adwaita-icon-theme fonts-dejavu fonts-liberation
  # the D-Bus session and the accessibility tree that labels every control
  dbus-x11 at-spi2-core libatk-adaptor libgail-common python3-pyatspi
  # the Russian locale is built from these sources with localedef (no system locale is changed)
  locales
  # text recognition for the baseline of tools/evaluate_screens.py
  tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng
  # the app's end-to-end tests: a tray host, a sound card paced to real time, sound tools, test fonts
  trayer pv sox fonts-dejavu-core
  # the installer's test checks the launcher and autostart entries
  desktop-file-utils
  # the elements list's end-to-end tests switch keyboard layouts (setxkbmap) so xdotool types Cyrillic
  x11-xkb-utils
)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Видимо: apt-get не найден. Установите вручную: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "Видимо: для тестов с настоящим рабочим столом нужны пакеты. Выполните:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
