#!/usr/bin/env bash
# OpenPCC in production mode on one machine (docs/deploy.md): check the settings, migrate, collect
# the static files, then serve with gunicorn and run the background worker beside it. Stopping the
# server stops the worker. Configure it with environment variables (README, docs/deploy.md);
# DJANGO_SECRET_KEY is required, DJANGO_DEBUG is forced off.
#
#   BIND              address:port gunicorn listens on (default 127.0.0.1:8000; the reverse proxy's upstream)
#   WEB_CONCURRENCY   gunicorn worker processes (default: 2 per CPU core, plus 1)
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DJANGO_SECRET_KEY:?DJANGO_SECRET_KEY is not set: see docs/deploy.md}"
export DJANGO_DEBUG=0
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "No .venv here: run scripts/setup.sh requirements.txt first (docs/deploy.md)." >&2
  exit 1
fi

BIND=${BIND:-127.0.0.1:8000}
WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( $(nproc 2>/dev/null || echo 1) * 2 + 1 ))}

"$PY" manage.py check --deploy --fail-level ERROR
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v0

# The worker reads on, first, any archive import a stop cut off (docs/deploy.md, "The background worker").
"$PY" manage.py db_worker --queue-name default &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "OpenPCC (production mode) on http://$BIND/ with $WEB_CONCURRENCY web workers and a background worker."
# Workers are recycled after a thousand requests, which bounds the memory any one can grow to.
.venv/bin/gunicorn openpcc.wsgi:application \
  --bind "$BIND" \
  --workers "$WEB_CONCURRENCY" \
  --timeout 60 \
  --max-requests 1000 --max-requests-jitter 100 \
  --access-logfile - &
server=$!
trap 'kill "$server" "$worker" 2>/dev/null || true' EXIT INT TERM
wait "$server"
