"""WSGI entry point for OpenPCC (gunicorn openpcc.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
application = get_wsgi_application()
