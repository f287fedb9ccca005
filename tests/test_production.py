"""Production mode works (issue 11): the static files collect into the hashed, compressed
manifest and every kind of page renders with DEBUG off. (CI also starts the real thing with
scripts/check_production.py: gunicorn, the worker, and a crawl as the public.)"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

PAGES = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
call_command("load_demo", "--allow-production", "--quiet")
client = Client()
for path in ("/", "/cambridgeshire-pcc/", "/cambridgeshire-pcc/plan/", "/cambridgeshire-panel/meetings/",
             "/cambridgeshire-pcc/decisions/", "/search/?q=victims", "/accounts/login/", "/no-such-page/"):
    r = client.get(path)
    html = r.content.decode()
    print(path, r.status_code, "hashed-css" if "/static/build/openpcc." in html and ".css" in html else "no-css")
"""


def test_static_files_collect_and_pages_render_with_debug_off(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OPENPCC_"))},
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "OPENPCC_STATIC_ROOT": str(tmp_path / "static"),
        "OPENPCC_MEDIA_ROOT": str(tmp_path / "media"),
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "build/openpcc.css" in manifest and "openpcc/init.js" in manifest
    assert list((tmp_path / "static" / "build").glob("openpcc.*.css.gz"))  # compressed for WhiteNoise
    pages = subprocess.run(
        [sys.executable, "-c", PAGES], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert pages.returncode == 0, pages.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in pages.stdout.strip().splitlines())
    assert lines.pop("/no-such-page/").startswith("404 hashed-css")  # the styled page
    assert all(outcome == "200 hashed-css" for outcome in lines.values()), lines
