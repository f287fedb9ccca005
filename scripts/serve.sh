#!/usr/bin/env bash
# Serve OpenPCC for the demo: the background task worker (text extraction) and the web
# server together; stopping the server stops the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
export DJANGO_DEBUG=1
.venv/bin/python manage.py db_worker --queue-name default >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (log: var/worker.log)."
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
