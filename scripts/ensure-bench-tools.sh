#!/usr/bin/env bash
# Tools the benchmarks compare against (never needed by the application or its tests):
# pdftotext (Debian's poppler-utils) and Datasette, in a virtualenv of its own (.venv-bench)
# so it never mixes with the application's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing poppler-utils (pdftotext) for the extraction benchmark"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftotext is not installed (Debian: poppler-utils); the extraction ratio will be skipped." >&2
  fi
fi
if [ ! -x .venv-bench/bin/datasette ]; then
  echo "==> installing Datasette into .venv-bench for the side-by-side benchmark"
  python3 -m venv .venv-bench
  .venv-bench/bin/python -m pip install --quiet --disable-pip-version-check "datasette>=0.65,<0.66"
fi
# pyarrow, the floor the spending import is measured against (a bare CSV read of the same file):
# into the application's .venv, since the import is measured in process; never a dependency of it.
if ! .venv/bin/python -c "import pyarrow.csv" >/dev/null 2>&1; then
  echo "==> installing pyarrow into .venv for the spending import benchmark"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "pyarrow>=15"
fi
