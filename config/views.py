import json

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


@never_cache
@require_GET
@transaction.non_atomic_requests  # it must answer even when no transaction can start
def healthz(request):
    """The database's state as JSON: 200 when it works, else 503.

    The edge (deploy/varnish.vcl) serves stale pages while this fails. Nothing a
    reader asks for needs a cache, so a cache outage is not reported as one.
    """
    up = _database_ok()
    return HttpResponse(
        json.dumps({"database": "ok" if up else "down"}),
        status=200 if up else 503,
        content_type="application/json",
    )
