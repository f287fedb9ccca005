#!/usr/bin/env bash
# Set up everything OpenPCC needs on a fresh machine: a Python virtualenv with the
# pinned packages, the npm packages and the compiled front end. Safe to run again:
# each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
REQS=${1:-requirements-dev.txt}

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.setup-$(cat requirements.txt "$REQS" | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "==> installing Python packages from $REQS"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQS"
  rm -f .venv/.setup-* && touch "$stamp"
fi
# WeasyPrint (PDF board papers) needs Pango from the system
scripts/ensure-weasyprint.sh

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to build the front end (GOV.UK Frontend). Install Node.js 18 or newer." >&2
  exit 1
fi
npm_stamp="node_modules/.setup-$(cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-12)"
if [ ! -f "$npm_stamp" ]; then
  echo "==> installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
css="openpcc/static/build/openpcc.css"
if [ ! -f "$css" ] || [ -n "$(find frontend -newer "$css" -type f | head -1)" ]; then
  echo "==> building the front end"
  npm run --silent build
fi
