from django import template

from blog.edge import surrogate
from blog.languages import language_name, og_locale
from blog.languages.translations import translations
from blog.models import Post

register = template.Library()


@register.simple_tag
def post_translations(post):
    """The published posts of post's translation group, itself included, by code."""
    cached = getattr(post, "_translations", None)
    if cached is None:
        # A newly published translation changes "posts", so this page follows.
        surrogate.depends_on("posts")
        cached = translations(post, Post.objects.published())
        if post not in cached:  # a preview shows its group before it is published
            cached = sorted([*cached, post], key=lambda other: other.language)
        post._translations = cached
    return cached if len(cached) > 1 else []


@register.filter
def name_of_language(code):
    return language_name(code)


@register.filter(name="og_locale")
def og_locale_filter(code):
    return og_locale(code)


@register.filter
def name_in(term, language):
    """A tag's name or a series' title in this language, if it was given one.

    Only prefetched names are read, so a listing never makes a query per tag.
    """
    prefetched = getattr(term, "_prefetched_objects_cache", {})
    for translated in prefetched.get("translated_names", ()):
        if translated.language == language:
            return getattr(translated, "name", None) or translated.title
    return getattr(term, "name", None) or term.title


@register.filter
def other_than(group, post):
    """The group without this post: the links to its translations."""
    return [other for other in group if other.pk != post.pk]
