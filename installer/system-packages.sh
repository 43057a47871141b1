#!/usr/bin/env bash
# Installs the system packages Vidimo needs on Debian/Ubuntu: OCR, offline voices, audio,
# and what Qt and the end-to-end tests need. Runs apt-get as root, or through sudo when
# that works without a password; otherwise prints the command for the user to run.
set -euo pipefail

PACKAGES=(
  # text recognition
  tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng
  # offline voices and audio
  espeak-ng libportaudio2 libsndfile1 alsa-utils sox
  # Qt (PySide6) on X11, and a virtual screen, tray host and key sender for tests
  libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libdbus-1-3
  xvfb xdotool trayer x11-utils pv
  # fonts with Cyrillic for rendered test screens
  fonts-dejavu-core
)
# RHVoice lives in Debian's non-free section (Ubuntu: universe).
RHVOICE_PACKAGES=(librhvoice5 rhvoice-russian)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Видимо: apt-get не найден. Установите вручную: ${PACKAGES[*]} ${RHVOICE_PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}" "${RHVOICE_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "Видимо: нужны системные пакеты. Выполните:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  echo "(RHVoice в Debian — в разделе non-free.) Затем повторите команду make." >&2
  exit 1
fi

. /etc/os-release
if [ "${ID:-}" = "debian" ] && [ -n "${VERSION_CODENAME:-}" ] \
   && ! apt-cache policy librhvoice5 2>/dev/null | grep -q "Candidate: [0-9]"; then
  # Enable only the non-free component of the same release, in a file of our own.
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$VERSION_CODENAME" | "${SUDO[@]}" tee /etc/apt/sources.list.d/vidimo-non-free.sources >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${RHVOICE_PACKAGES[@]}"; then
  echo "Видимо: RHVoice установить не удалось; будет использоваться espeak-ng." >&2
fi
