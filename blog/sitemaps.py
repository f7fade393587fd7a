from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Q
from django.urls import reverse
from taggit.models import Tag

from blog.languages.sitemaps import TranslationAlternates
from blog.models import Post, Series


class PostSitemap(TranslationAlternates, Sitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published().only(
            "slug", "published_at", "updated_at", "language", "translation_of"
        )

    def lastmod(self, post):
        return post.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Q(
            blog_taggedpost_items__content_object__in=Post.objects.published()
        )
        return (
            Tag.objects.annotate(
                n=Count("blog_taggedpost_items", filter=published),
                last=Max(
                    "blog_taggedpost_items__content_object__updated_at",
                    filter=published,
                ),
            )
            .filter(n__gt=0)
            .order_by("name")
        )

    def location(self, tag):
        return reverse("blog:tag", args=[tag.slug])

    def lastmod(self, tag):
        return tag.last


class SeriesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        published = Q(posts__in=Post.objects.published())
        return (
            Series.objects.annotate(last=Max("posts__updated_at", filter=published))
            .filter(last__isnull=False)
            .order_by("title")
        )

    def lastmod(self, series):
        return series.last


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["blog:home", "blog:series_list", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PagesSitemap,
    "posts": PostSitemap,
    "series": SeriesSitemap,
    "tags": TagSitemap,
}
