#!/usr/bin/env bash
# Board papers are made into PDF by WeasyPrint, which needs Pango (and a font), and HarfBuzz's
# subsetter (without it fontTools subsets the embedded fonts, several times slower). Install them
# when they are missing and we are allowed to; otherwise say what to install.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" \
  && ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Pango for the PDF board papers (WeasyPrint)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null
else
  echo "Pango is missing: install 'libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0' (sudo apt-get install ...) to make PDF board papers." >&2
  exit 1
fi
