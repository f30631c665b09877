"""Settings for c5site, read from the environment.

Development needs nothing set: DEBUG defaults to on and the database to a SQLite
file beside manage.py. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL=postgres://…; REDIS_URL turns on the shared cache.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# A key that is public (this default, or an empty one) lets anyone forge sessions,
# so production refuses to start without a real one.
INSECURE_DEFAULT_KEY = "django-insecure-c5site-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or INSECURE_DEFAULT_KEY
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "people",
    "events",
]

# One list, in the order a request meets them.
MIDDLEWARE = [
    # First of all (c5site/cache.py): a hit runs no other middleware. It stores a response as the
    # whole chain made it, headers included, keyed on what those depend on, answers conditional
    # GETs itself and leaves HTTPS redirects, sessions and authenticated requests to the chain.
    "c5site.cache.PublicCacheMiddleware",
    # s-maxage and Surrogate-Key for a shared cache in front (c5site/surrogate.py), on what the
    # response cache above stores, so that its hits carry them too.
    "c5site.surrogate.SurrogateMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # ETag on every successful page and 304 to a conditional request (views add Last-Modified
    # where they know it): early, so that it sees the final response.
    "c5site.http.SuccessConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "c5site.middleware.PublicCorsMiddleware",
    # With the database unreachable, a 503 with Retry-After (c5site/outage.py): below the headers'
    # middleware, so that its answers carry them, above all that may touch the database.
    "c5site.outage.DatabaseOutageMiddleware",
    # A statement timeout per request (c5site/db_timeouts.py), whose cancellation the outage
    # middleware above turns into the 503.
    "c5site.db_timeouts.StatementTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # the lock-out against password guessing (below)
    "c5site.middleware.SiteNotFoundMiddleware",  # the site's 404 page under DEBUG too
]

ROOT_URLCONF = "c5site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} remembering its paths (c5site/template_urls.py), in every template.
            "builtins": ["c5site.template_urls"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "c5site.wsgi.application"

# SQLite by default so that a fresh clone runs with nothing installed. On
# PostgreSQL, connections are kept open between requests: opening one per request
# costs about a third of the throughput on this kind of machine.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # A dead database must fail fast (the site answers 503), not hang a worker.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3")))
    # A kept-open connection whose server or network went away is noticed within about 25 s
    # of silence (TCP keepalives), and unacknowledged data gives up after 10 s
    # (tcp_user_timeout), rather than the kernel's two hours and fifteen minutes.
    for name, value in (("keepalives", 1), ("keepalives_idle", 10), ("keepalives_interval", 5),
                        ("keepalives_count", 3), ("tcp_user_timeout", 10000)):  # fmt: skip
        DATABASES["default"]["OPTIONS"].setdefault(name, value)
    # No JIT: the site's queries are short, and the rule-2 subqueries make the planner's
    # cost estimates large enough to trigger it. Compiling then costs 40 ms to 5 s per
    # query (search over 50k sources) for nothing.
    # Index lookups priced as the reads from memory they are here (PostgreSQL's default, 4,
    # is for disks that seek): with the default, a rule-2 test of 657 citations hashed every
    # public meeting topic first (185 ms) rather than look up each one's (2.3 ms).
    # No parallel workers for the site's queries (DB_PARALLEL_WORKERS, 0 by default): the few that a
    # planner would split (an exact count of a common word in one facet) then take every core for
    # tens of milliseconds from the requests queued behind them, which stretched the tail of the
    # sampled case (bench/sample.py) without raising its throughput. Management commands
    # (imports, rebuilds) connect with the same options; raise it on a machine with cores to spare.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        "-c jit=off -c random_page_cost=1.1 "
        f"-c max_parallel_workers_per_gather={int(os.environ.get('DB_PARALLEL_WORKERS', '0'))}",
    )
    # No prepared statements: Django binds values on the client, which psycopg never prepares.
    # Binding on the server (OPTIONS "server_side_binding") would let it prepare a query run five
    # times; tried over the sampled surface (bench/sample.py), it saved some of the database's
    # time but gave the two-filter meeting list a generic plan, much slower than the one made
    # for each pair of filters (the commit that removed the no-op setting has the numbers).
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets two test runs share one PostgreSQL server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is only ever a cache: if it refuses, freezes or errs, every call behaves as an empty
# cache and the site serves uncached (c5site/resilient_cache.py). A frozen Redis costs at most
# REDIS_TIMEOUT_MS per worker every few seconds, never a hung worker.
REDIS_TIMEOUT = int(os.environ.get("REDIS_TIMEOUT_MS", "250")) / 1000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "c5site.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "c5site"}}

# Whole public responses are cached for this long, keyed on the record's version
# (c5site/cache.py). Only with a cache shared by all workers, unless set explicitly.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300" if REDIS_URL else "0"))
PUBLIC_CACHE_ALIAS = "default"
# What a stored response is keyed on: the published record's (version, time raised), from the database.
PUBLIC_CACHE_RECORD_STATE = "events.published.publish.record_state"
PUBLIC_CACHE_EXCLUDE = ("/admin/", "/static/", "/api/docs/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The site is written in English and translates nothing: without the translation machinery, each
# value a template prints no longer asks for the active language, a thread-local read. Numbers
# and dates keep LANGUAGE_CODE's formats ("more than 1,000", tests/test_formats.py).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The public record: its demo corpus and the limits of the article importer.
DEMO_CORPUS_DIR = BASE_DIR / "events" / "demo" / "articles"
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# The read-only API (events/api/): see the second block under "--- API ---".
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "events.api.schema.PublicAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["events.api.filters.PublishedFilterBackend"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "c5site API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DEFAULT_GENERATOR_CLASS": "events.api.schema.SchemaGenerator",  # made once per process
}

# Published data may be read by any site; nothing here is written through the API. Every API
# answer says `Access-Control-Allow-Origin: *` and none varies on Origin (c5site/middleware.py),
# so one cached copy serves every site.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/api/.*$"

LOGIN_URL = "admin:login"

# Security. Production (DEBUG off) is HTTPS-only with HSTS and secure cookies;
# `manage.py check --deploy` reports nothing there. Behind a TLS-terminating proxy,
# set SECURE_PROXY_SSL_HEADER=1 so Django knows the original request was HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Public site ---
SITE_NAME = "C5+1 Record"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("c5site.views.site_context")

# --- Outage ---
# With the database unreachable, pages answer a standalone 503 page and the API a
# JSON 503, both with Retry-After (c5site/outage.py). It sits below the security,
# static-file and CORS middleware, so its answers still carry their headers, and
# above everything that may touch the database (sessions, auth, the views).
OUTAGE_RETRY_AFTER = int(os.environ.get("OUTAGE_RETRY_AFTER", "30"))

# A statement timeout per request on PostgreSQL (c5site/db_timeouts.py): a public request whose
# query runs longer is cancelled and answered 503; the admin gets longer; management commands
# none. Below the outage middleware, which turns the cancellation into the 503.
DB_PUBLIC_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_PUBLIC_STATEMENT_TIMEOUT_MS", "5000"))
DB_ADMIN_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_ADMIN_STATEMENT_TIMEOUT_MS", "25000"))
DB_ADMIN_PATHS = ("/admin/",)

# --- Read replicas (c5site/db_router.py) ---
# DATABASE_REPLICA_URLS: comma-separated URLs of PostgreSQL streaming replicas of DATABASE_URL
# (aliases replica1, replica2, …, with the primary's connection options). Public anonymous reads
# go to a replica that has replayed the current record version, everything else to the primary.
# Unset (the default): no replica, no router, no middleware.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True)
    if {DATABASES["default"]["ENGINE"], _replica["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS are PostgreSQL streaming replicas of a PostgreSQL DATABASE_URL.")
    _replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **_replica.get("OPTIONS", {})}
    if DB_PUBLIC_STATEMENT_TIMEOUT_MS:
        # Only public requests read from a replica: its connections have their timeout from the start.
        _replica["OPTIONS"]["options"] = (
            f"{_replica['OPTIONS'].get('options', '')} -c statement_timeout={DB_PUBLIC_STATEMENT_TIMEOUT_MS}".strip()
        )
    # Tests read the replica's alias from the test database itself.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["c5site.db_router.ReplicaRouter"]
    # Below the outage and statement-timeout middleware, above everything that reads for a view.
    MIDDLEWARE.insert(MIDDLEWARE.index("c5site.db_timeouts.StatementTimeoutMiddleware") + 1, "c5site.db_router.ReplicaMiddleware")

# --- Shared cache in front: Varnish or a CDN (c5site/surrogate.py, docs/varnish.md) ---
# Each publication, once committed, sends PURGE with the changed records' Surrogate-Key to each of
# these URLs (comma-separated; empty: none); only then may a shared cache keep pages for long.
SURROGATE_PURGE_URLS = [u.strip() for u in os.environ.get("SURROGATE_PURGE_URLS", "").split(",") if u.strip()]
SURROGATE_PURGE_TIMEOUT = float(os.environ.get("SURROGATE_PURGE_TIMEOUT", "1"))  # seconds per URL
# …and again this many seconds later (0: not), for pages read before the commit and cached after.
SURROGATE_PURGE_REPEAT = float(os.environ.get("SURROGATE_PURGE_REPEAT", "10"))
# Seconds a browser may keep a public page without asking again: 0, so that a reader (or the editor
# who just approved a correction) sees it at once; asking again costs a 304 while the ETag holds.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "0"))
# s-maxage: a day where publications purge; else (None) no longer than browsers may keep the answer.
SURROGATE_MAX_AGE = (
    int(os.environ.get("SURROGATE_MAX_AGE", "86400")) if SURROGATE_PURGE_URLS or os.environ.get("SURROGATE_MAX_AGE") else None
)

# --- API ---
# The read-only API (events/api/): pagination, errors, throttling, schema.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "1000/hour")  # anonymous requests per client; empty: no limit
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))  # seconds shared caches may keep an answer

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.RecordPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "events.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["events.api.throttling.PublicRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    # A public read-only API: no security schemes, so the docs show no Authorize button and no padlocks.
    "SECURITY": [],
    "APPEND_COMPONENTS": {"securitySchemes": {}},
    # No validator badge: it loads an image from another site, which the Content-Security-Policy refuses.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "defaultModelsExpandDepth": 0},
    "ENUM_NAME_OVERRIDES": {
        "PrecisionEnum": ["day", "month", "year", "unknown"],
        "StanceEnum": ["supports", "contradicts"],
    },
    "DESCRIPTION": (
        "The published record of C5+1 diplomacy, every fact with its source. Read-only (GET, HEAD, OPTIONS); "
        "no sign-in.\n\n"
        "**Citations.** Every fact carries `citations`: C = {source {id, title, publisher, published_on, url}, "
        "quote, field, stance, rank, before, after}. Where a source contradicts a fact, the fact says "
        "`disputed: true` (for a meeting's own fields, `disputed_fields`) and lists every citation with its stance.\n\n"
        "**Partial dates.** `start_date`/`end_date` hold the first day of the period known to `date_precision` "
        "(day, month, year or unknown). Date filters take YYYY, YYYY-MM or YYYY-MM-DD and compare ranges: "
        "`date_after=2023` means the whole of 2023 onwards; an unknown date matches no date filter.\n\n"
        "**Strict parameters.** A parameter an endpoint does not take, or a value that names nothing in the "
        "published record (`country=zz`, `person=nobody`), answers 400 naming it, with the parameters or values "
        'allowed. Filters marked "any of" take several values, comma-separated (`country=kz,us`) or repeated '
        "(`country=kz&country=us`). `person` takes a slug, an exact name or another spelling.\n\n"
        "**Formats.** JSON by default; `?format=csv` on lists (one row per record of the page; the total and the "
        "next page as `X-Total-Count` and `Link` headers; `bom=1` for Excel); an unknown format answers 406. "
        "**Spreadsheets and whole tables:** download the bulk files at /data/ (CSV, JSON, SQLite), rebuilt after "
        "every publication; the whole record as Popolo JSON is also at `/api/v1/popolo/`.\n\n"
        "**Retractions.** A retracted meeting's or person's detail answers 410 with the notice, date and reason.\n\n"
        "**Errors** are JSON: {status, detail, errors}.\n\n"
        "**Caching.** Answers carry ETag and Last-Modified (304 on conditional requests) and "
        "`Cache-Control: public, max-age=60`. Anonymous clients are rate-limited (429 with Retry-After)."
    ),
}

# Bulk data (events/api/bulk.py): built after each publication into this directory, served at /data/.
# One folder per database, so that two databases of one checkout (the demo, a generated corpus)
# never serve each other's files.
_DATABASE_LABEL = re.sub(r"[^\w.-]+", "-", Path(str(DATABASES["default"]["NAME"])).name).strip("-.") or "default"
BULK_DATA_DIR = Path(os.environ.get("BULK_DATA_DIR", BASE_DIR / "var" / "bulk" / _DATABASE_LABEL))
BULK_DATA_AUTOBUILD = env_bool("BULK_DATA_AUTOBUILD", True)

# Other sites read the API from the browser: let them see the caching and paging headers.
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "X-Total-Count", "Retry-After"]

# --- Content-Security-Policy ---
# Only the site's own assets; no inline script or style (JSON-LD data blocks are not
# executed). The API docs use drf-spectacular's split view, whose script is a file.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Lock-out against password guessing (django-axes) ---
# Five wrong passwords for one account from one address lock that pair out for an
# hour (HTTP 429); other editors and addresses are unaffected. The address is the
# client's behind TRUSTED_PROXY_COUNT proxies and the user name is normalised
# (c5site/login_guard.py); failures during a lock-out do not extend it. Unlock with
# `manage.py axes_reset_username <name>` (or axes_reset for everyone), or by deleting
# the access attempt in the admin (docs/operations.md).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Proxies in front of the site that append to X-Forwarded-For (a TLS proxy: 1). django-ipware
# is not installed, so the address comes from this callable (ipware's count kept in step).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "c5site.login_guard.client_ip"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_USERNAME_CALLABLE = "c5site.login_guard.username"
# The API's rate limit counts per client behind the same proxies.
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
