"""gunicorn's settings for the production start: `gunicorn -c config/gunicorn.py`.

The Dockerfile, docker compose and the tests through nginx all start this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
# wsgi.url_scheme follows X-Forwarded-Proto only from the proxies Django trusts
# (TRUSTED_PROXIES, blog/clientip.py); gunicorn's own default trusts 127.0.0.1.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")
