"""gunicorn's settings for the production start: `gunicorn -c config/gunicorn.py`.

The Dockerfile, docker compose and the tests through nginx all start this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads: a client that sends half a request (or a dependency that hangs) holds one
# thread, not the whole worker. Measured with gunicorn exposed, three idle
# half-sent connections stalled a GET 34 s with sync workers, 9 ms with these.
# Behind nginx, which buffers whole requests, throughput is the same either way.
# Each thread may hold a database connection: keep DB_POOL_MAX >= threads.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
# wsgi.url_scheme follows X-Forwarded-Proto only from the proxies Django trusts
# (TRUSTED_PROXIES, blog/clientip.py); gunicorn's own default trusts 127.0.0.1.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")
