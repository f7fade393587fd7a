"""Cross-site request refusal by Fetch Metadata, for forms on shared pages.

A page kept by the edge is the same for every reader, and Varnish drops the
Set-Cookie of an Edge Side Include, so the comment form cannot carry Django's
cookie-paired CSRF token. Its POST is refused instead when the browser says it
comes from another site: `Sec-Fetch-Site` (every current browser sends it), else
`Origin`, as OWASP's CSRF cheat sheet recommends and Go's CrossOriginProtection
does. A request with neither does not come from a browser, so cannot be forged by
a page a reader visits. The form's signed timestamp, hash, honeypot and minimum
fill time still apply (blog.comments.views).
"""

from functools import wraps

from django.conf import settings
from django.middleware.csrf import _get_failure_view
from django.views.decorators.csrf import csrf_exempt

ALLOWED_SITES = {"same-origin", "none"}  # "none": the reader's own navigation


def cross_site(request) -> bool:
    """Did a page on another site make the browser send this request?"""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in ALLOWED_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


def same_origin_only(view):
    """Instead of the CSRF cookie: refuse cross-site requests, as the CSRF failure
    view would (which keeps a comment's text)."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        # The test client's switch for CSRF checks covers this one too.
        checking = not getattr(request, "_dont_enforce_csrf_checks", False)
        if checking and cross_site(request):
            return _get_failure_view()(request, reason="cross-site request")
        return view(request, *args, **kwargs)

    return checked
