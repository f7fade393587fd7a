"""With Redis down the blog keeps working, uncached; /healthz says so."""

import json

import pytest
from django.core.cache import caches

from config import cache as breaker
from config.cache import redis_cache as cache_settings
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def redis_cache(settings, url):
    settings.CACHES = {"default": cache_settings(url, 0.05)}
    breaker.reset()
    return caches["default"]


def test_redis_down_site_works_uncached(client, settings):
    cache = redis_cache(settings, "redis://127.0.0.1:1/0")
    cache.set("k", "v")
    assert cache.get("k", "missing") == "missing"
    assert cache.get_many(["k"]) == {} and not cache.delete("k")
    PostFactory(title="Still readable")
    assert "Still readable" in client.get("/").content.decode()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert json.loads(health.content) == {"database": "ok", "cache": "down"}


def test_redis_up_is_used_and_healthy(client, settings):
    cache = redis_cache(settings, "redis://127.0.0.1:6379/9")
    cache.set("k", "v", 5)
    assert cache.get("k") == "v"
    assert json.loads(client.get("/healthz").content) == {
        "database": "ok",
        "cache": "ok",
    }
