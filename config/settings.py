"""Steppe settings; whatever differs between machines comes from the environment.

What readers write (comments, survey answers) and the mail it causes are in
config.conversation.
"""

import ipaddress
import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.deprecation import RemovedInDjango60Warning

from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 locally).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The public host: sitemap, feeds, permalinks, e-mails. Unset, the host served: the
# first allowed host in production, runserver's address (make demo PORT=) locally.
_first_host = (ALLOWED_HOSTS or ["*"])[0].lstrip(".")
SITE_DOMAIN = os.environ.get("SITE_DOMAIN") or (
    _first_host if not DEBUG and _first_host != "*" else "127.0.0.1:8000"
)
# Absolute links in e-mails (moderation notices, follow-ups, unsubscribe).
SITE_URL = os.environ.get(
    "SITE_URL", f"{'http' if DEBUG else 'https'}://{SITE_DOMAIN}"
).rstrip("/")
SITE_ID = 1

# The proxies in front (nginx, a load balancer) whose X-Forwarded-For and
# X-Forwarded-Proto are believed (blog/clientip.py): addresses or CIDR ranges, and/or
# how many hops. None by default, so a client connecting directly cannot spoof them.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None

BLOG_TITLE = os.environ.get("BLOG_TITLE", "Notes from the Steppe")
# Feeds carry whole posts; 0 gives excerpts only.
FEED_FULL_CONTENT = env_bool("FEED_FULL_CONTENT", True)
BLOG_TAGLINE = os.environ.get(
    "BLOG_TAGLINE", "Essays, student voices and an expat survey from Kazakhstan"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # xtd before django_comments, so its templates win.
    "django_comments_xtd",
    "django_comments",
    "taggit",
    "django_prose_editor",
    "mailer",  # the outgoing mail queue (blog/mail.py)
    # surveys before blog: its load_demo extends blog's with the survey.
    "surveys",
    "blog",
    "blog.edge",
    # After blog: its roles join blog's, and its route comes last.
    "pages",
    "revisions",
    "library",
]

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",
    # Before anything asks request.is_secure(): only a trusted proxy says "https".
    "blog.clientip.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.oddbytes.OddBytesMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseOutageMiddleware",
    "axes.middleware.AxesMiddleware",
    # Imported WordPress links (/?p=ID, old permalinks): a 301 to the post.
    "blog.wxr.redirects.WordPressRedirectMiddleware",
    "blog.edge.purges.DrainMiddleware",  # retries purges an edge missed
    # 304s from the ETag blog.edge sets; around it, so it sees the final headers.
    "django.middleware.http.ConditionalGetMiddleware",
    "blog.edge.headers.EdgeHeadersMiddleware",
]

if (
    not DEBUG
):  # collected, compressed, hashed static files (runserver serves them in DEBUG)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.context_processors.blog",
                "django.template.context_processors.i18n",
                "blog.languages.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, failing fast once the database is known down.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    # A pooled connection is checked before use, so one broken by a restart is
    # replaced instead of failing the request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # One pool per gunicorn worker. A sync worker serves one request at a time:
    # a few connections each, so workers x DB_POOL_MAX stays under PostgreSQL's
    # max_connections. The first request to meet a down database waits `timeout`
    # (a restart is over by then); the next ones get a 503 at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        pool={
            "min_size": 1,
            "max_size": int(os.environ.get("DB_POOL_MAX", "4")),
            "timeout": 3,
        },
        connect_timeout=2,
    )
    # Parameters bound by the server and a query prepared on its third use: a
    # page's SQL is planned once a connection, not on every view (planning was
    # half of PostgreSQL's CPU for the home page). A connection pooler in
    # transaction mode that cannot keep prepared statements (pgbouncer before
    # 1.21): DB_PREPARED_STATEMENTS=0.
    if os.environ.get("DB_PREPARED_STATEMENTS", "1") != "0":
        DATABASES["default"]["OPTIONS"].update(
            server_side_binding=True, prepare_threshold=3
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock when it begins, so concurrent
    # requests queue for it (up to 5 s) instead of failing with "database is locked"
    # when two try to write; this keeps blog/limits.py exact on `make demo`.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=5
    )
# Nothing Steppe serves reads Django's cache: pages are kept by the edge
# (blog/edge/), limits and sessions live in the database. A Redis is used only if
# named (say, for another app's cache), through django-redis, each call bounded and
# a failure a miss, never an error.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    timeout = int(os.environ.get("REDIS_TIMEOUT_MS", "50")) / 1000
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The HTTP cache in front (blog/edge/): which header it reads the surrogate keys
# from, where purges go (comma-separated), and how long pages may be kept.
STEPPE_EDGE = os.environ.get("STEPPE_EDGE", "none")
if STEPPE_EDGE not in {"none", "varnish", "fastly", "cloudflare"}:
    raise ImproperlyConfigured("STEPPE_EDGE: none, varnish, fastly or cloudflare.")
STEPPE_EDGE_PURGE_URLS = env_list("STEPPE_EDGE_PURGE_URLS", "")
STEPPE_EDGE_PURGE_TOKEN = os.environ.get("STEPPE_EDGE_PURGE_TOKEN", "")  # CDN APIs
# Browsers ask again each time (a cheap 304): a reader sent back to a post after
# commenting, or after a moderator approved, must not get their own stale copy.
STEPPE_EDGE_MAX_AGE = int(os.environ.get("STEPPE_EDGE_MAX_AGE", "0"))
STEPPE_EDGE_S_MAXAGE = int(os.environ.get("STEPPE_EDGE_S_MAXAGE", "600"))
# The sidebar is kept in the database until a write changes it (blog/sidebar_html.py);
# 0 builds it on every request (to measure a render with every cache off).
STEPPE_KEEP_SIDEBAR = env_bool("STEPPE_KEEP_SIDEBAR", True)
STEPPE_EDGE_STALE_WHILE_REVALIDATE = 30
STEPPE_EDGE_STALE_IF_ERROR = 86_400

# A failed request leaves nothing half-written (a comment row, a survey answer).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# The interface language is the site's, never the reader's (no LocaleMiddleware):
# a page is the same for every reader, so any shared cache may keep it.
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, "
        f"not {LANGUAGE_CODE!r}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them; Django has no Kazakh formats, and its
# English ones abbreviate months ("Feb. 19, 2011").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads kept in local files are served by Django (gunicorn alone, or behind
# nginx); with a bucket, the object store serves them.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not os.environ.get("AWS_STORAGE_BUCKET_NAME"))

# Featured images: what an upload may be.
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Formats other than JPEG are decoded whole: a cap on their memory (12 MP RGBA,
# 16 MP RGB); shrinking one to the stored width takes about three times that.
IMAGE_MAX_DECODED_BYTES = 48 * 1024 * 1024
IMAGE_RENDITION_WIDTHS = (480, 960, 1440)
# Audio and video in the library (the web server's upload limit must allow it).
MEDIA_FILE_MAX_BYTES = int(os.environ.get("MEDIA_FILE_MAX_BYTES", 100 * 1024 * 1024))

LOGIN_URL = "admin:login"

# Sign-in brute force: 5 failures lock that username from that IP address for 15
# minutes. Locking by the pair means an attacker elsewhere cannot lock the author out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "blog.clientip.client_ip"  # the reader, not the proxy

# Revisions (revisions/): saved versions kept per post or page, oldest pruned first.
REVISIONS_KEEP = int(os.environ.get("REVISIONS_KEEP", "50"))

# Tags: "osce" and "OSCE" are one tag.
TAGGIT_CASE_INSENSITIVE = True

from config.conversation import *  # noqa: E402, F403  comments, surveys, mail

# Uploads on S3-compatible object storage (MinIO, S3, ...) when a bucket is named,
# so web containers keep no local state; local files otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
AWS_S3_URL_PROTOCOL = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
AWS_QUERYSTRING_AUTH = False
AWS_DEFAULT_ACL = None
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    # Hashed, compressed files with far-future caching (whitenoise) in production;
    # plain files while developing and testing, so no collectstatic is needed.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers. Behind a TLS-terminating proxy, which must set X-Forwarded-Proto;
# the header is dropped when anyone else sends it (blog.clientip).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
# Off only for a local plain-HTTP run of the production stack (docker compose).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "DJANGO_SECURE_COOKIES", not DEBUG
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# The host an object store serves uploads from: pages show its images and play its
# audio and video (library), so the policy must name it.
if AWS_S3_CUSTOM_DOMAIN:
    UPLOAD_HOSTS = [f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"]
elif AWS_STORAGE_BUCKET_NAME:
    UPLOAD_HOSTS = [
        AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    ]
else:
    UPLOAD_HOSTS = []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Images an import left on the old blog's host, when that host is allowed.
        "img-src": [
            "'self'",
            "data:",
            *UPLOAD_HOSTS,
            *env_list("STEPPE_IMAGE_HOSTS", ""),
        ],
        # Audio and video an import left on the old blog's host (remote library
        # entries), when that host is allowed.
        "media-src": ["'self'", *UPLOAD_HOSTS, *env_list("STEPPE_MEDIA_HOSTS", "")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "blog.comments.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# django_comments' URLField triggers this on every form; nothing to act on until 6.0.
warnings.filterwarnings(
    "ignore", "The default scheme will be changed", RemovedInDjango60Warning
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "steppe.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "steppe": {"level": "INFO"},
        "django.server": {"level": "ERROR"},  # runserver's own lines: ours say it all
    },
}
