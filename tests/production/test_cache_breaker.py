"""The cache circuit breaker in one process, and bumps that could not reach Redis."""

import time

import pytest
from django.core.cache import caches

from blog import pagecache
from config import cache as breaker
from config.cache import redis_cache
from tests.factories import CommentFactory, PostFactory
from tests.production.faults import RedisProxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis(settings, monkeypatch):
    proxy = RedisProxy()
    settings.CACHES = {"default": redis_cache(proxy.url, 0.05)}
    monkeypatch.setattr(breaker, "BREAK_SECONDS", 0.5)
    breaker.reset()
    caches["default"].clear()
    yield proxy
    proxy.close()
    breaker.reset()
    pagecache.forget_copies()


def test_a_hung_redis_is_asked_once_then_left_alone(redis):
    cache = caches["default"]
    cache.set("k", "v")
    assert cache.get("k") == "v"
    redis.set("hung")
    began = time.monotonic()
    assert cache.get("k", "missing") == "missing"  # one timeout
    for _ in range(50):
        assert cache.get("k") is None and cache.get_many(["k"]) == {}
    assert time.monotonic() - began < 0.2
    redis.set("up")
    time.sleep(0.6)
    assert cache.get("k") == "v"


def test_a_bump_lost_while_redis_hangs_is_sent_when_it_is_back(client, redis):
    post = PostFactory(title="Moderated")
    url = post.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    redis.set("hung")
    CommentFactory(post=post, comment="Approved during the outage")
    assert "Approved during the outage" in client.get(url).content.decode()

    redis.set("up")
    time.sleep(0.6)
    # Without the resend the page kept before would be served until MAX_AGE.
    assert "Approved during the outage" in client.get(url).content.decode()


def test_while_redis_is_out_each_process_caches_for_a_few_seconds(redis, monkeypatch):
    monkeypatch.setattr(breaker, "FALLBACK_SECONDS", 1)
    monkeypatch.setattr(breaker, "BREAK_SECONDS", 5)
    cache = caches["default"]
    cache.set("k", "in Redis")
    redis.set("dead")
    assert cache.get("k") is None  # the call that trips the breaker
    assert cache.degraded()
    cache.set("k", "in memory", None)  # even "for ever" is a second here
    assert cache.get("k") == "in memory"
    time.sleep(1.1)
    assert cache.degraded() and cache.get("k") is None
    redis.set("up")
    breaker.reset()  # as BREAK_SECONDS after the failure would
    assert not cache.degraded() and cache.get("k") == "in Redis"
