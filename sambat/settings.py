"""The one settings module. Everything that differs between machines comes from the environment.

SQLite is the embedded default so a new user needs no server; DATABASE_URL switches to PostgreSQL.
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sambat.lib.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SAMBAT_DEBUG", default=False)
SECRET_KEY = env_str("SAMBAT_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("SAMBAT_PRODUCTION", default=False):
        raise ImproperlyConfigured("SAMBAT_SECRET_KEY must be set in production")
    # Development and demo only; SAMBAT_PRODUCTION=1 refuses to start without a real key.
    SECRET_KEY = "insecure-development-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = env_list("SAMBAT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SAMBAT_CSRF_TRUSTED_ORIGINS", [])
# A stale form explained to people, not Django's page about CSRF verification.
CSRF_FAILURE_VIEW = "sambat.lib.csrf.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sambat.accounts",
    "sambat.agencies",
    "sambat.sla",
    "sambat.routing",
    "sambat.complaints",
    "sambat.notifications",
    "sambat.accountability",
    "sambat.open311",
    "sambat.api",
    "sambat.lapor",
    "ninja",
    "sambat.portal",
    "sambat.staff",
    "sambat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sambat.lib.security.SecurityHeadersMiddleware",
    "sambat.lib.limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sambat.lib.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sambat.lib.throttle.ThrottledMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sambat.urls"
WSGI_APPLICATION = "sambat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sambat" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sambat.accounts.context_processors.staff_role",
                "sambat.portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("SAMBAT_DB_CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
# Persistent connections are checked before reuse, so a database restart costs no failed requests.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the public pages read while a submission writes; busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["sambat.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SAMBAT_TIME_ZONE", "Asia/Jakarta")

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "sambat" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("SAMBAT_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if env_bool("SAMBAT_COMPRESS_STATIC", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads stream to disk beyond this size instead of memory; the hard cap is SAMBAT_MAX_IMAGE_BYTES per file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SAMBAT_MAX_IMAGE_BYTES = env_int("SAMBAT_MAX_IMAGE_BYTES", 10 * 1024 * 1024, minimum=1024)
SAMBAT_MAX_IMAGES = env_int("SAMBAT_MAX_IMAGES", 5, minimum=1)
# Photos are never served straight from MEDIA_ROOT: a view checks the complaint's privacy first.

# --- Cache -----------------------------------------------------------------------------------
# Shared by every process serving the site, so that limits hold across gunicorn workers (sambat/lib/env.py).
# SAMBAT_CACHE_URL, else the deployment's REDIS_URL, else each process's own memory. The test suite always keeps
# its own memory: its parallel processes clear the cache and count limits, and must not see each other do it.
_RUNNING_TESTS = sys.argv[1:2] == ["test"]
CACHES = {"default": cache_from_url("" if _RUNNING_TESTS else env_str("SAMBAT_CACHE_URL", env_str("REDIS_URL", "")))}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("SAMBAT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("SAMBAT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAMBAT_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("SAMBAT_FROM_EMAIL", "sambat@localhost")

# --- Product settings -----------------------------------------------------------------------
SAMBAT_CITY_NAME = env_str("SAMBAT_CITY_NAME", "Kota Malang")
# Map default view (Kota Malang's centre).
SAMBAT_MAP_CENTER = (-7.9797, 112.6304)
# Optional XYZ tile server for the maps (e.g. the city's own). Empty: maps draw the kelurahan boundaries only,
# so nothing is fetched from a third party and the portal works offline.
SAMBAT_MAP_TILE_URL = env_str("SAMBAT_MAP_TILE_URL", "")
SAMBAT_MAP_TILE_ATTRIBUTION = env_str("SAMBAT_MAP_TILE_ATTRIBUTION", "")
SAMBAT_PUBLIC_BASE_URL = env_str("SAMBAT_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Sign-in: failed attempts allowed from one address per window.
SAMBAT_SIGN_IN_ATTEMPTS = env_int("SAMBAT_SIGN_IN_ATTEMPTS", 10, minimum=1)
SAMBAT_SIGN_IN_WINDOW_SECONDS = env_int("SAMBAT_SIGN_IN_WINDOW_SECONDS", 900, minimum=1)
# Unknown tracking codes tried from one address per window before it must wait (guessing codes).
SAMBAT_TRACKING_MISSES = env_int("SAMBAT_TRACKING_MISSES", 30, minimum=1)
SAMBAT_TRACKING_WINDOW_SECONDS = env_int("SAMBAT_TRACKING_WINDOW_SECONDS", 600, minimum=1)
# Request header holding the client's address when behind a reverse proxy (e.g. HTTP_X_REAL_IP); empty: REMOTE_ADDR.
SAMBAT_CLIENT_IP_HEADER = env_str("SAMBAT_CLIENT_IP_HEADER", "")
# Days after resolution during which the citizen may reopen (DESIGN §2).
SAMBAT_REOPEN_DAYS = env_int("SAMBAT_REOPEN_DAYS", 10, minimum=1)

# --- Routing ----------------------------------------------------------------------------------
# Models trained by `manage.py routing_train` land here; the newest is used, else the shipped default model.
ROUTING_MODEL_DIR = Path(env_str("SAMBAT_ROUTING_MODEL_DIR", str(BASE_DIR / "var" / "routing")))
# Auto-assign threshold when neither the city (routing policy) nor the model recommends one.
ROUTING_DEFAULT_THRESHOLD = 0.7

# --- Accountability (Perwal Kota Malang 19/2010; DESIGN §5) ------------------------------------
# Default deadlines in working days (a category may set its own): verify/route, first response, resolution,
# and the quiet period after resolution before a complaint closes by itself.
SAMBAT_SLA_VERIFY_DAYS = env_int("SAMBAT_SLA_VERIFY_DAYS", 3, minimum=1)
SAMBAT_SLA_RESPOND_DAYS = env_int("SAMBAT_SLA_RESPOND_DAYS", 3, minimum=1)
SAMBAT_SLA_RESOLVE_DAYS = env_int("SAMBAT_SLA_RESOLVE_DAYS", 7, minimum=1)
SAMBAT_SLA_AUTOCLOSE_DAYS = env_int("SAMBAT_SLA_AUTOCLOSE_DAYS", 10, minimum=1)
# The ladder: remind the officers this many hours before a deadline; at the deadline warn the head (teguran);
# this many working days past it, escalate to the leaders' queue.
SAMBAT_REMINDER_HOURS = env_int("SAMBAT_REMINDER_HOURS", 24, minimum=1)
SAMBAT_ESCALATE_AFTER_DAYS = env_int("SAMBAT_ESCALATE_AFTER_DAYS", 2, minimum=1)
# Two-monthly evaluation: a department with more than this share (percent) of its complaints late is on the
# period's black-vest list (rompi hitam); the most responsive ones (up to this many) are on the honour list;
# departments with fewer complaints than the minimum are listed but not ranked.
SAMBAT_BLACK_VEST_LATE_PERCENT = env_int("SAMBAT_BLACK_VEST_LATE_PERCENT", 30, minimum=1)
SAMBAT_HONOUR_LIST_SIZE = env_int("SAMBAT_HONOUR_LIST_SIZE", 3, minimum=0)
SAMBAT_EVALUATION_MIN_COMPLAINTS = env_int("SAMBAT_EVALUATION_MIN_COMPLAINTS", 5, minimum=1)

# --- Interoperability: Open311, the REST API for apps, SP4N-LAPOR! ----------------------------
# Hosts an Open311 client's media_url may point at; photos anywhere else are ignored (empty: never fetch).
SAMBAT_OPEN311_MEDIA_HOSTS = env_list("SAMBAT_OPEN311_MEDIA_HOSTS", [])
# REST API: one-time sign-in codes (length, minutes valid, wrong tries allowed) and requests per minute that
# one address may make to the anonymous endpoints.
SAMBAT_API_OTP_LENGTH = env_int("SAMBAT_API_OTP_LENGTH", 6, minimum=4)
SAMBAT_API_OTP_MINUTES = env_int("SAMBAT_API_OTP_MINUTES", 10, minimum=1)
SAMBAT_API_OTP_ATTEMPTS = env_int("SAMBAT_API_OTP_ATTEMPTS", 5, minimum=1)
SAMBAT_API_ANONYMOUS_PER_MINUTE = env_int("SAMBAT_API_ANONYMOUS_PER_MINUTE", 60, minimum=1)
# An app token nobody used for this many days stops working (a lost phone's access lapses by itself); staff
# tokens open complaints' personal data, so they lapse sooner.
SAMBAT_API_TOKEN_IDLE_DAYS = env_int("SAMBAT_API_TOKEN_IDLE_DAYS", 180, minimum=1)
SAMBAT_API_STAFF_TOKEN_IDLE_DAYS = env_int("SAMBAT_API_STAFF_TOKEN_IDLE_DAYS", 30, minimum=1)
# SP4N-LAPOR!: the connector is off until a base URL and token are set.
SAMBAT_LAPOR_BASE_URL = env_str("SAMBAT_LAPOR_BASE_URL", "")
SAMBAT_LAPOR_TOKEN = env_str("SAMBAT_LAPOR_TOKEN", "")
SAMBAT_LAPOR_TIMEOUT_SECONDS = env_int("SAMBAT_LAPOR_TIMEOUT_SECONDS", 10, minimum=1)
# Forward every public complaint to SP4N-LAPOR! when it reaches a department (otherwise verifiers forward by hand).
SAMBAT_LAPOR_FORWARD_ALL = env_bool("SAMBAT_LAPOR_FORWARD_ALL", default=False)

# --- Production hardening (manage.py check --deploy clean with SAMBAT_PRODUCTION=1) ----------
if env_bool("SAMBAT_PRODUCTION", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SAMBAT_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SAMBAT_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusals": {"()": "sambat.lib.log_filters.ExpectedRefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("SAMBAT_LOG_LEVEL", "WARNING")},
    "loggers": {"sambat": {"handlers": ["console"], "level": env_str("SAMBAT_LOG_LEVEL", "INFO"), "propagate": False}},
}

# Periodic jobs under Celery beat, for deployments that run a worker (plain values; Celery is not imported here).
from sambat.celery_settings import *  # noqa: E402, F403
