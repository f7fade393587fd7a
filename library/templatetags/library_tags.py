from django import template

from library.render import featured_picture, picture, shows

register = template.Library()


@register.simple_tag
def featured_image(post, lazy=True):
    """The post's featured image as a responsive <picture> (or its old address)."""
    return featured_picture(post, lazy=lazy)


@register.simple_tag
def author_photo(image):
    """An author's photo beside their bio: small, so the narrowest rendition."""
    shows(image)  # a cached author page follows edits to the image
    return picture(image, alt=image.alt_text, sizes="6rem", lazy=False)
