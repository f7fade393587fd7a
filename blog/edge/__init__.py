"""The HTTP cache in front of Steppe (Varnish, Fastly, Cloudflare, or none).

The names rendering code gives what a page shows (surrogate.depends_on) are
the page's surrogate keys, and the names a write bumps are the keys it purges:
headers.py says what a shared cache may keep and for how long, purges.py delivers
the purges after commit, with retries, and views.py serves the per-reader comment
form as an Edge Side Include.
"""
