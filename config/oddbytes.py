"""Requests no page can answer: NUL bytes, and form posts in another charset.

One check in front of every route, rather than a converter on each: a NUL can
never be part of a Steppe address or search (PostgreSQL cannot even compare text
with it, so any query with one is a 500), and routes that other apps add are
covered without them knowing. A path with one names nothing (404); a query or a
form charset Django will refuse is a malformed request (400).
"""

from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string

FORM = "application/x-www-form-urlencoded"


class OddBytesMiddleware:
    """404 for a NUL in the path, 400 for a NUL in the query or a non-UTF-8 form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("A NUL byte in the path")
        if "\x00" in request.META.get("QUERY_STRING", "") or _has_nul(request.GET):
            return bad_request(request)
        charset = (request.encoding or "utf-8").lower()
        if request.content_type == FORM and charset != "utf-8":
            # Django refuses to read such a form (BadRequest), and its 400 handler
            # then reads the form again for the CSRF check, so gunicorn answers a
            # bare 500: answer before anything reads request.POST.
            return bad_request(request)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query.lists()
    )


def bad_request(request):
    """The 400 page; it needs no database and reads nothing the client sent."""
    return HttpResponseBadRequest(render_to_string("400.html"))
