import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from django.views.static import serve
from taggit.models import Tag

from blog import protected
from blog.comments.forms import CommentForm
from blog.comments.tree import comments_close_at, comments_open
from blog.edge import surrogate
from blog.languages.names import prefetch_translated_names
from blog.models import Post, Series, published_tag_counts
from blog.search import EXTRA_SEARCHES, MAX_QUERY_LENGTH, clean_query, search_posts
from library.render import preload_images


class PostListMixin:
    """Published posts, 10 a page, with the links to neighbouring pages."""

    paginate_by = 10
    allow_empty = True
    template_name = "blog/post_list.html"
    page_url_name = "blog:home"

    def get_queryset(self):
        return Post.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        if kwargs.get("page") == 1:  # one address per page: /page/1/ is /
            return redirect(self.page_url(1), permanent=True)
        if kwargs.get("page", 1) < 1:  # ListView reads /page/0/ as page 1
            raise Http404("No such page.")
        return super().get(request, *args, **kwargs)

    def page_url(self, number):
        """Pages of /, /tag/x/ have their own paths; archives use ?page=."""
        if not self.page_url_name:
            return (
                f"{self.request.path}?page={number}"
                if number > 1
                else self.request.path
            )
        kwargs = {k: v for k, v in self.kwargs.items() if k != "page"}
        if number > 1:
            kwargs["page"] = number
            return reverse(f"{self.page_url_name}_page", kwargs=kwargs)
        return reverse(self.page_url_name, kwargs=kwargs)

    def get_heading(self):
        return _("Latest posts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        page = context.get("page_obj")
        posts = list(context["object_list"])
        surrogate.depends_on("posts", *(f"post:{post.pk}" for post in posts))
        preload_images(posts)  # short posts are shown whole, images and all
        if page is not None:
            if page.has_previous():
                context["previous_page_url"] = self.page_url(
                    page.previous_page_number()
                )
            if page.has_next():
                context["next_page_url"] = self.page_url(page.next_page_number())
        return context


class HomeView(PostListMixin, ListView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        if page.number == 1:  # pinned posts lead the first page only
            # Most blogs pin nothing: a bare id query first, the listing's only if any.
            pinned_ids = list(
                Post.objects.published()
                .filter(pinned=True)
                .values_list("pk", flat=True)
            )
            pinned = (
                list(Post.objects.filter(pk__in=pinned_ids).for_listing())
                if pinned_ids
                else []
            )
            surrogate.depends_on(*(f"post:{post.pk}" for post in pinned))
            preload_images(pinned)
            ids = {post.pk for post in pinned}
            context["object_list"] = [
                post for post in context["object_list"] if post.pk not in ids
            ]
            context["pinned_posts"] = pinned
        # The home page's heading is hidden and its title is the blog's alone.
        context["is_home"] = True
        return context


class TagView(PostListMixin, ListView):
    page_url_name = "blog:tag"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return _("Posts tagged %(name)s") % {"name": self.tag.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class TagListView(ListView):
    template_name = "blog/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        surrogate.depends_on("posts")
        return published_tag_counts().order_by("name")


class SeriesListView(ListView):
    template_name = "blog/series_list.html"
    context_object_name = "series_list"

    def get_queryset(self):
        surrogate.depends_on("posts")
        published = Q(posts__in=Post.objects.published())
        return Series.objects.annotate(
            part_count=Count("posts", filter=published)
        ).filter(part_count__gt=0)


class SeriesDetailView(DetailView):
    model = Series
    template_name = "blog/series_detail.html"

    def get_context_data(self, **kwargs):
        parts = (
            Post.objects.published()
            .filter(series=self.object)
            .select_related("series")
            .with_series_last_part()  # "Final Part VI"
            .order_by("series_part")
        )
        if not parts:
            raise Http404("This series has no published parts yet.")
        surrogate.depends_on("posts", *(f"post:{part.pk}" for part in parts))
        return super().get_context_data(parts=parts, **kwargs)


class ArchiveMixin(PostListMixin):
    date_field = "published_at"
    month_format = "%m"
    allow_empty = False
    page_url_name = ""


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True

    def get_heading(self):
        return _("Posts from %(date)s") % {"date": self.get_year()}


class MonthArchive(ArchiveMixin, MonthArchiveView):
    def get_heading(self):
        month = datetime.date(int(self.get_year()), int(self.get_month()), 1)
        shown = date_format(month, "YEAR_MONTH_FORMAT")
        return _("Posts from %(date)s") % {"date": shown}


class DayArchive(ArchiveMixin, DayArchiveView):
    def get_heading(self):
        day = datetime.date(
            int(self.get_year()), int(self.get_month()), int(self.get_day())
        )
        return _("Posts from %(date)s") % {"date": date_format(day, "DATE_FORMAT")}


class PostDetailView(DetailView):
    template_name = "blog/post_detail.html"

    def get_queryset(self):
        # No comment count here: the comment list shows it (comment_list).
        return (
            Post.objects.published()
            .select_related(
                "author", "author__author_profile", "series", "featured_image"
            )
            .prefetch_related("tags")
            .with_series_last_part()
        )

    def get_object(self, queryset=None):
        try:
            day = datetime.date(
                int(self.kwargs["year"]),
                int(self.kwargs["month"]),
                int(self.kwargs["day"]),
            )
        except ValueError as exc:
            raise Http404("No such date.") from exc
        post = get_object_or_404(
            self.get_queryset(), slug=self.kwargs["slug"], published_at__date=day
        )
        prefetch_translated_names(post)
        return post

    def get_context_data(self, **kwargs):
        post = self.object
        context = super().get_context_data(post=post, **kwargs)
        surrogate.depends_on("posts", f"post:{post.pk}")
        unlocked = protected.is_unlocked(self.request, post)
        if not (unlocked or kwargs.get("is_preview")):  # the form, not the body
            context["locked"] = True
            context.setdefault("password_form", protected.PasswordForm())
            return context
        open_ = comments_open(post)
        if open_ and (closing := comments_close_at(post)):
            surrogate.expires_at(closing.timestamp())  # the form goes then
        context.update(
            comments_are_open=open_,
            max_thread_level=settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
        )
        user = self.request.user
        if open_ and user.is_authenticated:  # anonymous readers: see comment_form
            initial = {"name": user.get_full_name() or user.get_username()}
            context["form"] = CommentForm(post, initial=initial | {"email": user.email})
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return protected.private(response, self.object)

    def post(self, request, *args, **kwargs):
        """A reader gives a protected post's password."""
        self.object = self.get_object()

        def render(form, status):
            context = self.get_context_data(object=self.object, password_form=form)
            return self.render_to_response(context, status=status)

        return protected.unlock(request, self.object, render)


class PostPreviewView(PermissionRequiredMixin, PostDetailView):
    """An author sees a draft or scheduled post exactly as readers will."""

    permission_required = "blog.change_post"

    def get_queryset(self):
        return Post.objects.for_listing()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, now=timezone.now(), **kwargs)


def media(request, path):
    """Uploads in local files (SERVE_MEDIA: on unless a bucket serves them)."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media are served by the web server.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


class SearchView(PostListMixin, ListView):
    template_name = "blog/search.html"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        self.problem = self.correction = ""
        if not self.query:
            self.problem = _("Type a word or two to search the blog.")
        elif len(self.query) > MAX_QUERY_LENGTH:
            self.problem = _(
                "That search is too long: at most %(limit)s characters, please."
            ) % {"limit": MAX_QUERY_LENGTH}
        if self.problem:
            return Post.objects.none()
        results, self.correction = search_posts(self.query)
        return results

    def page_url(self, number):
        params = {"q": self.query} | ({"page": number} if number > 1 else {})
        return f"{self.request.path}?{urlencode(params)}"

    def get_heading(self):
        if self.query:
            return _("Search results for “%(query)s”") % {"query": self.query}
        return _("Search")

    def get_context_data(self, **kwargs):
        others = []
        if self.query and not self.problem and self.request.GET.get("page", "1") == "1":
            others = [hit for search in EXTRA_SEARCHES for hit in search(self.query)]
        return super().get_context_data(
            query=self.query,
            problem=self.problem,
            correction=self.correction,
            other_results=others,
            **kwargs,
        )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain"
    )
