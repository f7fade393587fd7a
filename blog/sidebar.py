"""The sidebar in two queries: published posts by month and series, and tags.

Every page shows it, so its rows are made ready here and the template only
prints them: ten years of months would otherwise cost a reverse() and a
date_format() each (~0.1 ms apiece), more than the queries.
"""

from datetime import date

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth

from blog.dates import formatter
from blog.models import Post, published_tag_counts
from blog.urlfill import url_filler

POPULAR_TAGS = 20


def archive_and_series():
    """Monthly archive rows and series with their published part counts.

    One GROUP BY over (month, series) gives both: a post is in one month and at
    most one series, so summing the rows either way counts each post once.
    """
    rows = (
        Post.objects.published()
        # Dates, not TruncMonth's datetimes: no time zone work per row in Python;
        # and one conversion to local time a post in SQL, not one each for the
        # year and the month (half the query's time).
        .annotate(month=TruncMonth("published_at", output_field=DateField()))
        .values_list("month", "series__slug", "series__title")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months, series = {}, {}
    for first_day, slug, title, n in rows:
        key = (first_day.year, first_day.month)
        months[key] = months.get(key, 0) + n
        if slug is not None:
            series.setdefault(slug, [title, 0])[1] += n
    month_url = url_filler("blog:month", 9876, 98)  # the URL pads to 2 digits
    label = formatter("YEAR_MONTH_FORMAT")
    archive = [
        {
            "url": month_url(year, f"{month:02d}"),
            "label": label(date(year, month, 1)),
            "n": str(n),  # a string: the template need not localize it
        }
        for (year, month), n in sorted(months.items(), reverse=True)
    ]
    series_url = url_filler("blog:series_detail", "series-slug-marker")
    series_list = [
        {"url": series_url(slug), "title": title, "n": str(n)}
        for slug, (title, n) in sorted(series.items(), key=lambda item: item[1][0])
    ]
    return archive, series_list


def popular_tags(limit=POPULAR_TAGS):
    """The most used tags, one query, sized 1-4 by use, in alphabetical order."""
    tags = list(published_tag_counts().order_by("-post_count", "name")[:limit])
    top = max((tag.post_count for tag in tags), default=1)
    tag_url = url_filler("blog:tag", "tag-slug-marker")
    for tag in tags:
        tag.size = 1 + round(3 * tag.post_count / top)
        tag.url = tag_url(tag.slug)
    return sorted(tags, key=lambda tag: tag.name.lower())


def sidebar_context():
    """What templates/includes/sidebar.html shows."""
    months, series_list = archive_and_series()
    return {"months": months, "series_list": series_list, "tags": popular_tags()}
