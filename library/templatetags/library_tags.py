from django import template

from library.render import featured_picture

register = template.Library()


@register.simple_tag
def featured_image(post, lazy=True):
    """The post's featured image as a responsive <picture> (or its old address)."""
    return featured_picture(post, lazy=lazy)
