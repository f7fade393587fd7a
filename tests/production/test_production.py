"""The production start command (gunicorn, DJANGO_DEBUG=0), its headers, and how it
behaves with the database down."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HOST = "blog.example.com"


def production_env(tmp_path, database_url):
    # The browser tests relax Django's async check in this process; production must not.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return inherited | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx itself is what the test looks at


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve(tmp_path):
    """Start gunicorn with production settings; yield a request function."""
    started = []

    def start(database_url):
        # The test's requests stand in for the proxy's (X-Forwarded-Proto).
        env = production_env(tmp_path, database_url) | {"TRUSTED_PROXIES": "127.0.0.1"}
        collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
        assert collected.returncode == 0, collected.stderr
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", "1", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)

        def request(path, data=None, headers=None):
            headers = {"Host": HOST, "X-Forwarded-Proto": "https"} | (headers or {})
            body = urllib.parse.urlencode(data).encode() if data else None
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", data=body, headers=headers
            )
            began = time.monotonic()
            try:
                response = NO_REDIRECTS.open(req, timeout=20)
            except urllib.error.HTTPError as error:
                response = error
            text = response.read().decode(errors="replace")
            return response, text, time.monotonic() - began

        # The port opens before the worker has loaded Django: wait for a file that
        # needs no database, so the figures below time requests, not the boot.
        while time.monotonic() < deadline:
            try:
                if request("/static/css/site.css")[0].status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        return request

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def migrated_database_url(tmp_path):
    """The test database on PostgreSQL; a fresh migrated SQLite file otherwise."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env = production_env(tmp_path, url)
    assert run(["manage.py", "migrate", "-v0"], env).returncode == 0
    return url


def test_check_deploy_is_clean(tmp_path):
    env = production_env(tmp_path, "sqlite:///unused.sqlite3")
    result = run(["manage.py", "check", "--deploy"], env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


@pytest.mark.django_db
def test_production_headers_static_files_and_health(serve, tmp_path):
    request = serve(migrated_database_url(tmp_path))
    response, page, _ = request("/")
    assert response.status == 200, page
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = headers["Content-Security-Policy"]
    required = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]
    required += ["form-action 'self'", "script-src 'self'", "style-src 'self'"]
    for directive in required:
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert (
        stylesheet.startswith("/static/css/site.")
        and stylesheet != "/static/css/site.css"
    )
    css, _, _ = request(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert "immutable" in css.headers["Cache-Control"]
    health, body, _ = request("/healthz")
    assert health.status == 200 and '"database": "ok"' in body
    plain, _, _ = request("/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301 and plain.headers["Location"] == f"https://{HOST}/"


DOWN = ["postgres://postgres@127.0.0.1:1/steppe", "sqlite:////nonexistent/x.db"]


@pytest.mark.parametrize("down", DOWN)
def test_database_down_gives_503_fast_and_keeps_the_readers_text(serve, down):
    request = serve(down)
    response, page, took = request("/")
    assert response.status == 503 and response.headers["Retry-After"]
    assert "Back in a moment" in page and took < 5
    token = secrets.token_hex(16)
    response, page, took = request(
        "/comments/post/",
        data={"csrfmiddlewaretoken": token, "content_type": "blog.post",
              "object_pk": "1", "name": "Aigerim", "comment": "My long comment."},
        headers={"Cookie": f"csrftoken={token}", "Referer": f"https://{HOST}/"},
    )  # fmt: skip
    assert response.status == 503 and took < 5
    assert "My long comment." in page and "not saved" in page
    health, body, _ = request("/healthz")
    assert health.status == 503 and '"database": "down"' in body
