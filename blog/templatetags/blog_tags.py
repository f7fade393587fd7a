import functools
import json

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog import sidebar_html
from blog.authors.models import display_name
from blog.comments import targets
from blog.comments.forms import render_live_form
from blog.comments.tree import comment_page
from blog.edge import conf as edge_conf
from blog.edge import surrogate
from blog.edge.views import esi_include
from blog.neighbours import neighbours_context
from blog.numerals import roman
from blog.search import highlight
from blog.shortcodes import render_shortcodes
from library.render import render_figures

register = template.Library()


@register.simple_tag
def sidebar():
    """Series, popular tags and monthly archives (kept: blog.sidebar_html)."""
    return sidebar_html.sidebar()


@functools.lru_cache(maxsize=4096)
def _address(prefix: str, name: str, arg: str) -> str:
    return reverse(name, args=[arg])


@register.filter
def tag_url(tag):
    """A tag's address: a listing shows a few dozen, each reversed once a process."""
    return _address(get_script_prefix(), "blog:tag", tag.slug)


@register.filter
def author_url(user):
    """An author's archive, reversed once a process (every listing entry links it)."""
    return _address(get_script_prefix(), "blog:author", user.get_username())


@register.filter(name="roman")
def roman_filter(number):
    return roman(int(number)) if number else ""


@register.filter
def highlighted(headline):
    """A search headline, escaped, with its matches in <mark>."""
    return mark_safe(highlight(headline))  # noqa: S308  highlight() escapes the text


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def blogposting_json_ld(context, post):
    """schema.org BlogPosting as JSON-LD (a data block, which CSP does not run)."""
    absolute = context["request"].build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "author": {
            "@type": "Person",
            "name": display_name(post.author),
            "url": absolute(reverse("blog:author", args=[post.author.get_username()])),
        },
        "mainEntityOfPage": absolute(post.get_absolute_url()),
        "keywords": [tag.name for tag in post.tags.all()],
        "publisher": {"@type": "Organization", "name": settings.BLOG_TITLE},
    }
    if post.is_protected:  # nothing of a protected body: not even its length
        return _json_ld(data)
    data["wordCount"] = post.word_count
    if post.image_url:
        data["image"] = absolute(post.image_url)
    return _json_ld(data)


def _json_ld(data):
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )  # noqa: S308  escaped above


@register.simple_tag
def post_body(post):
    """The post's body with its library images and shortcodes."""
    images = getattr(post, "library_images", None)  # a listing preloads them
    return render_shortcodes(render_figures(post.body, images))


@register.inclusion_tag("blog/neighbours.html")
def post_neighbours(post):
    """The post's series navigation and related posts."""
    return neighbours_context(post)


@register.inclusion_tag("blog/comments/list.html", takes_context=True)
def comment_list(context):
    """The count and one page of a post's (or a page's) approved comments."""
    post = context["post"]
    surrogate.depends_on(targets.cache_name(post))  # "post:12", or "page:3"
    number = context["request"].GET.get("cpage") or "1"
    # A page number that does not exist is a 404 (comment_page raises it).
    return comment_page(post, number, comments_open=context["comments_are_open"])


@register.simple_tag(takes_context=True)
def comment_form(context):
    """The comment form: an Edge Side Include the edge fills in per reader, or
    the form itself (no edge, or a signed-in reader's with their name)."""
    target = context["post"]  # a post, or a page (blog.comments.targets)
    if context.get("form") is not None:  # a signed-in reader's: private anyway
        html = render_to_string("blog/comments/form.html", context.flatten())
    elif edge_conf.uses_esi():
        return esi_include(target)
    else:  # an anonymous reader's: the same for everyone but two signed values
        html = render_live_form(context["request"], target.pk, targets.label(target))
    return mark_safe(html)  # noqa: S308  our template
