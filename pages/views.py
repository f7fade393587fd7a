from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from blog.comments.forms import CommentForm
from blog.comments.tree import comments_close_at, comments_open
from blog.edge import surrogate
from pages.models import Page
from pages.visibility import shown_now

MAX_DEPTH = 20


class PageDetailView(DetailView):
    """A page at its path, with breadcrumbs, its children and its siblings."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        path = self.kwargs["path"]
        parts = path.split("/")
        if len(path) > 500 or len(parts) > MAX_DEPTH or "" in parts:
            raise Http404("No such page.")
        paths = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        # The page and its ancestors in one query; each must be visible.
        found = {
            page.path: page for page in Page.objects.published().filter(path__in=paths)
        }
        if any(p not in found for p in paths):
            raise Http404("No such page.")
        self.ancestors = [found[p] for p in paths[:-1]]
        return found[path]

    def get_context_data(self, **kwargs):
        page = self.object
        surrogate.depends_on("pages", f"page:{page.pk}")
        children = shown_now(Page.objects.published_or_scheduled().filter(parent=page))
        siblings = (
            shown_now(
                Page.objects.published_or_scheduled().filter(parent=page.parent_id)
            )
            if page.parent_id
            else []
        )
        open_ = comments_open(page)
        if open_ and (closing := comments_close_at(page)):
            surrogate.expires_at(closing.timestamp())
        context = super().get_context_data(
            ancestors=self.ancestors,
            parent=self.ancestors[-1] if self.ancestors else None,
            children=children,
            siblings=siblings,
            comments_are_open=open_,
            max_thread_level=settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
            **kwargs,
        )
        user = self.request.user
        if open_ and user.is_authenticated:  # anonymous readers: see comment_form
            name = user.get_full_name() or user.get_username()
            context["form"] = CommentForm(
                page, initial={"name": name, "email": user.email}
            )
        return context


class PagePreviewView(PermissionRequiredMixin, PageDetailView):
    """An author sees a draft or scheduled page as readers will."""

    permission_required = "pages.change_page"

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, pk=self.kwargs["pk"])
        self.ancestors = list(
            Page.objects.filter(path__in=page.ancestor_paths()).order_by("path")
        )
        return page

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)
