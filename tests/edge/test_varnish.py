"""Through real Varnish (deploy/varnish.vcl): headers, hits, ESI, exact purges."""

import http.server
import re
import threading
import time
import urllib.parse

import pytest
from django.test import Client
from django_comments_xtd.models import XtdComment

from blog.comments.services import approve_comments, remove_comments
from blog.edge import purges
from blog.edge.models import PendingPurge
from blog.models import Post
from blog.roles import sync_roles
from tests.edge.varnish import Switch, Varnish, free_port
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def edge(live_server, settings):
    sync_roles()  # flushes between live-server tests drop the migration's groups
    port = int(live_server.url.rsplit(":", 1)[1])
    varnish = Varnish(port)
    switch = Switch(varnish.port)
    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = [switch.url]
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    purges.forget_failures()
    varnish.switch = switch
    yield varnish
    switch.close()
    varnish.stop()
    purges.forget_failures()


def fetch(edge, path, **headers):
    status, response_headers, body = edge.get(path, HTTPS | headers)
    return status, response_headers, body


def test_reader_pages_are_kept_and_revalidated(edge):
    post = PostFactory(tags=["OSCE"])
    for path in (
        "/",
        "/tag/osce/",
        "/feed/",
        "/comments/feed/",
        post.get_absolute_url(),
    ):
        status, headers, _ = fetch(edge, path)
        assert status == 200 and headers["X-Cache"] == "miss", path
        assert "xkey" not in headers and "s-maxage" in headers["Cache-Control"], path
        status, headers, _ = fetch(edge, path)
        assert headers["X-Cache"] == "hit", path
        etag = headers["ETag"]
        status, headers, body = fetch(edge, path, **{"If-None-Match": etag})
        assert status == 304 and body == "", path


def test_parameters_pages_do_not_read_make_no_entries(edge):
    PostFactory()
    assert fetch(edge, "/")[1]["X-Cache"] == "miss"
    for junk in ("?utm_source=mail", "?fbclid=x&utm_medium=y", "?"):
        assert fetch(edge, "/" + junk)[1]["X-Cache"] == "hit", junk
    PostFactory.create_batch(10)
    assert fetch(edge, "/?page=2")[1]["X-Cache"] == "miss"  # a parameter it reads
    assert fetch(edge, "/?utm_source=x&page=2&gclid=y")[1]["X-Cache"] == "hit"


def test_signed_in_and_admin_pass_and_cookies_are_stripped(edge):
    post = PostFactory(title="Shared by all")
    fetch(edge, post.get_absolute_url())
    _, headers, _ = fetch(
        edge, post.get_absolute_url(), Cookie="_ga=GA1.2; csrftoken=x"
    )
    assert headers["X-Cache"] == "hit"
    status, headers, _ = fetch(edge, "/admin/login/")
    assert status == 200 and headers["X-Cache"] == "miss"
    assert (
        "private" in headers["Cache-Control"] or "no-store" in headers["Cache-Control"]
    )
    _, headers, _ = fetch(edge, post.get_absolute_url(), Cookie="sessionid=abc")
    assert headers["X-Cache"] == "miss"


def form_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def post_comment(edge, post, text, **headers):
    _, _, html = fetch(edge, post.get_absolute_url())
    assert "<esi:include" not in html  # Varnish put the form in
    fields = form_fields(html)
    data = {k: fields[k] for k in ("content_type", "object_pk", "timestamp",
                                   "security_hash", "reply_to")}  # fmt: skip
    data |= {"name": "Aigerim", "email": "aigerim@example.kz", "url": "",
             "comment": text, "honeypot": ""}  # fmt: skip
    request = urllib.parse.urlencode(data).encode()
    return edge_post(edge, "/comments/post/", request, headers)


def edge_post(edge, path, body, headers):
    import urllib.request

    from tests.edge.varnish import _direct

    request = urllib.request.Request(
        edge.url + path, data=body, method="POST",
        headers=HTTPS | {"Content-Type": "application/x-www-form-urlencoded"} | headers,
    )  # fmt: skip
    with _direct.open(request, timeout=20) as response:
        return response.status, response.read().decode()


def test_a_comment_posted_and_approved_shows_through_the_edge_within_a_second(edge):
    post, other = PostFactory(), PostFactory()
    url = post.get_absolute_url()
    fetch(edge, url), fetch(edge, other.get_absolute_url())
    assert fetch(edge, url)[1]["X-Cache"] == "hit"
    status, _ = post_comment(edge, post, "Seen from the steppe.", **{
        "Sec-Fetch-Site": "same-origin"})  # fmt: skip
    assert status == 200  # the "awaiting moderation" page, after its redirect
    comment = XtdComment.objects.get(comment="Seen from the steppe.")
    assert not comment.is_public
    assert "Seen from the steppe." not in fetch(edge, url)[2]
    approved_at = time.monotonic()
    approve_comments(
        comments=XtdComment.objects.filter(pk=comment.pk),
        moderator=UserFactory(group="Moderators"),
    )
    while "Seen from the steppe." not in fetch(edge, url)[2]:
        assert time.monotonic() - approved_at < 1, "not visible within a second"
        time.sleep(0.05)
    _, headers, _ = fetch(edge, other.get_absolute_url())
    assert headers["X-Cache"] == "hit"  # an unrelated page stays cached
    assert not PendingPurge.objects.exists()


def test_a_cross_site_or_too_fast_comment_is_refused_through_the_edge(edge, settings):
    post = PostFactory()
    with pytest.raises(Exception) as refused:
        post_comment(edge, post, "Forged.", **{"Sec-Fetch-Site": "cross-site"})
    assert refused.value.code == 403
    settings.COMMENTS_MIN_FILL_SECONDS = 30
    with pytest.raises(Exception) as fast:
        post_comment(edge, post, "Too quick.", **{"Sec-Fetch-Site": "same-origin"})
    assert fast.value.code == 400
    assert not XtdComment.objects.exists()


def test_removed_comment_and_unpublished_post_are_never_served_after_the_purge(edge):
    post = PostFactory(title="Soon withdrawn")
    comment = CommentFactory(content_object=post, comment="Regrettable words.")
    url = post.get_absolute_url()
    fetch(edge, url), fetch(edge, "/")
    assert "Regrettable words." in fetch(edge, url)[2]
    remove_comments(
        comments=XtdComment.objects.filter(pk=comment.pk),
        moderator=UserFactory(group="Moderators"),
    )
    assert not PendingPurge.objects.exists()  # delivered
    assert "Regrettable words." not in fetch(edge, url)[2]
    withdrawn = Post.objects.get(pk=post.pk)
    withdrawn.status = Post.Status.DRAFT
    withdrawn.save()
    assert not PendingPurge.objects.exists()
    assert fetch(edge, url)[0] == 404
    assert "Soon withdrawn" not in fetch(edge, "/")[2]


def test_a_purge_missed_while_the_edge_is_down_is_delivered_later(edge):
    post = PostFactory(title="First title")
    url = post.get_absolute_url()
    fetch(edge, url)
    edge.switch.up = False
    post.title = "Second title"
    post.save()
    assert PendingPurge.objects.count() == 1
    assert "First title" in fetch(edge, url)[2]  # stale at the edge, for now
    edge.switch.up = True
    purges.forget_failures()
    PendingPurge.objects.update(not_before=PendingPurge.objects.get().created_at)
    purges._last_drain[0] = 0
    Client().get("/healthz")  # a later request retries it
    assert not PendingPurge.objects.exists()
    assert "Second title" in fetch(edge, url)[2]


def test_purges_only_from_the_acl(edge):
    status, _, _ = edge.get("/", {"xkey-purge": "posts"}, method="PURGE",
                            source="127.0.0.2")  # fmt: skip
    assert status == 403
    status, _, body = edge.get("/", {"xkey-purge": "posts"}, method="PURGE")
    assert status == 200 and "Purged" in body


class Echo(http.server.BaseHTTPRequestHandler):
    """A backend that shows the headers it got, kept 1 s by the edge."""

    def do_GET(self):  # noqa: N802
        body = (
            "ok" if self.path == "/healthz"
            else f"xff={self.headers.get('X-Forwarded-For')} at {time.time()}"
        ).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Cache-Control", "public, s-maxage=1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_readers_address_passes_and_stale_pages_are_served_while_the_app_is_down():
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    varnish = Varnish(port, probe_interval="0.2s")
    try:
        status, _, body = varnish.get("/x", {"X-Forwarded-For": "203.0.113.7"})
        assert status == 200 and body.startswith("xff=203.0.113.7, 127.0.0.1 ")
        server.shutdown()
        server.server_close()
        time.sleep(3)  # expired, and the probe has seen the backend go
        status, headers, stale = varnish.get("/x")
        assert status == 200 and stale == body and int(headers["Age"]) >= 2
    finally:
        varnish.stop()


def test_a_scheduled_post_appears_at_the_edge_at_its_time_without_a_purge(edge):
    import datetime

    from django.utils import timezone

    PostFactory(title="Already out")
    PostFactory(
        title="Goes live shortly",
        published_at=timezone.now() + datetime.timedelta(seconds=3),
    )
    assert "Goes live shortly" not in fetch(edge, "/")[2]
    _, headers, html = fetch(edge, "/")
    assert headers["X-Cache"] == "hit" and "Goes live shortly" not in html
    time.sleep(3.5)  # s-maxage ended at the publication time
    assert "Goes live shortly" in fetch(edge, "/")[2]
