"""Django settings of the municipality register, from the environment.

BERAAD_DATABASE_URL   postgresql://user:password@host:5432/name (required)
BERAAD_SECRET_KEY     signs sessions and CSRF tokens; without it a key is made once and
                      kept in BERAAD_SERVER_DIR/secret-key (0600)
BERAAD_SERVER_DIR     where the server keeps its key and log (default ~/.local/share/beraad-server)
BERAAD_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1)
BERAAD_BASE_URL       how people reach the pages, for links in mail (default http://localhost:8400)
BERAAD_HTTPS          "1" behind a TLS proxy: secure cookies, HSTS
BERAAD_SMTP_HOST/PORT/USER/PASSWORD, BERAAD_SMTP_TLS, BERAAD_MAIL_FROM
BERAAD_RETENTION_YEARS  years a closed knelpunt is kept (Archiefwet; default 10)
BERAAD_API_RATE, BERAAD_PAIRING_RATE  requests per minute per token (600), pairings per address (10)
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from beraad.files import PRIVATE_FILE, private_dir
from beraad.server.dburl import database_from_url


def server_dir() -> Path:
    given = os.environ.get("BERAAD_SERVER_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "beraad-server"


def _secret_key() -> str:
    given = os.environ.get("BERAAD_SECRET_KEY")
    if given:
        return given
    if "mypy" in sys.modules:  # django-stubs reads these settings to type-check; it needs no key
        return "type-checking"
    path = server_dir() / "secret-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        private_dir(path.parent)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key)
        return key


HERE = Path(__file__).parent
DEBUG = False
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("BERAAD_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
BASE_URL = os.environ.get("BERAAD_BASE_URL", "http://localhost:8400").rstrip("/")

DATABASES = {"default": database_from_url(os.environ.get("BERAAD_DATABASE_URL", "postgresql://localhost/beraad"))}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "beraad.server.apps.RegisterConfig",
]
MIDDLEWARE = [
    "beraad.server.middleware.SecurityHeaders",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the admin's CSS and scripts, from the installed package
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "beraad.server.middleware.DutchErrors",
]
ROOT_URLCONF = "beraad.server.urls"
WSGI_APPLICATION = "beraad.server.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beraad.server.pages.context",
            ]
        },
    }
]
# Django's rules, with messages in Dutch (beraad/server/passwords.py)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "beraad.server.passwords.NotLikeTheAccount"},
    {"NAME": "beraad.server.passwords.MinimumLength", "OPTIONS": {"min_length": 12}},
    {"NAME": "beraad.server.passwords.NotCommon"},
    {"NAME": "beraad.server.passwords.NotOnlyDigits"},
]
# The e-mail address in any case; no sign-in for an account locked at an address (logins.py)
AUTHENTICATION_BACKENDS = ["beraad.server.logins.EmailBackend"]
LOGIN_FAILURE_LIMIT = int(os.environ.get("BERAAD_LOGIN_LIMIT", "5"))  # failed sign-ins per account and address …
LOGIN_FAILURE_MINUTES = int(os.environ.get("BERAAD_LOGIN_MINUTES", "15"))  # … within this many minutes
if os.environ.get("BERAAD_TEST_FAST_HASH") == "1":  # the test suite only: thousands of logins in seconds
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True  # no collectstatic step: the files come from the installed packages
WHITENOISE_AUTOREFRESH = False
LOGIN_URL = "/inloggen/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/inloggen/"
CSRF_FAILURE_VIEW = "beraad.server.pages.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_PROXY = os.environ.get("BERAAD_HTTPS") == "1"  # requests come from the TLS proxy (X-Real-IP says who asked)
if BEHIND_PROXY:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    CSRF_TRUSTED_ORIGINS = [BASE_URL]

# Size limits: a push of 500 events is far below 2 MB; anything larger is refused (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "beraad"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("BERAAD_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BERAAD_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("BERAAD_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BERAAD_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("BERAAD_SMTP_TLS") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("BERAAD_MAIL_FROM", "knelpunten@localhost")

RETENTION_YEARS = int(os.environ.get("BERAAD_RETENTION_YEARS", "10"))
API_RATE_PER_MINUTE = int(os.environ.get("BERAAD_API_RATE", "600"))  # per team token
PAIRING_RATE_PER_MINUTE = int(os.environ.get("BERAAD_PAIRING_RATE", "10"))  # per address: codes cannot be guessed

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"beraad.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}
