#!/usr/bin/env bash
# Install the Debian packages the workbench needs, when they are missing.
# Each argument names one need:
#   fonts   - a Japanese font for dashboards, reports and charts (fonts-noto-cjk)
#   browser - Chromium for the dashboard tests (chromium)
#   pdf     - pdftotext and pdftoppm for reading PDFs back in tests (poppler-utils)
# Each check is cheap, so a second run installs nothing.
set -euo pipefail

need=()
for need_name in "$@"; do
  case "$need_name" in
    fonts)   [ -n "$(fc-list :lang=ja 2>/dev/null)" ] || need+=(fonts-noto-cjk fontconfig) ;;
    browser) command -v chromium >/dev/null 2>&1 || need+=(chromium) ;;
    pdf)     command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils) ;;
    *) echo "ensure-os-packages: 不明な指定「$need_name」です（fonts, browser, pdf のいずれか）。" >&2; exit 2 ;;
  esac
done

[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "必要な OS パッケージ ${need[*]} がありません。この OS のパッケージ管理で導入してください。" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "OS パッケージ ${need[*]} の導入には管理者権限が必要です。管理者に導入を依頼してください。" >&2
    exit 1
  fi
fi

echo "OS パッケージを導入します: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
