#!/usr/bin/env bash
# Installs the Debian programs tests drive: what the workbook tests open reports with (docs/reports.md, "Checking a
# workbook without Excel": LibreOffice Calc headless (soffice), Debian's python3-openpyxl (run with /usr/bin/python3),
# poppler-utils (pdftoppm, for looking at a page)) and the Chromium the dashboard's browser tests drive through
# Playwright (docs/dashboard.md; Playwright cannot download a browser here). Does nothing when all three are present; otherwise installs them with apt-get
# (as root, or through sudo) and fails loudly when it cannot, so a test never skips them in silence.
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || missing+=(python3-openpyxl)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-test-tools: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt=(sudo apt-get)
else
  echo "install-test-tools: cannot install ${missing[*]}: not root and no sudo. Install them with apt-get." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

command -v soffice >/dev/null 2>&1 || { echo "install-test-tools: soffice still missing after install" >&2; exit 1; }
/usr/bin/python3 -c 'import openpyxl' || { echo "install-test-tools: openpyxl still missing after install" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "install-test-tools: pdftoppm still missing after install" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "install-test-tools: /usr/bin/chromium still missing after install" >&2; exit 1; }
