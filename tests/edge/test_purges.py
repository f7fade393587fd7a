"""Writes purge exactly the names they bump, after commit; failures are retried."""

import socket
import time

import pytest
from django.core.management import call_command
from django.test import Client

from blog.comments.services import approve_comments, remove_comments
from blog.edge import purges
from blog.edge.models import PendingPurge
from blog.roles import sync_roles
from tests.edge.purge_sink import PurgeSink
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sinks(settings):
    made = [PurgeSink(), PurgeSink()]
    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = [sink.url for sink in made]
    purges.forget_failures()
    yield made
    purges.forget_failures()
    for sink in made:
        sink.close()


@pytest.fixture
def moderator():
    sync_roles()  # a live-server test before this one may have flushed the groups
    return UserFactory(group="Moderators")


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_approving_a_comment_purges_its_post_and_the_comment_feed_everywhere(
    sinks, moderator, django_capture_on_commit_callbacks
):
    post, other = PostFactory(), PostFactory()
    comment = CommentFactory(content_object=post, is_public=False)
    PendingPurge.objects.all().delete()  # the setup's own writes
    with django_capture_on_commit_callbacks(execute=True):
        approve_comments(
            comments=type(comment).objects.filter(pk=comment.pk), moderator=moderator
        )
    for sink in sinks:
        assert sink.all_keys() == {f"post:{post.pk}", "comments"}
        assert f"post:{other.pk}" not in sink.all_keys()
    assert not PendingPurge.objects.exists()


def test_nothing_is_purged_before_commit_or_after_a_rollback(
    sinks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PostFactory()
    assert callbacks and not sinks[0].purged  # queued, waiting for the commit
    assert PendingPurge.objects.count() == 2  # one row per host, with the change


def test_a_failed_purge_is_kept_and_delivered_later(
    sinks, settings, django_capture_on_commit_callbacks
):
    sinks[0].failing = True
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory()
    assert sinks[1].all_keys() >= {f"post:{post.pk}", "posts"}
    pending = PendingPurge.objects.get()
    assert pending.url == sinks[0].url and pending.attempts == 1
    sinks[0].failing = False
    assert purges.drain() == 0  # not due yet: a failing host is left alone a while
    PendingPurge.objects.update(not_before=pending.created_at)
    purges.forget_failures()
    purges._last_drain[0] = 0
    Client().get("/healthz")  # any later request drains what is due
    assert sinks[0].all_keys() >= {f"post:{post.pk}", "posts"}
    assert not PendingPurge.objects.exists()


def test_drain_purges_delivers_everything_pending(
    sinks, django_capture_on_commit_callbacks
):
    sinks[0].failing = sinks[1].failing = True
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory()
    assert PendingPurge.objects.count() == 2
    sinks[0].failing = sinks[1].failing = False
    call_command("drain_purges", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert all(f"post:{post.pk}" in sink.all_keys() for sink in sinks)
    assert not PendingPurge.objects.exists()


def test_a_down_edge_costs_a_write_at_most_one_short_timeout(
    settings, moderator, django_capture_on_commit_callbacks
):
    settings.STEPPE_EDGE = "varnish"
    # A black hole (no answer at all), and a refused port.
    settings.STEPPE_EDGE_PURGE_URLS = ["http://10.255.255.1:6081/", closed_port_url()]
    purges.forget_failures()
    post = PostFactory()
    comments = type(CommentFactory(content_object=post)).objects.all()
    PendingPurge.objects.all().delete()  # the setup's own writes
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        remove_comments(comments=comments, moderator=moderator)
    first = time.monotonic() - started
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Edited"
        post.save()
    second = time.monotonic() - started
    purges.forget_failures()
    assert first < purges.TIMEOUT + 0.5
    assert second < 0.2  # the hosts that just failed are not tried again at once
    assert PendingPurge.objects.count() == 4  # and nothing is lost


def test_no_edge_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory()
    assert not PendingPurge.objects.exists()


def test_many_keys_go_in_several_requests(sinks):
    keys = [f"post:{number}" for number in range(250)]
    assert purges.send(sinks[0].url, keys)
    assert len(sinks[0].purged) == 3 and sinks[0].all_keys() == set(keys)
