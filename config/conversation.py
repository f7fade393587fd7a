"""Settings for what readers write: comments, survey answers, and the mail they cause.

Imported by config.settings (which stays under ~400 lines); README "Configuration".
"""

import os

from config.env import env_bool, env_list

# Comments (django-comments-xtd); the reader-facing flow is configured here too.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_CONFIRM_EMAIL = env_bool("COMMENTS_XTD_CONFIRM_EMAIL", False)
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "steppe-comments").encode()
COMMENTS_XTD_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blog@localhost")
COMMENTS_XTD_CONTACT_EMAIL = COMMENTS_XTD_FROM_EMAIL
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "blog.post": {
        "who_can_post": "all",
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
    }
}

# Steppe's own comment rules (blog/comments/); see README "Comments".
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "60"))
COMMENTS_APPROVE_RETURNING = env_bool("COMMENTS_APPROVE_RETURNING", True)
COMMENTS_MIN_FILL_SECONDS = 3
# (window in seconds, comments allowed in it), per IP and per e-mail address.
COMMENTS_FLOOD_LIMITS = ((15, 1), (3600, 10))
COMMENTS_DISALLOWED_WORDS = env_list(
    "COMMENTS_DISALLOWED_WORDS", "viagra,cialis,online casino,payday loan"
)
COMMENTS_MODERATION_WORDS = env_list(
    "COMMENTS_MODERATION_WORDS", "bitcoin,crypto,investment,loan,seo"
)
COMMENTS_HOLD_LINKS = 2  # this many links or more: held for a moderator
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "90"))
COMMENTS_THREADS_PER_PAGE = 50

# Surveys: a response per reader, best effort (cookie, one-time key, IP-hash limit).
SURVEY_MIN_FILL_SECONDS = 3
SURVEY_RATE_LIMIT = 5  # responses per hashed IP ...
SURVEY_RATE_WINDOW = 3600  # ... in this many seconds

# Mail is queued in the database with the request's writes and sent after commit
# (blog/mail.py); EMAIL_BACKEND names what finally sends it.
EMAIL_BACKEND = "blog.mail.QueuedBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILER_ERROR_HANDLER = "blog.mail.defer_and_log"
MAILER_USE_FILE_LOCK = False  # each message is row-locked while it is sent
MAILER_EMAIL_MAX_DEFERRED = 1  # a failing server: stop the round, keep the rest
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "5"))  # seconds, per SMTP step
MAIL_RETRY_PAUSE = 60  # seconds a process leaves mail to the retry after a failure
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = COMMENTS_XTD_FROM_EMAIL
# Extra addresses told of held comments, besides the Moderators group: "a@x,b@y".
MANAGERS = [(addr, addr) for addr in env_list("COMMENTS_NOTIFY_EMAILS", "")]
