from django import template

from surveys.results import plain

register = template.Library()


@register.filter
def pct(number):
    """A percentage without trailing zeros: 33.00 -> 33, 7.40 -> 7.4."""
    return plain(number) if number is not None else ""
