"""Settings shared by every environment. Values come from the environment (config.env)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from config.env import BASE_DIR, VAR_DIR, email_config, env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # form widget templates for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "solidaires.core",
    "solidaires.territory",
    "solidaires.accounts",
    "solidaires.associations",
    "solidaires.moderation",
    "solidaires.messaging",
    "solidaires.volunteering",
    "solidaires.mutualaid",
    "solidaires.events",
    "solidaires.grants",
    "solidaires.matching",
    "solidaires.site",
    "solidaires.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "solidaires.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "solidaires.core.middleware.SecurityHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "solidaires.accounts.middleware.RequireTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Project templates override Django's form templates (solidaires/templates/django/forms/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CSRF_FAILURE_VIEW = "solidaires.core.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "solidaires" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "solidaires.core.context_processors.site",
                "solidaires.messaging.context_processors.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'solidaires.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The embedded SQLite database (make run) serves the web process and the task worker at
# once: write-ahead log (readers never block the writer), transactions that take the write
# lock when they begin (no "database is locked" when a read turns into a write while the
# worker writes) and a busy timeout (wait for the other writer rather than fail).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# CNIL délibération 2022-100 / ASVS 6.2: length and a common-password check, no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail login, mandatory verification, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Solidaires] "
ACCOUNT_ADAPTER = "solidaires.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "solidaires.accounts.forms.LoginForm",
    "signup": "solidaires.accounts.forms.SignupForm",
    "reset_password": "solidaires.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "solidaires.accounts.forms.ResetPasswordKeyForm",
    "change_password": "solidaires.accounts.forms.ChangePasswordForm",
    "set_password": "solidaires.accounts.forms.SetPasswordForm",
    "reauthenticate": "solidaires.accounts.forms.ReauthenticateForm",
    "add_email": "solidaires.accounts.forms.AddEmailForm",
}
ACCOUNT_USER_DISPLAY = "solidaires.accounts.adapters.user_display"
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Per IP only: a per-account ("key") limit would let anyone lock a real user out from
# anywhere; the (account, IP) lockout is django-axes' job. See docs/decisions/0301.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
MFA_ADAPTER = "solidaires.accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "solidaires.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "solidaires.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "solidaires.accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Solidaires"

# django-axes: lock the (account, IP) pair only, so nobody can lock a real user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "solidaires.accounts.axes.get_username"
AXES_DISABLE_ACCESS_LOG = True  # successful logins go to the security log (user id only)
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# One client address for the lockout, allauth's rate limits and the API throttle.
AXES_CLIENT_IP_CALLABLE = "solidaires.core.http.client_ip"
# Reverse proxies in front of the application (1 behind the documented nginx, 0 without):
# how many X-Forwarded-For entries, from the right, our own proxies wrote.
SOLIDAIRES_TRUSTED_PROXIES = env_int("SOLIDAIRES_TRUSTED_PROXIES", 0)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "solidaires" / "static"]
_NODE_MODULES = BASE_DIR / "node_modules"
if (_NODE_MODULES / "leaflet" / "dist").exists():
    STATICFILES_DIRS.append(("vendor/leaflet", _NODE_MODULES / "leaflet" / "dist"))
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "solidaires"}}

vars().update(email_config(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Solidaires <ne-pas-repondre@solidaires.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers (CSP with nonces, no unsafe-inline).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Solidaires
SOLIDAIRES_TERRITORY = env_list("SOLIDAIRES_TERRITORY", ["200068781"])
# Public address of the site, used for links in e-mails sent by background tasks.
SOLIDAIRES_BASE_URL = env_str("SOLIDAIRES_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SOLIDAIRES_SITE_NAME = env_str("SOLIDAIRES_SITE_NAME", "Solidaires sur l'Agglo")
SOLIDAIRES_MAP_TILE_URL = env_str("SOLIDAIRES_MAP_TILE_URL", "")
SOLIDAIRES_MAP_TILE_ATTRIBUTION = env_str("SOLIDAIRES_MAP_TILE_ATTRIBUTION", "")
if SOLIDAIRES_MAP_TILE_URL:
    # Let the browser load map tiles from the configured tile server (CSP img-src).
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(SOLIDAIRES_MAP_TILE_URL.replace("{s}", "a"))
    _tile_origin = f"{_tiles.scheme}://{_tiles.netloc.replace('a.', '*.', 1) if '{s}' in SOLIDAIRES_MAP_TILE_URL else _tiles.netloc}"
    _img_src: list[str] = CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]  # type: ignore[index,assignment]
    _img_src.append(_tile_origin)
SOLIDAIRES_TERRITORY_DATA_DIR = BASE_DIR / "data" / "territory"
# Retention (decision 0005): inactive accounts anonymised after this many days without login,
# with a warning e-mail SOLIDAIRES_RETENTION_WARNING_DAYS before; unverified sign-ups deleted.
SOLIDAIRES_INACTIVE_ACCOUNT_DAYS = int(env_str("SOLIDAIRES_INACTIVE_ACCOUNT_DAYS", "1095"))
SOLIDAIRES_RETENTION_WARNING_DAYS = 30
SOLIDAIRES_UNVERIFIED_SIGNUP_DAYS = 30
SOLIDAIRES_SECURITY_LOG_DAYS = 365
SOLIDAIRES_LOGO_MAX_BYTES = 1_048_576
# Legal pages and security.txt (solidaires.core): who runs this deployment. Empty values are
# shown as clearly marked placeholders ("à compléter par l'exploitant"). See docs/decisions/0103.
SOLIDAIRES_OPERATOR_NAME = env_str("SOLIDAIRES_OPERATOR_NAME", "")  # default: the EPCI names
SOLIDAIRES_OPERATOR_ADDRESS = env_str("SOLIDAIRES_OPERATOR_ADDRESS", "")
SOLIDAIRES_PUBLICATION_DIRECTOR = env_str("SOLIDAIRES_PUBLICATION_DIRECTOR", "")
SOLIDAIRES_CONTACT_EMAIL = env_str("SOLIDAIRES_CONTACT_EMAIL", "")
SOLIDAIRES_DPO_EMAIL = env_str("SOLIDAIRES_DPO_EMAIL", "")
SOLIDAIRES_SECURITY_EMAIL = env_str("SOLIDAIRES_SECURITY_EMAIL", "")
SOLIDAIRES_HOST_NAME = env_str("SOLIDAIRES_HOST_NAME", "")
SOLIDAIRES_HOST_ADDRESS = env_str("SOLIDAIRES_HOST_ADDRESS", "")
SOLIDAIRES_SOURCE_URL = env_str("SOLIDAIRES_SOURCE_URL", "")
SOLIDAIRES_PAGE_CACHE_VERSION = env_str("SOLIDAIRES_PAGE_CACHE_VERSION", "1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"utc": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # fpdf2 subsets the PDF font through fontTools, which logs every step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
