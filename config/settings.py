"""Sangua settings: one module, driven by environment variables with safe development defaults.

Environment variables (all optional):
- ``SANGUA_SECRET_KEY``   secret key; absent, a random one is made once and kept in ``var/secret_key``.
- ``SANGUA_DEBUG``        ``1`` for debug pages (default ``0``).
- ``SANGUA_ALLOWED_HOSTS`` comma-separated host names (default ``127.0.0.1,localhost``).
- ``DATABASE_URL``        e.g. ``postgres://postgres@127.0.0.1:5432/sangua``; absent means SQLite
                          in ``var/sangua.sqlite3`` (WAL mode).
- ``REDIS_URL``           huey's queue in Redis instead of SQLite.
- ``SANGUA_VAR_DIR``      where SQLite, huey's queue, uploads and backups live (default ``var/``).
- ``SANGUA_REPORT_DUE_DAY`` day of the next month a monthly report is due (default 5).
- ``SANGUA_EMAIL_*``      mail settings (HOST, PORT, USER, PASSWORD, USE_TLS, FROM).
- ``SANGUA_WEBHOOK_URL``  outgoing webhook for notifications (DingTalk/WeCom robot style).
- ``SANGUA_HTTPS``        ``1`` when served over HTTPS: secure cookies and HSTS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SANGUA_DEBUG", False)
VAR_DIR = Path(os.environ.get("SANGUA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SANGUA_SECRET_KEY, or a random key kept in var/ (never in the repository)."""
    if os.environ.get("SANGUA_SECRET_KEY"):
        return os.environ["SANGUA_SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SANGUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
NODE_MODULES = BASE_DIR / "node_modules"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "sangua.core",
    "sangua.orgs",
    "sangua.projects",
    "sangua.progress",
    "sangua.planning",
    "sangua.boards",
    "sangua.accountability",
    "sangua.demo",
    "sangua.api",
    "sangua.supervision",
    "sangua.notify",
    "sangua.audit",
    "sangua.security",
    "sangua.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sangua.security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sangua.audit.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sangua.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "sangua.sqlite3"),
            "OPTIONS": {
                # WAL lets the wall and the API read while a reporter writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

# --- Auth ---------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SANGUA_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if env_bool("SANGUA_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: our own and the npm assets (never a CDN) ------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/noto-sans-sc", NODE_MODULES / "@fontsource" / "noto-sans-sc"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Background jobs (huey): SQLite by default, Redis when REDIS_URL is set ---------------
if os.environ.get("REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "sangua",
        "url": os.environ["REDIS_URL"],
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sangua",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
if env_bool("SANGUA_HUEY_IMMEDIATE"):
    HUEY["immediate"] = True

# --- Mail and webhooks --------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "SANGUA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("SANGUA_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("SANGUA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SANGUA_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("SANGUA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SANGUA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SANGUA_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("SANGUA_EMAIL_FROM", "sangua@localhost")
SANGUA_WEBHOOK_URL = os.environ.get("SANGUA_WEBHOOK_URL", "")

# --- Sangua -------------------------------------------------------------------------------
SANGUA_REPORT_DUE_DAY = int(os.environ.get("SANGUA_REPORT_DUE_DAY", 5))
SANGUA_WALL_REFRESH_SECONDS = int(os.environ.get("SANGUA_WALL_REFRESH_SECONDS", 300))
# Sign-in lockout: this many failures for one user name from one address within the window
# lock that name from that address for the lockout time.
SANGUA_LOGIN_MAX_FAILURES = int(os.environ.get("SANGUA_LOGIN_MAX_FAILURES", 5))
SANGUA_LOGIN_WINDOW_SECONDS = int(os.environ.get("SANGUA_LOGIN_WINDOW_SECONDS", 15 * 60))
SANGUA_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("SANGUA_LOGIN_LOCKOUT_SECONDS", 15 * 60))
# Excel imports of more data rows than this run in the background with a progress bar.
SANGUA_IMPORT_INLINE_ROWS = int(os.environ.get("SANGUA_IMPORT_INLINE_ROWS", 2000))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SANGUA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
