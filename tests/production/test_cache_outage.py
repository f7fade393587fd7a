"""With Redis down or never there, readers see no difference: nothing they ask for
reads a cache, and /healthz does not send the edge into stale mode for it."""

import json

import pytest
from django.core.cache import caches

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def redis_settings(url):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.05,
                "SOCKET_TIMEOUT": 0.05,
            },
        }
    }


def test_redis_down_changes_nothing_for_readers(client, settings):
    settings.CACHES = redis_settings("redis://127.0.0.1:1/0")
    cache = caches["default"]
    cache.set("k", "v")  # a failure is a miss, never an error
    assert cache.get("k", "missing") == "missing"
    post = PostFactory(title="Still readable", tags=["OSCE"])
    for url in ("/", "/tag/osce/", post.get_absolute_url(), "/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Still readable" in response.content.decode(), url
    health = client.get("/healthz")
    assert health.status_code == 200
    assert json.loads(health.content) == {"database": "ok"}


def test_the_settings_use_django_redis_bounded_when_redis_is_named(monkeypatch):
    import importlib

    from config import settings as config_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setenv("REDIS_TIMEOUT_MS", "40")
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    reloaded = importlib.reload(config_settings)
    try:
        options = reloaded.CACHES["default"]["OPTIONS"]
        assert reloaded.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
        assert options["IGNORE_EXCEPTIONS"] is True
        assert options["SOCKET_TIMEOUT"] == options["SOCKET_CONNECT_TIMEOUT"] == 0.04
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(config_settings)
