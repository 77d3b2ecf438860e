"""Settings for lamtheo: one module, every value read from the environment with a safe default.

Safe defaults: SQLite next to the project, DEBUG off. With DEBUG off a SECRET_KEY must be given.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_MIN_LENGTH = 32
if not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        ("SECRET_KEY is too short" if SECRET_KEY else "SECRET_KEY is not set")
        + f": set SECRET_KEY to a random string of at least {SECRET_KEY_MIN_LENGTH} characters, e.g. "
        "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 for development"
    )
SECRET_KEY = SECRET_KEY or "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lamtheo.accounts",
    "lamtheo.units",
    "lamtheo.people",
    "lamtheo.audit",
    "lamtheo.imports",
    "lamtheo.demo",
    "lamtheo.documents",
    "lamtheo.topics",
    "lamtheo.conduct",
    "lamtheo.pledges",
    "lamtheo.study",
    "lamtheo.meetings",
    "lamtheo.initiatives",
    "lamtheo.exemplars",
    "lamtheo.emulation",
    "lamtheo.modelcells",
    "lamtheo.notifications",
    "lamtheo.indicators",
    "lamtheo.dashboard",
    "lamtheo.reports",
    "lamtheo.server",
    "rules.apps.AutodiscoverRulesConfig",  # imports every app's rules.py (lamtheo.accounts.rules)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lamtheo.server.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lamtheo.accounts.sessions.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lamtheo.urls"
WSGI_APPLICATION = "lamtheo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lamtheo.accounts.context_processors.session_timeout",
                "lamtheo.context_processors.navigation",
                "lamtheo.notifications.context_processors.unread",
            ],
            "builtins": ["lamtheo.lib.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background import write while pages keep reading.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the figures' grouped queries over a province are estimated costly enough for PostgreSQL to compile
    # them, which takes longer (16 ms to 0,8 s) than running them; an interactive application gains nothing from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Without Redis, the cache is files in CACHE_DIR: shared by every process of the host (the web processes, the
# worker), as the figures' generations (indicators/freshness.py) and the imports' progress must be; a cache per
# process would let one process serve figures another's write made stale. Not the database cache: a figure's
# generation is changed inside the writer's transaction, and a row per app would be the row every writer waits on.
CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / "cache"))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR),
            # Past this many entries a third is dropped at random: a figure dropped is recomputed, a generation
            # dropped is a new one (freshness.generations), never a stale figure.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    ),
    # The figures' generations, which every write changes (indicators/freshness.py), apart from the figures: the
    # file cache lists its whole directory on every write to decide whether to cull it (11 ms per write among
    # 3.000 cached figures, twice per action), a directory of a few generations costs nothing.
    "generations": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "generations"),
        }
    ),
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lamtheo.accounts.backends.IdentifierBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Indicator figures are cached until the next write to the records they count (indicators/freshness.py).
INDICATORS_CACHE_SECONDS = env_int("INDICATORS_CACHE_SECONDS", 600)
# How many of the figures' grouped queries run side by side, each on its own connection (1: one after the other).
INDICATORS_QUERY_THREADS = env_int("INDICATORS_QUERY_THREADS", 3)

# Mail for notifications (reminders of meetings, assignments, registrations). The console backend prints them.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lamtheo <khong-tra-loi@localhost>")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")  # the base of links in mails; empty: paths only

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins: after AXES_FAILURE_LIMIT failures for one account from one address, or AXES_ADDRESS_FAILURE_LIMIT
# failures from one address whatever the accounts (an office behind one NAT address shares it: higher), wait
# AXES_COOLOFF_MINUTES (lamtheo.accounts.lockout).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "lamtheo.accounts.lockout.AccountAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "lamtheo.accounts.lockout.client_address"  # the client's, behind the reverse proxy
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of one account (phone with +84, email, upper case) shares one failure count.
AXES_USERNAME_CALLABLE = "lamtheo.accounts.backends.lockout_username"

# Idle sessions end after SESSION_IDLE_MINUTES; the page warns SESSION_WARNING_MINUTES before.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_WARNING_MINUTES = env_int("SESSION_WARNING_MINUTES", 2)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Activity refreshes the expiry, with one write a minute at most (lamtheo.accounts.sessions), not one a request.
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, pictures and fonts from this site only; no inline script,
# event handler or style attribute (the templates use data attributes read by static/js/lamtheo.js), no plugin,
# no framing, forms posted here only. A script injected into a page through a name or a text does not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
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
# HTTPS: the reverse proxy ends TLS and says so in X-Forwarded-Proto (deploy/nginx.conf), which gunicorn trusts from
# WEB_FORWARDED_ALLOW_IPS (or Django, with SECURE_PROXY_SSL_HEADER=1, from anyone); plain HTTP is redirected
# (but /health/, for a probe on the loopback), and browsers are told to use HTTPS only (HSTS) for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SESSION_COOKIE_SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Asking browsers to preload HTTPS for a whole domain (dcs.vn) is its owner's decision, not this application's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):  # `lamtheo serve` trusts the proxy's header itself
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# Uploads: imports larger than this are refused before they are read.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 50)
# A request body declared larger than UPLOAD_MAX_MB (and its form) is refused before it is read
# (lamtheo.server.middleware); a form without files is held in memory up to DATA_UPLOAD_MAX_MEMORY_SIZE, an upload
# up to FILE_UPLOAD_MAX_MEMORY_SIZE and on disk past it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Rows read from one imported file at most: past it the file is refused, with a message that says to split it.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
# An .xlsx keeps its texts in one table (xl/sharedStrings.xml) that is read whole, even when the rows are streamed.
IMPORT_MAX_TEXT_MB = env_int("IMPORT_MAX_TEXT_MB", 256)
# A unit's code of conduct this similar (%) to its template is flagged as copied word for word.
CONDUCT_COPY_THRESHOLD = env_int("CONDUCT_COPY_THRESHOLD", 90)

# Background jobs (imports, report files, mails, the daily reminders) are tasks of django-tasks, the backport of
# Django 6's django.tasks: rows in the database that `lamtheo worker` runs one after the other. The tests run them
# on the spot (TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker's address space is capped (MB; 0: no cap) so that a file crafted to swell while it is read ends its
# job with a clear message instead of the server's memory.
WORKER_MEMORY_LIMIT_MB = env_int("WORKER_MEMORY_LIMIT_MB", 2048)
# `lamtheo serve` (gunicorn): where it listens, 2 processes × 4 threads for a 2-core server, the longest request.
WEB_BIND = os.environ.get("WEB_BIND", "127.0.0.1:8000")
WEB_WORKERS = env_int("WEB_WORKERS", 2)
WEB_THREADS = env_int("WEB_THREADS", 4)
WEB_TIMEOUT = env_int("WEB_TIMEOUT", 120)
# An idle connection is kept longer than the reverse proxy keeps its own (nginx: 60 s), so that the proxy always
# closes it first: gunicorn's default (2 s) closes it as the next request arrives, which the client sees as a reset.
WEB_KEEPALIVE = env_int("WEB_KEEPALIVE", 65)
WEB_FORWARDED_ALLOW_IPS = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")  # the reverse proxy
# /health/ fails when a job has waited longer than this for the worker (none runs), or the disk is this full.
HEALTH_QUEUE_MAX_WAIT_MINUTES = env_int("HEALTH_QUEUE_MAX_WAIT_MINUTES", 10)
HEALTH_DISK_MIN_FREE_MB = env_int("HEALTH_DISK_MIN_FREE_MB", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
