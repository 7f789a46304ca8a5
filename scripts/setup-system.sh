#!/usr/bin/env bash
# Installs the Debian packages the project needs (fonts for the samples, Tesseract for the OCR benchmark,
# poppler for looking at PDFs). Idempotent and quick when everything is there already.
set -euo pipefail
packages=(
  fonts-noto-cjk fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming
  tesseract-ocr tesseract-ocr-chi-sim poppler-utils
  chromium libreoffice-writer-nogui
  postgresql
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
