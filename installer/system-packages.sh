#!/usr/bin/env bash
# Installs the system packages Vidimo needs at run time on Debian/Ubuntu: those listed in
# installer/linux/runtime-packages.txt (OCR, offline voices, sound, Qt's libraries), and RHVoice.
# Packages that only the tests need are in installer/dev-packages.sh.
#
# Runs apt-get as root, or through sudo when that works without a password. With --ask (the user
# installer, installer/linux/install.sh) it says why administrator rights are needed and lets sudo
# ask for the password; otherwise it prints the command for the user to run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ASK=0
[ "${1:-}" = "--ask" ] && ASK=1

mapfile -t PACKAGES < <(sed -e 's/#.*//' "$HERE/linux/runtime-packages.txt" | tr -s ' \t' '\n' | sed '/^$/d')
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
elif [ "$ASK" -eq 1 ] && command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  echo "Видимо: нужно установить системные пакеты: ${missing[*]}."
  echo "Это программы распознавания текста, голоса и библиотеки звука и окон. Ставить их может только"
  echo "администратор, поэтому sudo сейчас спросит ваш пароль."
  SUDO=(sudo)
else
  echo "Видимо: нужны системные пакеты. Выполните:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  echo "(RHVoice в Debian — в разделе non-free.) Затем повторите команду." >&2
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
