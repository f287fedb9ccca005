#!/usr/bin/env bash
# The board-paper tests open every generated Word document in LibreOffice (a headless conversion)
# and read the generated PDFs back with pdftotext, to prove they open outside our own code. Install
# Debian's LibreOffice Writer without its GUI (the smallest package with `soffice --headless
# --convert-to`) and poppler-utils when missing and we are allowed to; otherwise say what to install.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing ${missing[*]} for the board-paper tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing for the board-paper tests: install ${missing[*]} (sudo apt-get install --no-install-recommends ${missing[*]})." >&2
  exit 1
fi
