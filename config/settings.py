"""One settings module, driven by environment variables (see README: Configuration)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("CRM_ALLOW_INSECURE_KEY", False):
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-never-use-in-production-" + "x" * 20

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "crm",
    "parties",
    "leads",
    "opportunities",
    "forecasts",
    "events",
    "commerce",
    "support",
    "notes",
    "imports",
    "duplicates",
    "ofbiz",
    "workspace",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crm.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "crm.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    # After sign-in is required: a list opened bare applies the user's default saved view.
    "crm.saved_views.DefaultViewMiddleware",
]

if env_bool("CRM_QUERY_COUNT_HEADER", False):  # benchmarks only (bench/run.py)
    MIDDLEWARE.insert(0, "crm.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "config.urls"
# Widgets render through TEMPLATES, so project widget templates (templates/<app>/widgets/) work.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

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
            # Django's `date` filter with the user's chosen date format (crm.preferences).
            "builtins": ["crm.templatetags.crm_dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The app runs short queries whose cost the planner overestimates (LIMIT over permission
    # probes); JIT compiling them costs ~1 s each for nothing. See README: Benchmarks.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # The covering indexes' INCLUDE columns are PostgreSQL's; SQLite builds the same indexes
    # on their key columns alone, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# django-guardian: no anonymous user row; record-level rights live in the direct
# foreign-key tables declared next to each guarded model.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded files (note attachments) go through the default storage: local files under
# CRM_MEDIA_ROOT, or an S3-compatible bucket (django-storages, `pip install .[s3]`) when
# CRM_S3_BUCKET is set. They are served only by views that check access (notes.views):
# MEDIA_URL is never served, and the bucket's objects are private.
MEDIA_ROOT = os.environ.get("CRM_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"  # no URL pattern serves it (tests/notes: 404)
CRM_ATTACHMENT_MAX_BYTES = int(os.environ.get("CRM_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
if os.environ.get("CRM_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["CRM_S3_BUCKET"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("CRM_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# The cache holds short-lived counters (the web-to-lead rate limit). With several server
# processes they must share it: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) in production.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs (crm.jobs, README: Background jobs). The database backend and its worker
# (`manage.py db_worker`, started by `make run`) by default; with REDIS_URL set, RQ on that
# Redis (`manage.py rqworker default`, as many workers on as many machines as wanted). Tests
# run tasks in place with the immediate backend (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The longest a job may run on RQ (seconds) before its worker stops it (rolled back).
CRM_JOB_TIMEOUT = int(os.environ.get("CRM_JOB_TIMEOUT", str(6 * 3600)))
RQ_QUEUES: dict = {}
RQ_SHOW_ADMIN_LINK = False
# The workers' job class must be django-tasks-rq's (so `rqworker` needs no --job-class).
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
if os.environ.get("REDIS_URL"):
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    RQ_QUEUES = {
        "default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": CRM_JOB_TIMEOUT},
    }
# A running job's progress and a cancel request travel outside the job's transaction (which
# holds SQLite's only write lock until it ends): through Redis when REDIS_URL is set (required
# when web and workers run on different machines), else through files in a directory next to
# the SQLite database (ignored by git, removed by `make clean`).
if os.environ.get("REDIS_URL"):
    CACHES["jobs"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "crm-jobs",
    }
else:
    CACHES["jobs"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CRM_JOBS_DIR", str(BASE_DIR / "db.sqlite3-jobs")),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
# How often (seconds) a job writes its progress and looks for a cancel request.
CRM_JOB_PROGRESS_INTERVAL = float(os.environ.get("CRM_JOB_PROGRESS_INTERVAL", "0.5"))
# A running job whose worker has not renewed its heartbeat for this many seconds is marked
# failed by the scheduler (its worker was killed or crashed).
CRM_JOB_STALE_AFTER = float(os.environ.get("CRM_JOB_STALE_AFTER", "120"))
# Bulk actions on a list: up to this many rows run in the request, more as a background job.
CRM_BULK_SYNC_LIMIT = int(os.environ.get("CRM_BULK_SYNC_LIMIT", "200"))

# Web-to-lead: at most this many form submissions per client IP per window (seconds).
CRM_CAPTURE_RATE_LIMIT = int(os.environ.get("CRM_CAPTURE_RATE_LIMIT", "5"))
CRM_CAPTURE_RATE_WINDOW = int(os.environ.get("CRM_CAPTURE_RATE_WINDOW", "600"))
# Behind a reverse proxy: the request header carrying the client's address, e.g.
# HTTP_X_REAL_IP (empty: REMOTE_ADDR).
CRM_CLIENT_IP_HEADER = os.environ.get("CRM_CLIENT_IP_HEADER", "")
# How often (minutes) a signed-in session's "last seen" time is refreshed (crm.sessions).
CRM_SESSION_SEEN_MINUTES = int(os.environ.get("CRM_SESSION_SEEN_MINUTES", "5"))

# E-mail (password resets, ...): printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crm@localhost")
# The CRM's address as users reach it, for links in mail sent outside a request (the daily
# notification digest).
CRM_SITE_URL = os.environ.get("CRM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a password reset link works (seconds; Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24)))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PHONENUMBER_DEFAULT_REGION = os.environ.get("PHONENUMBER_DEFAULT_REGION", "US")

# Who gets access to a new record besides its owner: "private", "read" (the owner's
# team may view) or "write" (the owner's team may view and change).
CRM_TEAM_ACCESS = {
    "party": os.environ.get("CRM_TEAM_ACCESS_PARTY", "read"),
    "opportunity": os.environ.get("CRM_TEAM_ACCESS_OPPORTUNITY", "read"),
    # A rep's forecast is theirs and their manager's: no team access.
    "forecast": "private",
    # An event is its owner's and its participants' unless shared (or set here).
    "event": os.environ.get("CRM_TEAM_ACCESS_EVENT", "private"),
    # Customer Service works every case; others see a case through its customer or a share.
    "case": "private",
}
# A manager may change (edit, convert) the records of the members of the teams they manage
# (parties, leads, deals); sharing and disabling stay the owner's.
CRM_MANAGERS_CHANGE_TEAM_RECORDS = env_bool("CRM_MANAGERS_CHANGE_TEAM_RECORDS", True)
CRM_PAGE_SIZE = 50
# The currency of a new opportunity whose account has no preferred currency.
CRM_DEFAULT_CURRENCY = os.environ.get("CRM_DEFAULT_CURRENCY", "EUR")
# Forecasts: the month the fiscal year starts (1 = January) and the currency they are kept in
# (other currencies are converted with the exchange rates set in the admin).
CRM_FISCAL_YEAR_START_MONTH = int(os.environ.get("CRM_FISCAL_YEAR_START_MONTH", "1"))
CRM_FORECAST_CURRENCY = os.environ.get("CRM_FORECAST_CURRENCY", CRM_DEFAULT_CURRENCY)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
