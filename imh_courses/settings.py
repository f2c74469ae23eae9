"""Settings for the IMH KUF course portal, read from the environment.

Development needs no environment at all: SQLite in the project folder, mail to the console,
tasks run at once. `DJANGO_ENV=production` turns on the hardened set and insists on a secret
key and allowed hosts (see README "Configuration").
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from imh_courses.bank_holidays import ENGLAND_AND_WALES_BANK_HOLIDAYS

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No default: a production server must never start with a known key.
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

# The address printed in emails and on certificates, e.g. https://kuf.imh.org.uk
# Required in production: certificates' QR codes and passkeys are bound to it.
if PRODUCTION:
    SITE_URL = env.str("SITE_URL").rstrip("/")
else:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "imh_courses.admin_site.PortalAdminConfig",  # django.contrib.admin, guarded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # widget templates, found through TEMPLATES (FORM_RENDERER below)
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "audit",
    "modules",
    "enrolment",
    "assessment",
    "certificates",
    "oversight",
    "evaluations",
    "reports",
    "privacy",
    "todo",
    "seeding",
    "imh_courses",  # the project's kernel: its task_worker command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "imh_courses.middleware.ServiceUnavailableMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imh_courses.urls"
# Widgets render through TEMPLATES, so our templates/ may repair one (the admin's related-record
# links, named by text: templates/admin/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "imh_courses.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles queries it guesses are big: for our sub-second aggregates over
    # 100,000 rows compiling costs more (about 50 ms a query) than it saves.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    # argon2id with OWASP's parameters; a hash with others (Django's defaults) is read and then
    # hashed again with these at the next sign-in.
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "catalogue"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
# How long the link in the "confirm your email" message stays valid.
ACCOUNT_CONFIRMATION_MAX_AGE = env.int("ACCOUNT_CONFIRMATION_MAX_AGE", default=60 * 60 * 72)

# Assignments
SUBMISSION_MAX_BYTES = env.int("SUBMISSION_MAX_BYTES", default=10 * 1024 * 1024)
# A document may unpack to at most this much (DOCX and ODT are zip files): stops zip bombs.
SUBMISSION_MAX_UNPACKED_BYTES = env.int("SUBMISSION_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
WORD_LIMIT_TOLERANCE = env.float("WORD_LIMIT_TOLERANCE", default=0.10)
MARKING_WORKING_DAYS = env.int("MARKING_WORKING_DAYS", default=20)
BANK_HOLIDAYS = env.list("BANK_HOLIDAYS", default=ENGLAND_AND_WALES_BANK_HOLIDAYS)

# Moderation: every Fail and Refer, plus the greater of this share and this number of each
# marker's Passes; every script when the cohort has fewer than MODERATION_WHOLE_COHORT_BELOW.
MODERATION_PASS_SHARE = env.float("MODERATION_PASS_SHARE", default=0.10)
MODERATION_PASS_MINIMUM = env.int("MODERATION_PASS_MINIMUM", default=3)
MODERATION_WHOLE_COHORT_BELOW = env.int("MODERATION_WHOLE_COHORT_BELOW", default=15)
# The oversight dashboard's figures and the report pages' summaries, per filter choice, are
# kept this long in the cache (at 100,000 enrolments computing some takes more than a second);
# 0 computes them every time. Reviews and downloads always use freshly computed figures.
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=300)

# Data protection: how long each kind of record is kept (privacy.retention, apply_retention).
# Scripts and feedback files go this many days after the enrolment ends (receipt, hash and
# marks stay); equality monitoring answers and reasonable adjustments likewise; an account's
# personal data is anonymised this many days after its last enrolment ended (or after it last
# signed in, if it never enrolled). The certificate register is kept.
RETENTION_SCRIPTS_DAYS = env.int("RETENTION_SCRIPTS_DAYS", default=365)
RETENTION_EQUALITY_DAYS = env.int("RETENTION_EQUALITY_DAYS", default=365)
RETENTION_ACCOUNTS_DAYS = env.int("RETENTION_ACCOUNTS_DAYS", default=6 * 365 + 1)
# Named on the privacy notice as the place to ask about personal data.
DATA_PROTECTION_CONTACT = env.str(
    "DATA_PROTECTION_CONTACT", default="kuf.dataprotection@example.org"
)

# Certificates
CERTIFICATE_SIGNATORY_NAME = env.str("CERTIFICATE_SIGNATORY_NAME", default="Dr Helen Marsh")
CERTIFICATE_SIGNATORY_TITLE = env.str(
    "CERTIFICATE_SIGNATORY_TITLE", default="Quality Lead, Institute of Mental Health"
)
# The PEM key and certificate that sign every certificate PDF. Development makes its own pair
# (`manage.py make_signing_certificate`); production names the IMH's.
CERTIFICATE_SIGNING_KEY = env.str(
    "CERTIFICATE_SIGNING_KEY", default=str(BASE_DIR / "signing" / "imh-signing-key.pem")
)
CERTIFICATE_SIGNING_CERT = env.str(
    "CERTIFICATE_SIGNING_CERT", default=str(BASE_DIR / "signing" / "imh-signing-cert.pem")
)
# Or the key and certificate themselves (PEM), from a secret store through the environment:
# then no file is read, and no app server ever writes one.
CERTIFICATE_SIGNING_KEY_PEM = env.str("CERTIFICATE_SIGNING_KEY_PEM", default="", multiline=True)
CERTIFICATE_SIGNING_CERT_PEM = env.str("CERTIFICATE_SIGNING_CERT_PEM", default="", multiline=True)
CERTIFICATE_RENDER_ATTEMPTS = env.int("CERTIFICATE_RENDER_ATTEMPTS", default=5)
# Files one student may upload in an hour (assignments; each is read in a child process).
UPLOADS_PER_HOUR = env.int("UPLOADS_PER_HOUR", default=20)
# Reading an uploaded document (its type, text and active content) runs in a child process
# held to this time and this much memory beyond the server process's own.
DOCUMENT_READ_SECONDS = env.float("DOCUMENT_READ_SECONDS", default=10.0)
DOCUMENT_READ_MEMORY_BYTES = env.int("DOCUMENT_READ_MEMORY_BYTES", default=512 * 1024 * 1024)
# The longest any PDF (certificate, review or record pack, report summary) may take to make.
PDF_RENDER_SECONDS = env.float("PDF_RENDER_SECONDS", default=30.0)
# Rate limits (verification look-ups, sign-in links) are counted in the cache, so every
# server and worker must share one: production refuses a cache kept in each process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if PRODUCTION and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "Set CACHE_URL to a cache every server shares (e.g. dbcache://portal_cache after "
        "`manage.py createcachetable`, or redis://...): rate limits are counted in it."
    )
# Load balancers in front of the servers, each appending to X-Forwarded-For (0: none, the
# client connects directly). The client's address is read through them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
VERIFY_LOOKUPS_PER_HOUR = env.int("VERIFY_LOOKUPS_PER_HOUR", default=30)
VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR = env.int("VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR", default=10)

# Sign-in throttling (accounts.throttling): AXES_FAILURE_LIMIT failures for one email address,
# in any case, pause signing in to it for AXES_COOLOFF_TIME, whether or not that account
# exists; SIGN_IN_CLIENT_FAILURE_LIMIT failures from one client, to any addresses, pause
# signing in from it. Not a per-client lock at the address limit: staff in prisons and NHS
# trusts share a few outgoing addresses.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
SIGN_IN_CLIENT_FAILURE_LIMIT = env.int("SIGN_IN_CLIENT_FAILURE_LIMIT", default=50)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_HANDLER = "accounts.throttling.SignInThrottle"
AXES_USERNAME_CALLABLE = "accounts.throttling.sign_in_username"
AXES_CLIENT_IP_CALLABLE = "imh_courses.client_address.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a pause answers with the lockout page (429), and does not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Two-step sign-in (accounts.second_factor): staff roles must enrol a second factor at their
# first sign-in where this is on; it is on in production.
SECOND_FACTOR_REQUIRED_FOR_STAFF = env.bool("SECOND_FACTOR_REQUIRED_FOR_STAFF", default=PRODUCTION)
OTP_TOTP_ISSUER = "IMH KUF courses"
OTP_WEBAUTHN_RP_NAME = "IMH KUF courses"
# Passkeys belong to the portal's own address (SITE_URL): made there, usable only there. A
# passkey cannot belong to an IP address, so a development server at 127.0.0.1 offers them
# at http://localhost on the same port.
_site = urlsplit(SITE_URL)
_passkey_host = _site.hostname
if not PRODUCTION and _passkey_host in {"127.0.0.1", "::1"}:
    _passkey_host = "localhost"
OTP_WEBAUTHN_RP_ID = _passkey_host
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_site.scheme}://{_passkey_host}" + (f":{_site.port}" if _site.port else "")
]
# A passkey is a second factor here, never a way to sign in without the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A one-time sign-in link (for a person locked out) works this many seconds; each address
# may ask for SIGN_IN_LINKS_PER_HOUR of them.
SIGN_IN_LINK_MAX_AGE = env.int("SIGN_IN_LINK_MAX_AGE", default=15 * 60)
SIGN_IN_LINKS_PER_HOUR = env.int("SIGN_IN_LINKS_PER_HOUR", default=5)
# Per client: a whole site behind one address may need links after an attack paused it.
SIGN_IN_LINKS_PER_CLIENT_PER_HOUR = env.int("SIGN_IN_LINKS_PER_CLIENT_PER_HOUR", default=200)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["imh_courses.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (scripts, certificates) live under PRIVATE_FILES_ROOT, never under a public URL:
# views check permission and stream them. Production may point "private" at object storage.
PRIVATE_FILES_ROOT = Path(env.str("PRIVATE_FILES_ROOT", default=str(BASE_DIR / "private-files")))
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "FILE_STORAGE_BACKEND", default="imh_courses.storage.PrivateFileStorage"
        ),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={"location": str(PRIVATE_FILES_ROOT)}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Outside production WhiteNoise finds files in place, so no collectstatic is needed first.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: console in development; production sets EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.org:587 (see README).
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="IMH KUF courses <kuf-courses@example.org>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)


def _mailer_from_url(url):
    """Turn an EMAIL_URL into a MAILERS entry (Django 6.1's mail configuration)."""
    parsed = environ.Env.email_url_config(url)
    options = {
        "host": parsed.get("EMAIL_HOST"),
        "port": parsed.get("EMAIL_PORT"),
        "username": parsed.get("EMAIL_HOST_USER"),
        "password": parsed.get("EMAIL_HOST_PASSWORD"),
        "use_tls": parsed.get("EMAIL_USE_TLS", False),
        "use_ssl": parsed.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
    if not parsed["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        options = {}
    return {"BACKEND": parsed["EMAIL_BACKEND"], "OPTIONS": options}


if env.str("EMAIL_URL", default=""):
    MAILERS = {"default": _mailer_from_url(env.str("EMAIL_URL"))}
elif PRODUCTION:
    raise ImproperlyConfigured("Set EMAIL_URL when DJANGO_ENV=production.")
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work: at once in development and tests; the database queue (django-tasks-db,
# `manage.py db_worker`) in production, shared by every app server.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default="django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django.tasks.backends.immediate.ImmediateBackend",
        ),
    }
}

# Security headers. The CSP allows our own origin only; inline scripts need the request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
CSRF_FAILURE_VIEW = "imh_courses.views.csrf_failure"

if PRODUCTION:
    # TLS ends at the load balancer, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
