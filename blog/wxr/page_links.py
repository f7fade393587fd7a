"""Old WordPress addresses of imported pages: /?page_id=N and old permalinks.

Both answer 301 to the page's address here, only while readers can open it; as
for posts, the target is built from stored rows, never from the request.
"""

from django.http import HttpResponsePermanentRedirect

from blog.wxr.models import PageRedirect, WordPressId


def _readable(pk):
    from pages.models import Page

    return Page.objects.readable().filter(pk__in=pk).first()


def page_short_link(wp_id: str):
    links = WordPressId.objects.filter(kind=WordPressId.Kind.PAGE, wp_id=wp_id)
    page = _readable(links.order_by("-pk").values_list("object_id", flat=True)[:1])
    return HttpResponsePermanentRedirect(page.get_absolute_url()) if page else None


def old_page_permalink(request):
    path = request.path[:500]
    redirect = PageRedirect.objects.filter(old_path__in={path, path.rstrip("/") + "/"})
    page = _readable(redirect.values_list("page_id", flat=True)[:1])
    if page is None or page.get_absolute_url() == request.path:
        return None
    return HttpResponsePermanentRedirect(page.get_absolute_url())
