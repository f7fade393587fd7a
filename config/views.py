import json

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001  any failure means "not usable"
        return False


def _cache_ok() -> bool:
    if getattr(cache, "degraded", lambda: False)():
        return False  # a stand-in answers while the shared cache is out
    # A cache that forgives errors (django-redis) drops the write and misses.
    try:
        cache.set("healthz", "ok", 5)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001
        return False


@never_cache
@require_GET
@transaction.non_atomic_requests  # it must answer even when no transaction can start
def healthz(request):
    """Database and cache state as JSON: 200 when both work, else 503."""
    state = {"database": _database_ok(), "cache": _cache_ok()}
    body = {name: "ok" if up else "down" for name, up in state.items()}
    return HttpResponse(
        json.dumps(body),
        status=200 if all(state.values()) else 503,
        content_type="application/json",
    )
