"""OpenPCC settings: one module, driven by environment variables (see README)."""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)
DEVELOPMENT_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")


def weak_secret_key(key: str) -> str:
    """Why ``key`` may not sign a production installation's sessions, or "" when it may."""
    if not key:
        return "DJANGO_SECRET_KEY is not set."
    if key == DEVELOPMENT_KEY or key.startswith("django-insecure") or "change-me" in key.lower():
        return "DJANGO_SECRET_KEY is the development or example key."
    if len(key) < 50 or len(set(key)) < 5:
        return f"DJANGO_SECRET_KEY is too short ({len(key)} characters; at least 50 varied characters are needed)."
    return ""


if not DEBUG and not env_bool("OPENPCC_ALLOW_INSECURE_KEY", False) and (problem := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"{problem} Production mode refuses to start without a strong key: make one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` and keep it secret (docs/deploy.md). "
        "For local development set DJANGO_DEBUG=1 instead."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_KEY

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "openpcc.core",
    "openpcc.bodies",
    "openpcc.plans",
    "openpcc.meetings",
    "openpcc.decisions",
    "openpcc.spending",
    "openpcc.funding",
    "openpcc.boardpapers",
    "openpcc.search",
    "openpcc.documents",
    "openpcc.imports",
    "openpcc.public",
    "openpcc.demo",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

# Background work (text extraction): the database backend and its `db_worker` command by
# default; OPENPCC_TASKS_BACKEND=immediate runs tasks inline (tests, one-off scripts).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("OPENPCC_TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the public page cache, so a page served from it gets the same headers.
    "csp.middleware.CSPMiddleware",
    "openpcc.core.security.SecurityHeadersMiddleware",
    "openpcc.core.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openpcc.core.security.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form's address opened as a link: the 405 in the site's look (openpcc/templates/405.html).
    "openpcc.public.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openpcc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openpcc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openpcc.core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "openpcc.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'openpcc.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("OPENPCC_TEST_DB_NAME"):
    # Lets two test runs share one PostgreSQL server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["OPENPCC_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a background job share the file.
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers queue
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file, not shared-cache memory, so tests with real parallel transactions behave as in production.
    test_name = os.environ.get("OPENPCC_TEST_DB_NAME", "test-openpcc")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"{test_name}.sqlite3")}

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("OPENPCC_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "openpcc" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("OPENPCC_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("OPENPCC_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Stored papers: the folder above, or an S3-compatible bucket (docs/deploy.md). Either way files
# are only ever served through the application, which checks that each is public.
if os.environ.get("OPENPCC_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["OPENPCC_S3_BUCKET"],
            "endpoint_url": os.environ.get("OPENPCC_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("OPENPCC_S3_REGION") or None,
            "location": os.environ.get("OPENPCC_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security (docs/deploy.md) ---------------------------------------------------------------
# Behind a reverse proxy that ends TLS: trust its X-Forwarded-Proto header, so Django knows the
# request was HTTPS (set only when the proxy always sets or overwrites that header).
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's check may come over plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A staff session ends after this long without a request (core.security.SessionIdleMiddleware).
SESSION_COOKIE_AGE = env_int("OPENPCC_SESSION_IDLE_MINUTES", 8 * 60) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


# Content-Security-Policy: nothing inline but the one line in base.html that marks the page as
# having JavaScript (allowed by its hash, checked by core/tests/test_security.py).
def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? "
    "' govuk-frontend-supported' : '');"
)
# In development (DEBUG) only, also the accessibility checker the project installs
# (node_modules/axe-core), which the crawl (../shared/tools/crawl_check.py) adds to each page it
# checks: allowed by the hash of that exact file, so the policy still refuses anything else.
_AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
DEV_SCRIPT_HASHES = [csp_hash(_AXE.read_text())] if DEBUG and _AXE.exists() else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_hash(JS_ENABLED_SCRIPT), *DEV_SCRIPT_HASHES],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page uses, refused for the page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Sign-in throttling (django-axes), per user name and, separately, per address: after
# OPENPCC_LOGIN_FAILURE_LIMIT wrong passwords the sign-in is refused for the cool-off time
# (`manage.py axes_reset_username NAME` or `axes_reset_ip ADDRESS` lifts a lock at once).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("OPENPCC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENPCC_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "openpcc.core.security.client_ip"
AXES_VERBOSE = False
# How many reverse proxies in front of the application append to X-Forwarded-For (0: none, the
# connecting address is the client's). Throttling by address needs this right behind a proxy.
OPENPCC_TRUSTED_PROXIES = env_int("OPENPCC_TRUSTED_PROXIES", 0)

# Anonymous public pages are cached (core.public_cache) for this many seconds at most, and
# dropped at once when a record changes; 0 turns the cache off. Each web server process keeps
# its own pages in memory; the invalidation counter is in the database, so all see a change.
# Off by default under DJANGO_DEBUG, so template edits show at once while developing.
OPENPCC_PUBLIC_CACHE_SECONDS = int(os.environ.get("OPENPCC_PUBLIC_CACHE_SECONDS", "0" if DEBUG else "300"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # pages are stored compressed (a few tens of KB each): this bounds the memory of each process
        "OPTIONS": {"MAX_ENTRIES": env_int("OPENPCC_PUBLIC_CACHE_MAX_ENTRIES", 2000)},
    }
}

# Reading an uploaded paper's text runs in a child process with these limits (documents.sandbox).
OPENPCC_EXTRACTION_SECONDS = env_int("OPENPCC_EXTRACTION_SECONDS", 120)
OPENPCC_EXTRACTION_MEMORY_MB = env_int("OPENPCC_EXTRACTION_MEMORY_MB", 1024)
# An import whose worker has reported nothing for this long has stopped (a restart) and is read on.
OPENPCC_IMPORT_STALLED_SECONDS = env_int("OPENPCC_IMPORT_STALLED_SECONDS", 300)

# Name of the installation shown in the header of pages that do not belong to one body.
OPENPCC_SITE_NAME = os.environ.get("OPENPCC_SITE_NAME", "OpenPCC")

# The site's address, for links in e-mails (sent outside any request), e.g. https://openpcc.example.org
OPENPCC_SITE_URL = os.environ.get("OPENPCC_SITE_URL", "http://localhost:8000")

# E-mail (plan round reminders). Under DJANGO_DEBUG each message is written to a file in var/mail;
# otherwise SMTP from the environment (docs/deploy.md).
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "OpenPCC <noreply@localhost>")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENPCC_LOG_LEVEL", "WARNING")},
}
