"""The comment form on its own, for the page around it to include (ESI)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from blog import protected
from blog.comments import targets
from blog.comments.forms import render_live_form
from blog.comments.tree import comments_open


def esi_include(target) -> str:
    """The tag Varnish (or Fastly) replaces with this reader's form."""
    url = reverse("comment_form_fragment", args=[targets.label(target), target.pk])
    return format_html('<esi:include src="{}"/>', url)


@require_GET
def comment_form(request, label, pk):
    """A fresh signed timestamp and hash for one reader: never kept by any cache."""
    target = targets.find(label, pk)
    html = ""
    if comments_open(target) and protected.is_unlocked(request, target):
        html = render_live_form(request, target.pk, label)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response
