from collections import defaultdict

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from taggit.models import Tag

from blog.authors.models import display_name
from blog.comments import targets
from blog.comments.tree import approved_comments
from blog.edge import surrogate
from blog.languages.feeds import LanguageAtomFeed, LanguageRssFeed
from blog.models import Post, Series, TaggedPost
from blog.xmltext import xml_safe

ITEMS = 20


class XmlSafeFeed(Feed):
    """A feed whose texts drop what XML 1.0 cannot carry (a 500 otherwise)."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = xml_safe(feed.items)
        return feed


class PostFeed(XmlSafeFeed):
    """The newest published posts, in full or as excerpts (FEED_FULL_CONTENT)."""

    feed_type = LanguageRssFeed

    # Read when asked, not at import: the site's name is the site's, in its language.
    def title(self):
        return settings.BLOG_TITLE

    def description(self):
        return settings.BLOG_TAGLINE

    def __call__(self, request, *args, **kwargs):
        self.request = request  # enclosure URLs must be absolute
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("blog:home")

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj=None):
        surrogate.depends_on("posts")
        items = list(
            self.posts(obj).select_related(
                "author", "author__author_profile", "featured_image"
            )[:ITEMS]
        )
        # One query for the tags; taggit's prefetch builds a queryset per post.
        names = defaultdict(list)
        links = TaggedPost.objects.filter(content_object__in=items)
        for link in links.select_related("tag").order_by("tag__name"):
            names[link.content_object_id].append(link.tag.name)
        for item in items:
            item.tag_names = names[item.pk]
        return items

    def item_title(self, item):
        surrogate.depends_on(f"post:{item.pk}")
        return item.title

    def item_description(self, item):
        if item.is_protected:  # its summary says so, and shows nothing of it
            return escape(item.summary)
        if settings.FEED_FULL_CONTENT:
            return item.body
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_extra_kwargs(self, item):
        return {"language": item.language}

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return display_name(item.author)

    def item_categories(self, item):
        return item.tag_names

    def item_enclosures(self, item):
        image = item.featured_image
        if image is None or item.is_protected:
            return []
        url = self.request.build_absolute_uri(image.url)
        kind = "image/jpeg" if url.endswith(".jpg") else "image/png"
        return [Enclosure(url, str(image.file_size), kind)]


class PostAtomFeed(PostFeed):
    feed_type = LanguageAtomFeed

    def subtitle(self):
        return settings.BLOG_TAGLINE


class TagFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("%(blog)s: posts tagged %(name)s") % {
            "blog": settings.BLOG_TITLE,
            "name": obj.name,
        }

    def link(self, obj):
        return reverse("blog:tag", args=[obj.slug])

    def posts(self, obj):
        return Post.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = LanguageAtomFeed


class SeriesFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def title(self, obj):
        return f"{settings.BLOG_TITLE}: {obj.title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or obj.title

    def posts(self, obj):
        return Post.objects.published().filter(series=obj)


class SeriesAtomFeed(SeriesFeed):
    feed_type = LanguageAtomFeed


class CommentFeed(XmlSafeFeed):
    """Approved comments, newest first; reader text is escaped, never HTML."""

    def title(self):
        return _("%(blog)s: comments") % {"blog": settings.BLOG_TITLE}

    def description(self):
        return _("The newest approved comments")

    def link(self):
        return reverse("blog:home")

    def items(self):
        surrogate.depends_on("comments", "posts", *targets.listed_as)
        # Twice as many as shown, since comments on unpublished posts drop out.
        comments = approved_comments().order_by("-submit_date")[: ITEMS * 2]
        # Comments on a protected post are hidden until it is unlocked.
        shown = [
            comment
            for comment in targets.with_targets(comments)
            if not getattr(comment.target, "is_protected", False)
        ]
        return shown[:ITEMS]

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {
            "name": item.user_name,
            "title": item.target.title,
        }

    def item_description(self, item):
        return linebreaks(escape(item.comment))

    def item_link(self, item):
        return f"{item.target.get_absolute_url()}#c{item.pk}"

    def item_pubdate(self, item):
        return item.submit_date

    def item_author_name(self, item):
        return item.user_name
