"""An author's archive: their published posts under their name, bio and photo."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from blog.authors.models import display_name
from blog.edge import surrogate
from blog.views import PostListMixin


def author_or_404(username):
    """The account of this username; its archive 404s while it has no posts."""
    users = get_user_model().objects.select_related("author_profile__photo")
    return get_object_or_404(users, username=username)


class AuthorView(PostListMixin, ListView):
    page_url_name = "blog:author"
    template_name = "blog/author_detail.html"
    # No published posts: no page, so the archive tells nobody which accounts exist.
    allow_empty = False

    def get_queryset(self):
        self.author = author_or_404(self.kwargs["username"])
        surrogate.depends_on(f"author:{self.author.pk}")
        return super().get_queryset().filter(author=self.author)

    def get_heading(self):
        return display_name(self.author)

    def get_context_data(self, **kwargs):
        profile = getattr(self.author, "author_profile", None)
        return super().get_context_data(author=self.author, profile=profile, **kwargs)
