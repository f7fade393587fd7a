"""The comment form on its own, for the page around it to include (ESI)."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from blog.comments import targets
from blog.comments.forms import render_live_form


def esi_include(target) -> str:
    """The tag Varnish (or Fastly) replaces with this reader's form."""
    url = reverse("comment_form_fragment", args=[targets.label(target), target.pk])
    return format_html('<esi:include src="{}"/>', url)


@require_GET
@transaction.non_atomic_requests
def comment_form(request, label, pk):
    """A fresh signed timestamp and hash for one reader: never kept by any cache.

    Fetched for every view of every post page, so it asks the database nothing:
    only a page with an open form includes it (that page expires when comments
    close, and is purged when the post goes), and the POST checks everything again.
    """
    if not targets.is_registered(label) or pk >= 2**63:
        raise Http404("Comments are for posts and pages.")
    response = HttpResponse(render_live_form(request, pk, label))
    response["Cache-Control"] = "private, no-store"
    return response
