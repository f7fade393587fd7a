"""The shipped deploy/nginx.conf, run by Debian's nginx, in front of gunicorn.

One stack per test module (`proxy_stack` fixture): gunicorn with production settings
and the shipped gunicorn config on the test database, nginx with the shipped server
block (only its upstream address and listen port replaced). Readers are distinct
loopback source addresses (127.0.0.21, 127.0.0.22, ...), as if from the internet.
"""

import http.client
import json
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from tests.production.test_production import (
    ROOT,
    free_port,
    production_env,
    run,
)

NGINX = "/usr/sbin/nginx"
HOST = "blog.example.com"
PROXY = "127.0.0.1"  # where nginx connects to gunicorn from

MAIN_CONF = """\
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/steppe.conf;
}}
"""


def reader_address(number: int) -> str:
    """Reader 1 is 127.0.0.21, reader 2 is 127.0.0.22, ..."""
    return f"127.0.0.{20 + number}"


def shipped_server_block(nginx_port: int, gunicorn_port: int) -> str:
    """deploy/nginx.conf with only the upstream and the listen port replaced."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("server varnish:80;", f"server {PROXY}:{gunicorn_port};"),
        ("listen 80;", f"listen 127.0.0.1:{nginx_port};"),
    ]:
        assert conf.count(old) == 1, f"deploy/nginx.conf no longer has {old!r}"
        conf = conf.replace(old, new)
    return conf


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str


@dataclass
class Client:
    """One reader: a source address, a cookie jar, plain HTTP/1.1."""

    port: int
    source: str
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, data=None, headers=None) -> Reply:
        headers = {"Host": HOST} | (headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.source, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Reply(response.status, response.headers, text)

    def get(self, path, headers=None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None) -> Reply:
        """POST a form with a CSRF token of the client's own (cookie and field)."""
        token = self.cookies.setdefault("csrftoken", "a" * 16 + "b" * 16)
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": token} | data, headers
        )


@dataclass
class Stack:
    nginx_port: int
    gunicorn_port: int
    secret_key: str
    log: Path
    media: Path

    def reader(self, number: int) -> Client:
        """A reader reaching the blog through nginx."""
        return Client(self.nginx_port, reader_address(number))

    def direct(self, source: str) -> Client:
        """A client connecting to gunicorn itself, around nginx."""
        return Client(self.gunicorn_port, source)

    def request_log(self) -> list[dict]:
        """The JSON request lines gunicorn's workers wrote so far."""
        lines = []
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "steppe.request":
                    lines.append(entry)
        return lines


def _database_url() -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def _restart_ids(django_db_blocker) -> None:
    """Empty the tables and number content types afresh, as every test's flush will.

    The server keeps content type ids in memory; tests using the stack are marked
    `django_db(transaction=True, reset_sequences=True)`, so each flush gives the
    same ids back, the ones the server saw first.
    """
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def proxy_stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn (production settings) behind the shipped nginx, for one module."""
    if connection.vendor != "postgresql":
        pytest.skip("the server and the test share the database: PostgreSQL only")
    _restart_ids(django_db_blocker)
    tmp = tmp_path_factory.mktemp("proxy")
    env = production_env(tmp, _database_url()) | {
        "TRUSTED_PROXIES": PROXY,
        # Plain HTTP on loopback, as docker compose runs locally.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",  # log lines reach the file as they are written
    }
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    gunicorn_port, nginx_port = free_port(), free_port()
    log = tmp / "gunicorn.log"
    started = []
    with log.open("w") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py",
             "-b", f"127.0.0.1:{gunicorn_port}", "config.wsgi"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    started.append(gunicorn)
    (tmp / "steppe.conf").write_text(shipped_server_block(nginx_port, gunicorn_port))
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp))
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", "nginx.conf"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    started.append(nginx)
    try:
        wait_for_port(gunicorn_port, gunicorn, "gunicorn")
        wait_for_port(nginx_port, nginx, "nginx")
        yield Stack(
            nginx_port, gunicorn_port, env["DJANGO_SECRET_KEY"], log,
            Path(env["MEDIA_ROOT"]),
        )  # fmt: skip
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=10)
