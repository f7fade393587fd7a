"""The sidebar in two queries: published posts by month and series, and tags."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.formats import date_format

from blog.models import Post, published_tag_counts

POPULAR_TAGS = 20


def archive_and_series():
    """Monthly archive rows and series with their published part counts.

    One GROUP BY over (month, series) gives both: a post is in one month and at
    most one series, so summing the rows either way counts each post once.
    """
    rows = (
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values_list("month", "series__slug", "series__title")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months, series = {}, {}
    for month, slug, title, n in rows:
        months[month] = months.get(month, 0) + n
        if slug is not None:
            series.setdefault(slug, [title, 0])[1] += n
    archive = [
        {
            "url": reverse("blog:month", args=[month.year, month.month]),
            "label": date_format(month, "YEAR_MONTH_FORMAT"),
            "n": n,
        }
        for month, n in sorted(months.items(), reverse=True)
    ]
    series_list = [
        {"url": reverse("blog:series_detail", args=[slug]), "title": title, "n": n}
        for slug, (title, n) in sorted(series.items(), key=lambda item: item[1][0])
    ]
    return archive, series_list


def popular_tags(limit=POPULAR_TAGS):
    """The most used tags, one query, sized 1-4 by use, in alphabetical order."""
    tags = list(published_tag_counts().order_by("-post_count", "name")[:limit])
    top = max((tag.post_count for tag in tags), default=1)
    for tag in tags:
        tag.size = 1 + round(3 * tag.post_count / top)
    return sorted(tags, key=lambda tag: tag.name.lower())


def sidebar_context():
    """What templates/includes/sidebar.html shows."""
    months, series_list = archive_and_series()
    return {"months": months, "series_list": series_list, "tags": popular_tags()}
