"""Defaults; instance/config.py and REVIEWHUB_* environment variables override them."""

import os

SQLALCHEMY_DATABASE_URI = None  # set in create_app: instance/reviewhub.sqlite unless DATABASE_URL
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
SQLALCHEMY_TRACK_MODIFICATIONS = False

# A form may stay open for hours before a deadline; the token lives as long as the session.
WTF_CSRF_TIME_LIMIT = 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = 14 * 24 * 3600

# Uploads: the request body is refused before it is buffered when larger than this.
MAX_CONTENT_LENGTH = 64 * 1024 * 1024
UPLOAD_FOLDER = None  # default: instance/uploads
# Blind copies (submissions.blinding): videos and M4A above this size are cleaned by the
# upload's background job instead of in the request; reviewers wait for it (409) meanwhile.
BLIND_INLINE_MAX_MB = 8
# "legacy": the upload path before issue 22 (bench/rush.py --compare measures both in one run).
UPLOAD_PATH = "direct"

# Mail: the outbox is delivered through Flask-Mail over SMTP when MAIL_SERVER is set,
# otherwise written to MAIL_FILE_DIR (instance/mail by default) and the console.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_SUPPRESS_SEND = False
MAIL_DEFAULT_SENDER = "reviewhub <no-reply@reviewhub.localhost>"
MAIL_FILE_DIR = None
MAIL_DELIVER_INLINE = True  # deliver right after the commit when no Redis queue is configured
MAIL_MAX_ATTEMPTS = 8
MAIL_LEASE_SECONDS = 300
MAIL_TIMEOUT_SECONDS = 30
MAIL_SMTP_CONNECTIONS = 4  # parallel SMTP connections per delivering process
MAIL_QUEUE_JOBS = 4  # RQ jobs handed out per send_pending: how many workers may share a release

# Background jobs: run inline unless REDIS_URL is set.
REDIS_URL = None
# The sentence-embedding affinity (pip install reviewhub[embeddings]); False turns it off
# even where the extra is installed.
EMBEDDINGS_ENABLED = True
RQ_QUEUE = "reviewhub"
JOB_TIMEOUT_SECONDS = 3600
# A running job stamps a heartbeat this often; one silent for JOB_STALE_SECONDS is dead.
JOB_HEARTBEAT_SECONDS = 15
JOB_STALE_SECONDS = 120

# Public pages (event page, schedule, talks, speakers, accepted works, program feeds) are kept
# whole in Redis for visitors who are not logged in, when REDIS_URL is set; 0 turns that off.
# Changes drop them at once (a per-event version); this only bounds how long a copy is kept.
PUBLIC_CACHE_SECONDS = 60
PUBLIC_CACHE_PREFIX = "reviewhub:pages"  # deployments sharing a Redis need different prefixes

# Login rate limits: failures allowed within the window, per account and per client address.
LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
LOGIN_MAX_FAILURES_PER_ADDRESS = 30
# The security log names accounts and addresses of every event: admins read it only with
# two-factor sign-in on (they are sent to set it up). Off only where no admin can use it.
ADMINS_REQUIRE_TWO_FACTOR = True
# Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted.
TRUSTED_PROXY_COUNT = 0

# Password hashing (argon2id); tests lower the cost, production keeps these (OWASP-grade).
PASSWORD_TIME_COST = 3
PASSWORD_MEMORY_COST_KIB = 64 * 1024
PASSWORD_PARALLELISM = 4

# The security log (refused requests): kept this many days; past THRESHOLD refusals within
# WINDOW seconds by one account or address, admins (and the event's organizers) get an email.
SECURITY_LOG_DAYS = 90
SECURITY_ALERT_THRESHOLD = 50
SECURITY_ALERT_WINDOW_SECONDS = 600

CONFIRM_TOKEN_MAX_AGE = 7 * 24 * 3600
RESET_TOKEN_MAX_AGE = 3600
# Where mailed links and feeds point; unset, serve/demo use where they listen (reviewhub/baseurl.py).
BASE_URL = os.environ.get("REVIEWHUB_BASE_URL") or None
SECURE_COOKIES = False  # set True in production (https)
