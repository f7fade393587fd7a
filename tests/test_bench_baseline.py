"""The benchmark's same-bytes view is bench/'s, never the product's URL."""

import importlib

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_product_has_no_baseline_url(client, monkeypatch, tmp_path):
    page = tmp_path / "home.html"
    page.write_bytes(b"<p>same bytes</p>")
    monkeypatch.setenv("STEPPE_BENCH_BASELINE", str(page))
    import config.urls

    # Even built while the benchmark's variable is set, the URLconf has no such route.
    importlib.reload(config.urls)
    assert not any("__baseline__" in str(p.pattern) for p in config.urls.urlpatterns)
    assert client.get("/__baseline__/").status_code == 404


def test_bench_settings_serve_the_same_bytes(client, monkeypatch, tmp_path):
    page = tmp_path / "home.html"
    page.write_bytes(b"<p>same bytes</p>")
    monkeypatch.setenv("STEPPE_BENCH_BASELINE", str(page))
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = client.get("/__baseline__/")
        assert response.content == b"<p>same bytes</p>"
        assert client.get("/").status_code == 200  # the product's URLs are there too
