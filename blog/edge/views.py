"""The comment form on its own, for the page around it to include (ESI)."""

from django.conf import settings
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


# How long the edge may hand one copy of the form to every reader who asks. The
# form differs only by its timestamp (seconds) and the hash of it, so a second's
# copy costs readers nothing, and a post page through Varnish no longer costs a
# Django request per view.
SHARED_SECONDS = 1


@require_GET
@transaction.non_atomic_requests
def comment_form(request, label, pk):
    """A signed timestamp and hash, shared by the edge for at most a second.

    Fetched for every view of every post page not in the edge's cache, so it asks
    the database nothing: only a page with an open form includes it (that page
    expires when comments close, and is purged when the post goes), and the POST
    checks everything again. Varnish never serves it stale (deploy/varnish.vcl).
    """
    if not targets.is_registered(label) or pk >= 2**63:
        raise Http404("Comments are for posts and pages.")
    # Stamped ahead by the second a copy may wait at the edge, but never by more
    # than the minimum fill time: with none set, a reader may post at once.
    ahead = min(SHARED_SECONDS, settings.COMMENTS_MIN_FILL_SECONDS)
    html = render_live_form(request, pk, label, shared_for=ahead)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={SHARED_SECONDS}"
    return response
