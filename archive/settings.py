"""Plenum settings, read from the environment with safe local defaults.

PLENUM_ENV         "production" for a public server: SECRET_KEY and ALLOWED_HOSTS are then required,
                   DEBUG must be off, and HTTPS settings default to on (see docs/deploy.md)
DATABASE_URL       database (default: SQLite file var/plenum.sqlite3; postgres://... for PostgreSQL)
CONN_MAX_AGE       seconds a database connection is kept open (default: 60)
PLENUM_VAR_DIR     folder for the SQLite database, the page cache and the local key (default: var/)
SECRET_KEY         signing key (default outside production: a key created once in var/secret_key and kept)
DEBUG              "1"/"true" to show debugging pages (default: off)
ALLOWED_HOSTS      comma-separated host names (default outside production: 127.0.0.1,localhost,[::1])
PAGE_CACHE_SECONDS how long rendered reading pages are kept (default: 86400; 0 turns the cache off)
PAGE_CACHE_URL     where pages are kept: empty for files in PLENUM_VAR_DIR, redis://host:port/db to
                   share them between servers (archive/topology.py)
DATABASE_REPLICA_URL a PostgreSQL hot standby for anonymous readers' queries (archive/dbrouter.py), with
                   REPLICA_LAG_SECONDS (10) and REPLICA_RETRY_SECONDS (5)
DATABASE_PREPARED_STATEMENTS "0"/"off" behind a pooler that shares PostgreSQL connections between transactions
                   (default: on; archive/topology.py)
OAI_ADMIN_EMAIL    the address OAI-PMH's Identify gives (default: curators@localhost.localdomain)
HTTPS behind a proxy (defaults: on in production, off otherwise): SSL_REDIRECT, HSTS_SECONDS
(31536000), HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD, SECURE_COOKIES; PROXY_SSL_HEADER (the header
the proxy sets to "https", e.g. X-Forwarded-Proto), CLIENT_IP_HEADER (the header holding the
client's address, e.g. X-Real-IP), CSRF_TRUSTED_ORIGINS (comma-separated https://host origins).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from archive import topology

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLENUM_VAR_DIR", BASE_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds, not '{value}'.")
    return int(value)


# --- Production mode: one variable, PLENUM_ENV=production -------------------------------------
# A public server refuses to start without its own SECRET_KEY and ALLOWED_HOSTS (never a key file
# written on the spot, never a default host list) and with DEBUG on.
PLENUM_ENV = os.environ.get("PLENUM_ENV", "development").strip().lower()
if PLENUM_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"PLENUM_ENV must be 'production' or 'development', not '{PLENUM_ENV}'.")
PRODUCTION = PLENUM_ENV == "production"
if PRODUCTION:
    _missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(name, "").strip()]
    if _missing:
        raise ImproperlyConfigured(
            f"PLENUM_ENV=production needs {' and '.join(_missing)} in the environment "
            "(see docs/deploy.md): a generated key or a default host list is never used in production."
        )
    if len(os.environ["SECRET_KEY"].strip()) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 characters in production; make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if _flag("DEBUG"):
        raise ImproperlyConfigured("DEBUG must be off when PLENUM_ENV=production: it shows code and settings.")


def _secret_key() -> str:
    """SECRET_KEY from the environment, or (outside production) one kept in var/secret_key."""
    if os.environ.get("SECRET_KEY", "").strip():
        return os.environ["SECRET_KEY"].strip()
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = _flag("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    "archive",
]

MIDDLEWARE = [
    "archive.urlscope.UrlScopeMiddleware",  # first: the pages' addresses are resolved under what it reads
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: pages are kept uncompressed and compressed for each reader who accepts gzip.
    "django.middleware.gzip.GZipMiddleware",
    "archive.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'plenum.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        topology.prepared_statements(_flag("DATABASE_PREPARED_STATEMENTS", True))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered reading pages (archive/pagecache.py), in files shared by every worker, in shards culled one
# at a time (archive/filecache.py): at most MAX_ENTRIES pages are kept; or in Redis, shared by several
# servers (PAGE_CACHE_URL, archive/topology.py).
PLENUM_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": topology.page_cache(os.environ.get("PAGE_CACHE_URL", ""), VAR_DIR, PLENUM_PAGE_CACHE_SECONDS),
}

# --- A read replica (docs/deploy.md) ------------------------------------------------------------
# DATABASE_REPLICA_URL names a hot standby of the primary: anonymous readers' queries go to it
# (archive/dbrouter.py); whoever wrote reads the primary for REPLICA_LAG_SECONDS (default 10); a
# replica that fails is not tried again for REPLICA_RETRY_SECONDS (default 5).
PLENUM_REPLICA_LAG_SECONDS = _seconds("REPLICA_LAG_SECONDS", 10)
PLENUM_REPLICA_RETRY_SECONDS = _seconds("REPLICA_RETRY_SECONDS", 5)
_replica = topology.replica_database(
    os.environ.get("DATABASE_REPLICA_URL", ""), DATABASES["default"], int(os.environ.get("CONN_MAX_AGE", "60"))
)
if _replica:
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["archive.dbrouter.ReplicaRouter"]
    # Before the page cache, which asks whether a page it keeps was read from the replica.
    MIDDLEWARE.insert(MIDDLEWARE.index("archive.pagecache.PageCacheMiddleware"), "archive.dbrouter.ReplicaMiddleware")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "archive.staticstorage.StaticFiles"},
}
WHITENOISE_MANIFEST_STRICT = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- HTTPS behind a reverse proxy (docs/deploy.md); on by default in production -----------------
SECURE_SSL_REDIRECT = _flag("SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = _seconds("HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES", PRODUCTION)
if os.environ.get("PROXY_SSL_HEADER", "").strip():
    # Trusted only because the proxy sets this header on every request, whatever the client sent.
    _header = "HTTP_" + os.environ["PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (_header, "https")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
PLENUM_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()

# --- Content-Security-Policy (django-csp 4): no inline script or style, in every mode ----------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Login throttling (django-axes): 5 failures for one username from one address lock them ----
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "archive.throttling.client_ip"

# --- Uploads: what Django accepts in one request (archive/uploads.py holds the per-file limits) --
DATA_UPLOAD_MAX_NUMBER_FILES = 200  # archive.uploads.MAX_FILES: files in one import
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024  # form fields: the import preview sends its texts back
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # larger uploaded files go to a temporary file, not memory
PLENUM_UPLOAD_MAX_BYTES = 64 * 1024 * 1024  # one import's whole body; refused unread past it

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The address OAI-PMH's Identify gives harvesters to write to.
PLENUM_OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "curators@localhost.localdomain")

# Documents per page in lists.
PLENUM_PAGE_SIZE = 25
