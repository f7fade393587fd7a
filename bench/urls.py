"""The product's URLs, and before them the benchmark's same-bytes baseline."""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as steppe_urls


@cache
def _baseline_bytes(path: str) -> bytes:
    with open(path, "rb") as page:
        return page.read()


def baseline(request):
    """Fixed bytes (the home page's) through the same gunicorn and middleware."""
    body = _baseline_bytes(os.environ["STEPPE_BENCH_BASELINE"])
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("__baseline__/", baseline), *steppe_urls]
