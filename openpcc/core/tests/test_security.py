"""Production security (issue 11): the secret key, TLS settings, headers, the Content-Security-Policy,
staff pages kept out of caches, idle sessions, sign-in throttling, and the demo's accounts."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from openpcc.core.models import Body, User
from openpcc.demo.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db
ROOT = django_settings.BASE_DIR


def _django(env: dict[str, str], code: str = "", *args: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh process with only ``env`` as its OpenPCC configuration."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OPENPCC_"))}
    clean.update({"DATABASE_URL": "sqlite:///:memory:", **env})
    command = [sys.executable, "manage.py", *args] if args else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


SETUP = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'openpcc.settings'); django.setup()"


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "is not set"),
        ("too-short-key", "too short"),
        ("insecure-development-key-do-not-use-in-production", "development or example key"),
        ("django-insecure-" + "x1y2" * 12, "development or example key"),
        ("a" * 60, "too short"),  # long, but five different characters at the least
    ],
)
def test_production_refuses_a_weak_secret_key(key, why):
    result = _django({"DJANGO_SECRET_KEY": key}, SETUP)
    assert result.returncode != 0
    assert why in result.stderr and "secrets.token_urlsafe" in result.stderr


def test_production_starts_with_a_strong_key():
    result = _django({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}, SETUP + "; print('started')")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_is_clean_with_the_documented_tls_settings():
    """W004 (HSTS) and W008 (SSL redirect) are settings an office can turn on."""
    key = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    bare = _django(key, "", "check", "--deploy")
    assert "security.W004" in bare.stderr and "security.W008" in bare.stderr
    tls = {
        **key,
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "DJANGO_SECURE_HSTS_PRELOAD": "1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
    }
    clean = _django(tls, "", "check", "--deploy", "--fail-level", "WARNING")
    assert clean.returncode == 0, clean.stderr
    assert "no issues" in clean.stdout
    shown = _django(tls, SETUP + "; from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)")
    assert "HTTP_X_FORWARDED_PROTO" in shown.stdout


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, world):
    response = client.get(reverse("plans:plan", args=[world.body.slug]))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self' 'sha256-" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    # the one inline script on the page is exactly the one the policy's hash allows
    html = response.content.decode()
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "<style" not in html and " style=" not in html  # the brand colour comes as a stylesheet
    brand = client.get(reverse("public:brand_css", args=[world.body.brand_colour[1:]]))
    assert brand.status_code == 200 and world.body.brand_colour in brand.content.decode()
    assert response["Permissions-Policy"].startswith("accelerometer=()")
    assert "camera=()" in response["Permissions-Policy"]


def test_only_development_lets_the_crawl_add_its_accessibility_checker():
    """Under DEBUG (make run) the policy also allows the one script the crawl adds, axe-core, by
    the hash of the project's own copy; production allows no script but its own."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(axe.read_bytes()).digest()).decode() + "'"
    show = SETUP + "; from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    development = _django({"DJANGO_DEBUG": "1"}, show)
    production = _django({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}, show)
    assert development.returncode == 0 and production.returncode == 0, development.stderr + production.stderr
    assert digest in development.stdout
    assert digest not in production.stdout and production.stdout.count("sha256-") == 1


def test_staff_pages_and_signed_in_pages_are_never_stored(client, world):
    public = client.get(reverse("decisions:list", args=[world.body.slug]))
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(world.editor)
    for url in (
        reverse("staff:dashboard"),
        reverse("decisions_staff:index", args=[world.body.slug]),
        reverse("decisions:list", args=[world.body.slug]),
    ):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_a_session_ends_after_the_idle_time_and_lasts_while_used(client, world, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60  # the default: a working day
    dashboard = reverse("staff:dashboard")
    with time_machine.travel(django_settings_now(), tick=False) as clock:
        client.force_login(world.editor)
        assert client.get(dashboard).status_code == 200
        clock.shift(timedelta(hours=7))
        assert client.get(dashboard).status_code == 200  # used: the idle time starts again
        clock.shift(timedelta(hours=7))
        assert client.get(dashboard).status_code == 200
        clock.shift(timedelta(hours=8, minutes=1))
        response = client.get(dashboard)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def django_settings_now():
    from django.utils import timezone

    return timezone.now()


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    from axes.utils import reset

    reset()
    yield settings
    reset()


def _sign_in(client, username: str, password: str, url: str = "", address: str = "198.51.100.7"):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_the_account_even_for_the_right_one(client, world, throttled):
    for _ in range(4):
        assert _sign_in(client, "editor", "wrong-password").status_code == 200
    assert _sign_in(client, "editor", "wrong-password").status_code == 429  # the fifth locks
    locked = _sign_in(client, "editor", "test-password-123", address="203.0.113.9")  # another address too
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Sign-in is paused" in text and "15 minutes" in text and "editor" in text
    assert "_auth_user_id" not in client.session
    out = StringIO()
    call_command("axes_reset_username", "editor", stdout=out)
    assert _sign_in(client, "editor", "test-password-123").status_code == 302  # lifted by the command


def test_one_address_trying_many_names_is_locked(client, world, throttled):
    for n in range(5):
        _sign_in(client, f"guess{n}", "wrong-password", address="192.0.2.44")
    assert _sign_in(client, "approver", "test-password-123", address="192.0.2.44").status_code == 429
    assert _sign_in(client, "approver", "test-password-123", address="192.0.2.45").status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, world, throttled):
    url = reverse("admin:login")
    for _ in range(5):
        _sign_in(client, "editor", "wrong-password", url=url)
    assert _sign_in(client, "editor", "test-password-123", url=url).status_code == 429


def test_throttling_reads_the_address_a_trusted_proxy_saw(rf, settings):
    from openpcc.core.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    settings.OPENPCC_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.OPENPCC_TRUSTED_PROXIES = 1
    assert client_ip(request) == "198.51.100.7"  # the client's own "6.6.6.6" is not believed


def test_the_demo_refuses_a_production_installation(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as exc:
        call_command("load_demo")
    assert "--allow-production" in str(exc.value)
    assert not Body.objects.exists() and not User.objects.exists()


def test_the_demo_in_production_gets_random_passwords_printed_once(settings, client):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", "--allow-production", stdout=out)
    text = out.getvalue()
    passwords = dict(re.findall(r"^  (\S+)\s.*password: (\S+)$", text, re.M))
    assert set(passwords) == {u[0] for u in DEMO_USERS} and len(set(passwords.values())) == len(DEMO_USERS)
    assert DEMO_PASSWORD not in text
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        assert user.check_password(password) and not user.check_password(DEMO_PASSWORD)
    again = StringIO()
    call_command("load_demo", "--allow-production", stdout=again)
    assert "already loaded" in again.getvalue() and not any(p in again.getvalue() for p in passwords.values())
