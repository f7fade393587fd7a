from django import template
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from blog.models import Post, Series
from blog.numerals import roman

register = template.Library()


@register.inclusion_tag("includes/sidebar.html")
def sidebar():
    """Series and monthly archives: two queries, whatever the blog's size."""
    months = (
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )
    series = Series.objects.annotate(
        part_count=Count("posts", filter=Q(posts__in=Post.objects.published()))
    ).filter(part_count__gt=0)
    return {"months": months, "series_list": series}


@register.filter(name="roman")
def roman_filter(number):
    return roman(int(number)) if number else ""
