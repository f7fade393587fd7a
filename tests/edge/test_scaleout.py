"""Two web hosts behind one Varnish, on one PostgreSQL and one Redis.

Host A is gunicorn on 127.0.0.41 and host B on 127.0.0.42, each started as the
Dockerfile starts it (config/gunicorn.py, production settings, one configuration);
Varnish runs the shipped deploy/varnish.vcl with its director over the two, and
both hosts send their purges to it (STEPPE_EDGE_PURGE_URLS). Each host's request
log says which host rendered a page into the edge. PostgreSQL only: the hosts and
the test share the test database.
"""

import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django_comments_xtd.models import XtdComment

from blog.edge.models import PendingPurge
from blog.roles import sync_roles
from tests.edge.varnish import Browser, Varnish, free_port
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.production.faults import ROOT, manage, production_env
from tests.production.proxy import _database_url, _restart_ids

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

HOST = "blog.example.com"
ADDRESSES = {"a": "127.0.0.41", "b": "127.0.0.42"}
REDIS = "127.0.0.40"
# The hosts check passwords with Django's default hasher, not the tests' MD5.
SERVER_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@dataclass
class WebHosts:
    edge: Varnish
    ports: dict
    logs: dict

    def browser(self, host: str) -> Browser:
        return Browser(ADDRESSES[host], self.ports[host], HOST)

    def get(self, path):
        """A reader without cookies, through Varnish."""
        return self.edge.get(path, {"Host": HOST})

    def rendered(self, host: str, path: str) -> int:
        """How many GETs of path this host has answered (its JSON request log)."""
        count = 0
        for line in self.logs[host].read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if (
                    entry.get("logger") == "steppe.request"
                    and entry.get("path") == path
                ):
                    count += entry.get("method") == "GET"
        return count

    def render_at_edge(self, path: str, on: str) -> str:
        """Have host `on` render path into Varnish: the director takes the hosts in
        turn, so a request passed to the other host shifts whose turn it is."""
        _, headers, _ = self.browser("a").request("GET", path)
        for attempt in range(6):
            status, _, _ = self.edge.get("/", {"xkey-purge": headers["xkey"]}, "PURGE")
            assert status == 200
            before = self.rendered(on, path)
            status, answer, body = self.get(path)
            assert status == 200 and answer["X-Cache"] == "miss", path
            if self.rendered(on, path) > before:
                return body
            # Passed, not kept: the next host's turn. A miss may also fetch the
            # comment form (ESI, kept a second) or not: alternate one and two steps.
            for _ in range(1 + attempt % 2):
                self.get("/admin/login/")
        raise AssertionError(f"host {on} never rendered {path}")


def wait_for(address: str, port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection((address, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {address}:{port}")


def start_redis(tmp: Path) -> tuple[subprocess.Popen, str]:
    """A Redis of this module's own: the one both hosts share."""
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--bind", REDIS, "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(tmp)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(REDIS, port, redis, "redis-server")
    return redis, f"redis://{REDIS}:{port}/0"


@pytest.fixture(scope="module")
def web_hosts(django_db_setup, django_db_blocker, tmp_path_factory):
    """Hosts A and B (gunicorn, production settings) behind the shipped Varnish."""
    if connection.vendor != "postgresql":
        pytest.skip("the hosts and the test share the database: PostgreSQL only")
    _restart_ids(django_db_blocker)
    tmp = tmp_path_factory.mktemp("scaleout")
    redis, redis_url = start_redis(tmp)
    started = [redis]
    ports = {host: free_port() for host in ADDRESSES}
    try:
        edge = Varnish(
            backends=[(ADDRESSES[h], ports[h]) for h in ("a", "b")],
            probe_interval="0.5s",
        )
    except Exception:
        redis.terminate()
        raise
    # One configuration for both, as compose's web-a and web-b: the same secret
    # (sessions and signed forms work on either), database, Redis and edge.
    env = production_env(tmp, _database_url(), REDIS_URL=redis_url) | {
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",  # and the probe's Host
        "TRUSTED_PROXIES": "127.0.0.1",  # where Varnish connects from
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "STEPPE_EDGE": "varnish",
        "STEPPE_EDGE_PURGE_URLS": edge.url + "/",
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",  # log lines reach the file as they are written
    }
    logs = {host: tmp / f"host-{host}.log" for host in ADDRESSES}
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        for host, address in ADDRESSES.items():
            with logs[host].open("w") as out:
                gunicorn = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py",
                     "config.wsgi"],
                    cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                    env=env | {"GUNICORN_BIND": f"{address}:{ports[host]}"},
                )  # fmt: skip
            started.append(gunicorn)
            wait_for(address, ports[host], gunicorn, f"host {host}")
        yield WebHosts(edge, ports, logs)
    finally:
        edge.stop()
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def hosts(web_hosts, settings):
    sync_roles()  # flushes between tests drop the groups the migration made
    settings.PASSWORD_HASHERS = SERVER_HASHERS
    return web_hosts


def signed_in_moderator(hosts, host: str) -> Browser:
    browser = hosts.browser(host)
    browser.sign_in("dana", "moderates-2010")
    return browser


def test_a_write_on_one_host_purges_what_the_other_host_rendered(hosts):
    UserFactory(username="dana", password="moderates-2010", group="Moderators")
    post = PostFactory(title="Read on two hosts")
    other = PostFactory(title="Nothing to do with it")
    held = CommentFactory(post=post, comment="Seen from both hosts.", is_public=False)
    url = post.get_absolute_url()
    assert "Seen from both hosts." not in hosts.render_at_edge(url, on="b")
    hosts.get(other.get_absolute_url())
    assert hosts.get(url)[1]["X-Cache"] == "hit"
    assert hosts.get(other.get_absolute_url())[1]["X-Cache"] == "hit"

    approved_at = time.monotonic()
    signed_in_moderator(hosts, "a").moderate("approve", held.pk)
    while "Seen from both hosts." not in hosts.get(url)[2]:
        assert time.monotonic() - approved_at < 1, "not visible within a second"
        time.sleep(0.05)
    assert not PendingPurge.objects.exists()  # host A's purge was delivered
    assert hosts.get(other.get_absolute_url())[1]["X-Cache"] == "hit"
    # Host B, asked itself, does not show its own older copy either (one Redis).
    _, _, direct = hosts.browser("b").request("GET", url)
    assert "Seen from both hosts." in direct


def test_both_hosts_purges_reach_the_edge(hosts):
    UserFactory(username="dana", password="moderates-2010", group="Moderators")
    post = PostFactory(title="Moderated twice")
    first = CommentFactory(post=post, comment="Approved on B.", is_public=False)
    url = post.get_absolute_url()
    for writer, reader in (("b", "a"), ("a", "b")):
        hosts.render_at_edge(url, on=reader)
        assert hosts.get(url)[1]["X-Cache"] == "hit"
        moderator = signed_in_moderator(hosts, writer)
        if writer == "b":
            moderator.moderate("approve", first.pk)
            assert "Approved on B." in hosts.get(url)[2]
        else:
            moderator.moderate("remove", first.pk)
            assert "Approved on B." not in hosts.get(url)[2]
        assert not PendingPurge.objects.exists(), f"host {writer}'s purge is pending"
    assert XtdComment.objects.get(pk=first.pk).is_removed


def test_every_reader_gets_a_fresh_comment_form_from_either_host(hosts):
    post = PostFactory(title="Open for comments")
    url = post.get_absolute_url()
    stamps = set()
    for _ in range(3):
        status, headers, page = hosts.get(url)
        assert status == 200 and "<esi:include" not in page
        stamps |= set(re.findall(r'name="timestamp" value="(\d+)"', page))
        time.sleep(1.1)  # the form's timestamp counts seconds
    assert hosts.get(url)[1]["X-Cache"] == "hit"  # the page is shared, its form not
    assert len(stamps) == 3
