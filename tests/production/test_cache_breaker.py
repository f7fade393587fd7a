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


def test_a_hung_redis_is_asked_twice_then_left_alone(redis, monkeypatch):
    monkeypatch.setattr(breaker, "BREAK_SECONDS", 1.5)
    cache = caches["default"]
    cache.set("k", "v")
    assert cache.get("k") == "v"
    redis.set("hung")
    assert cache.get("k", "missing") == "missing"  # a timeout: maybe a slow reply
    assert not cache.degraded()
    assert cache.get("k", "missing") == "missing"  # two: a break
    assert cache.degraded()
    began = time.monotonic()
    for _ in range(50):  # fifty timeouts would take 2.5 s
        assert cache.get("k") is None and cache.get_many(["k"]) == {}
    assert time.monotonic() - began < 0.25
    redis.set("up")
    time.sleep(1.6)
    assert cache.get("k") == "v" and not cache.degraded()


def test_one_slow_reply_is_not_an_outage(redis):
    cache = caches["default"]
    cache.set("k", "v")
    for _ in range(3):
        redis.set("hung")
        assert cache.get("k") is None
        redis.set("up")
        assert cache.get("k") == "v"  # answered: the failure is forgotten
    assert not cache.degraded()


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
    assert cache.get("k") is None and cache.get("k") is None  # two failures
    assert cache.degraded()
    cache.set("k", "in memory", None)  # even "for ever" is a second here
    assert cache.get("k") == "in memory"
    time.sleep(1.1)
    assert cache.degraded() and cache.get("k") is None
    redis.set("up")
    breaker.reset()  # as BREAK_SECONDS after the failure would
    assert not cache.degraded() and cache.get("k") == "in Redis"
