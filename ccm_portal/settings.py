"""CCM Portal settings: one file, read from the environment.

With no environment at all the portal runs on the embedded default: SQLite,
Celery tasks executed eagerly in the web process, e-mail printed to the console.
Set DATABASE_URL and CELERY_BROKER_URL to run on PostgreSQL and Redis with real
workers. Every variable is listed in the README.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The development key works only with DEBUG on: production stops at start without a key of its own.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is false: put a long random value of your own in the "
        "environment or in .env (for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`); the development key is refused."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "directory",
    "meetings",
    "coordinators",
    "outreach",
    "finance",
    "documents",
    "outbox",
    "demo",  # above the apps: manage.py load_demo and the demo data; no app imports it
    # Security (see the "Security" section below).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ccm_portal",  # after axes and django-otp: ccm_portal/admin.py adjusts their admin pages
    "health_check",  # GET /health/ (ccm_portal/health.py) and `manage.py health_check health`
    "pagecache",  # the change stamp's triggers and the logged-in page cache (pagecache/)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ccm_portal.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A kept public page for an anonymous visitor, served before the middleware it does not need.
    "ccm_portal.middleware.KeptPublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ccm_portal.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Innermost: it answers from its cache only once every other middleware has let the request through.
    "pagecache.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "ccm_portal.urls"

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
                "django.template.context_processors.i18n",
                "directory.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "ccm_portal.wsgi.application"

# The embedded default is a SQLite file beside the code; DATABASE_URL switches to
# PostgreSQL (postgres://user:pass@host:5432/name). Persistent connections with
# health checks keep a PostgreSQL restart from needing a web restart; on PostgreSQL the check
# costs no round trip while the connection is sound (ccm_portal/postgresql/base.py).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "ccm_portal.postgresql"
    # PostgreSQL's JIT compiles a query once its estimated cost passes a threshold: ~100 ms of
    # compiling for the finance sums at fifteen years of invoices, to save a few. Pages here are
    # short queries; the JIT only ever costs them time.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# The reads written in SQL (directory/sql.py) are prepared once per connection; turn it off behind
# a pooler that cannot keep prepared statements (PgBouncer in transaction mode).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Login throttling first (see the "Security" section below).
    "ccm_portal.auth_backends.ThrottledLoginBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Meetings are held in Geneva: times are entered and shown in Geneva time.
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
# Dates and numbers as each language writes them ("9 juin 2017", "9 de junio de 2017"): ccm_portal/formats/.
FORMAT_MODULE_PATH = ["ccm_portal.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-not-served/"  # files are served only through permission-checked views
# Stored files (generated PDFs, uploads): the local disk by default; with S3_BUCKET set, an
# S3-compatible object store shared by every web and worker process (no local disk needed).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "location": env("S3_PREFIX", default=""),
            "default_acl": None,  # private: files are served only through permission-checked views
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The cache keeps the public pages for anonymous visitors (meetings/views/public.py). Local memory
# by default (each process keeps its own); CACHE_URL=redis://host:6379/2 shares it between every
# web process, so a page is built once per deployment. The pages stay correct with either.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Each process's own copy of the kept pages, in front of a shared default (pagecache/store.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# Logged-in pages kept per user, language, path and change stamp (pagecache/middleware.py): a write
# anywhere bumps the stamp in its own transaction (database triggers), so a change shows on the next
# request in every process. Only the views named here; PAGE_CACHE=false turns it off.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# After a change, requests for a page another request is building wait for it this long at most.
PAGE_CACHE_WAIT_SECONDS = env.float("PAGE_CACHE_WAIT_SECONDS", default=2.0)
PAGE_CACHE_VIEWS = frozenset(
    {
        "dashboard",
        "meetings:minutes-detail",
        "coordinators:plan-detail",
        "finance:dashboard",
        "outreach:state-history",
    }
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A task whose worker died unacknowledged goes back to the queue after this many seconds.
# Workers sweep for such tasks every CELERY_UNACKED_RESTORE_INTERVAL seconds; a broker that stops
# answering is given up after a few seconds instead of blocking a web request forever.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
    "socket_timeout": 10,
    "socket_connect_timeout": 3,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
# A task still running after the soft limit gets SoftTimeLimitExceeded (it may clean up); at the
# hard limit its worker process is killed and replaced. Keep both below CELERY_VISIBILITY_TIMEOUT.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# The beat schedule: each task decides itself what is due, so running it twice does no harm.
CELERY_BEAT_SCHEDULE: dict = {
    "outbox-relay": {"task": "outbox.tasks.relay", "schedule": env.int("OUTBOX_RELAY_EVERY_SECONDS", default=60)},
    "outreach-remind-unanswered": {
        "task": "outreach.tasks.remind_unanswered",
        "schedule": env.int("OUTREACH_REMINDER_EVERY_SECONDS", default=24 * 3600),
    },
    "finance-reminder-round": {
        "task": "finance.tasks.scheduled_reminder_round",
        "schedule": env.int("FINANCE_REMINDER_CHECK_EVERY_SECONDS", default=24 * 3600),
    },
    "meetings-invitation-reminders": {
        "task": "meetings.tasks.remind_unanswered_invitations",
        "schedule": env.int("INVITATION_REMINDER_EVERY_SECONDS", default=24 * 3600),
    },
    # The weekly digest (ccm_portal/digest.py), Geneva time (CELERY_TIMEZONE): DIGEST_WEEKDAY as cron
    # reads it (mon..sun, or 0-6 with 0 = Sunday), at DIGEST_HOUR:00. Sent once per user per ISO week.
    "weekly-digest": {
        "task": "ccm_portal.tasks.weekly_digest",
        "schedule": crontab(
            minute=0, hour=env.int("DIGEST_HOUR", default=7), day_of_week=env("DIGEST_WEEKDAY", default="mon")
        ),
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))  # for the filebased back end
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ISU-CCM <isu@ccm-portal.invalid>")

# ---------------------------------------------------------------------------
# Security: sessions and cookies, headers, Content Security Policy, login
# throttling, two-factor authentication for ISU staff, upload limits.
# What each promises and the tests that check it: SECURITY.md.
# ---------------------------------------------------------------------------

# Sessions and cookies. Production (DEBUG false) sends cookies over HTTPS only.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)  # seconds: a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
SESSION_COOKIE_SAMESITE = "Lax"
# With a shared cache (CACHE_URL), sessions are read from it and written to both it and the
# database: a request costs a cache look-up instead of a database round trip. A cache of each
# process's own would keep a session another process has ended, so without one sessions stay in
# the database only.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if _SHARED_CACHE else "db")
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; either way is fine
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "ccm_portal.security_views.csrf_failure"

# Headers sent on every response.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): only the portal's own scripts, styles and images run.
# No inline <script>, no on* attributes, no <style> elements (htmx's indicator style is turned off
# in base.html and lives in static/css/portal.css). style="" ATTRIBUTES are allowed
# (style-src-attr 'unsafe-inline') for the server-drawn progress bars and SVG charts: an attribute
# cannot run script, and user text is escaped so it cannot add attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES; the login page says so (status 429).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # failures and lockouts are still logged (logger "axes")
# Behind N trusted reverse proxies, the client address is the Nth from the end of X-Forwarded-For;
# with 0 (the default) it is the connection's address.
LOGIN_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "ccm_portal.auth_backends.client_ip"

# Two-factor authentication (django-otp, TOTP) for ISU staff and Django staff/superusers.
# When required, such a session must confirm a code from an authenticator app before any page
# other than login/logout, the two-factor pages, static files and the public pages (the admin too).
# Default: required in production (DEBUG false), not in the embedded development default.
REQUIRE_STAFF_2FA = env.bool("REQUIRE_STAFF_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="CCM Portal")
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key

# Uploads: files above UPLOAD_MAX_MB are refused with a form message; any request body above
# twice that is refused outright (413). Non-file form data is capped by Django's own limit.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files are streamed to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# .docx files are zip archives: a member above this uncompressed size, a compression ratio above
# this, or more members than this is refused before python-docx opens it (zip bombs).
DOCX_MAX_UNCOMPRESSED_BYTES = env.int("DOCX_MAX_UNCOMPRESSED_MB", default=50) * 1024 * 1024
DOCX_MAX_COMPRESSION_RATIO = 100
# The largest XML part (the document's text): 4 MB is over a hundred pages of dense minutes.
DOCX_MAX_XML_BYTES = env.int("DOCX_MAX_XML_MB", default=4) * 1024 * 1024
DOCX_MAX_MEMBERS = 1000

# Backups (`make backup`, `make restore BACKUP=...`): where backups/<timestamp>/ folders are written.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
# ----------------------------- end of Security -----------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Failed logins are recorded in the database (axes); the log keeps the lockouts (WARNING).
        "axes": {"level": env("AXES_LOG_LEVEL", default="WARNING")},
    },
}

PAGINATE_BY = 25
# Where the portal is reached, for links in e-mails and calendar feeds.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Outreach: a letter sent this many weeks ago without an answer is brought to its owner.
OUTREACH_NO_ANSWER_WEEKS = env.int("OUTREACH_NO_ANSWER_WEEKS", default=6)
# Finance: unpaid invoices are reminded every N months; invoices fall due N days before the meeting.
FINANCE_REMINDER_INTERVAL_MONTHS = env.int("FINANCE_REMINDER_INTERVAL_MONTHS", default=2)
FINANCE_DUE_DAYS_BEFORE_MEETING = env.int("FINANCE_DUE_DAYS_BEFORE_MEETING", default=90)
# Meetings: the invited delegations that have not answered are reminded this many days before.
INVITATION_REMINDER_DAYS = env.int("INVITATION_REMINDER_DAYS", default=3)
