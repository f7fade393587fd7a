"""Old WordPress addresses answer 301 with the post's new address.

`/?p=123` (WordPress's own short link) is looked up by WordPress ID; any other old
permalink is looked up in the Redirect table, only when nothing else answered
(a 404); so are `/category/<path>/` (to the category's tag) and `/author/<login>/`
(to the author's archive, where the username differs from the login). The target
is always an address of this site built from stored rows, never anything taken
from the request, so there is no open redirect.
"""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from blog.models import Post
from blog.wxr.models import Redirect, WordPressAuthor, WordPressId, WordPressTerm
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


def old_category(request):
    parts = request.path.strip("/").split("/")
    page = None
    if len(parts) > 3 and parts[-2] == "page" and parts[-1].isdigit():
        parts, page = parts[:-2], int(parts[-1])  # /category/x/page/2/
    if len(parts) < 2 or parts[0] != "category":
        return None
    term = (
        WordPressTerm.objects.filter(
            taxonomy=WordPressTerm.Taxonomy.CATEGORY, path="/".join(parts[1:])[:500]
        )
        .select_related("tag")
        .order_by("-pk")
        .first()
    )
    if term is None:
        return None
    if page and page > 1:
        target = reverse("blog:tag_page", args=[term.tag.slug, page])
    else:
        target = reverse("blog:tag", args=[term.tag.slug])
    return HttpResponsePermanentRedirect(target)


def old_author(request):
    parts = request.path.strip("/").split("/")
    if len(parts) != 2 or parts[0] != "author":
        return None
    author = (
        WordPressAuthor.objects.filter(login=parts[1][:200])
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    if author is None or author.user.username == parts[1]:
        return None  # the same address: the author archive answers it
    return HttpResponsePermanentRedirect(
        reverse("blog:author", args=[author.user.get_username()])
    )


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
            for find in (old_permalink, old_category, old_author):
                if redirect := self._try(find, request):
                    return redirect
        return response

    @staticmethod
    def _try(find, request):
        try:
            return find(request)
        except DatabaseError:  # the page itself says the database is down
            return None
