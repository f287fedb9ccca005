#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser
# here). Install it when it is missing and we are allowed to.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
else
  echo "Chromium is missing: install the 'chromium' package (sudo apt-get install chromium) to run the browser tests." >&2
  exit 1
fi
