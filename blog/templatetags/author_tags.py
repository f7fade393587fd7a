from django import template

from blog.authors.models import display_name

register = template.Library()


@register.filter
def author_name(user):
    """The name readers see for this author."""
    return display_name(user)
