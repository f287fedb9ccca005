#!/usr/bin/env bash
# Tools the benchmarks compare against (never needed by the application or its tests).
set -euo pipefail
if ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing poppler-utils (pdftotext) for the extraction benchmark"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftotext is not installed (Debian: poppler-utils); the extraction ratio will be skipped." >&2
  fi
fi
