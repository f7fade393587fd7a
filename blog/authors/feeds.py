from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.authors.models import display_name
from blog.authors.views import author_or_404
from blog.feeds import PostFeed
from blog.languages.feeds import LanguageAtomFeed
from blog.models import Post


class AuthorFeed(PostFeed):
    """An author's newest published posts."""

    def get_object(self, request, username):
        author = author_or_404(username)
        if not Post.objects.published().filter(author=author).exists():
            raise Http404("This author has published nothing yet.")
        return author

    def title(self, obj):
        return _("%(blog)s: posts by %(name)s") % {
            "blog": settings.BLOG_TITLE,
            "name": display_name(obj),
        }

    def link(self, obj):
        return reverse("blog:author", args=[obj.get_username()])

    def posts(self, obj):
        return Post.objects.published().filter(author=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = LanguageAtomFeed
