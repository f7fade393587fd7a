"""Old WordPress addresses answer 301 with the post's new address.

`/?p=123` (WordPress's own short link) is looked up by WordPress ID; any other old
permalink is looked up in the Redirect table, only when nothing else answered
(a 404). The target is always a post's own address on this site, never anything
taken from the request, so there is no open redirect.
"""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from blog.models import Post
from blog.wxr.models import Redirect, WordPressId
from blog.wxr.page_links import old_page_permalink, page_short_link


def _published(pk):
    return Post.objects.published().filter(pk=pk).first()


def short_link(request):
    wp_id = request.GET.get("p") or request.GET.get("page_id") or ""
    if request.path != "/" or not wp_id.isdigit() or len(wp_id) > 18:
        return None
    link = (
        WordPressId.objects.filter(kind=WordPressId.Kind.POST, wp_id=wp_id)
        .order_by("-pk")
        .first()
    )
    post = _published(link.object_id) if link else None
    if post is None:  # WordPress answers /?p=N for pages too
        return page_short_link(wp_id)
    return HttpResponsePermanentRedirect(post.get_absolute_url())


def old_permalink(request):
    path = request.path[:500]
    redirect = Redirect.objects.filter(old_path__in={path, path.rstrip("/") + "/"})
    post = _published(redirect.values_list("post_id", flat=True)[:1])
    if post is None:
        return old_page_permalink(request)
    if post.get_absolute_url() == request.path:
        return None
    return HttpResponsePermanentRedirect(post.get_absolute_url())


class WordPressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        redirect = self._try(short_link, request) if reading else None
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if response.status_code == 404 and reading:
            return self._try(old_permalink, request) or response
        return response

    @staticmethod
    def _try(find, request):
        try:
            return find(request)
        except DatabaseError:  # the page itself says the database is down
            return None
