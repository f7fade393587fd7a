import json

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog import pagecache
from blog.authors.models import display_name
from blog.comments import targets
from blog.comments.forms import render_live_form
from blog.comments.tree import comment_page
from blog.edge import conf as edge_conf
from blog.edge.views import esi_include
from blog.neighbours import render_neighbours
from blog.numerals import roman
from blog.search import highlight
from blog.shortcodes import render_shortcodes
from blog.sidebar import sidebar_context
from library.render import render_figures

register = template.Library()


@register.simple_tag
def sidebar():
    """Series, popular tags and monthly archives; cached until the content changes."""
    return mark_safe(pagecache.cached("sidebar", _render_sidebar))  # noqa: S308  our template


def _render_sidebar() -> str:
    pagecache.depends_on("posts")
    return render_to_string("includes/sidebar.html", sidebar_context())


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
    """The post's body with its shortcodes, kept until the post (or a survey it
    shows) changes."""

    def build():
        pagecache.depends_on(f"post:{post.pk}")
        images = getattr(post, "library_images", None)  # a listing preloads them
        return str(render_shortcodes(render_figures(post.body, images)))

    return mark_safe(pagecache.cached(f"body:{post.pk}", build))  # noqa: S308  sanitized


@register.simple_tag
def post_neighbours(post):
    """The post's series navigation and related posts (a cached fragment)."""
    return mark_safe(render_neighbours(post))  # noqa: S308  our template


@register.simple_tag
def post_summary(post):
    """A post as listings show it, kept until the post or the listings change."""
    if hasattr(post, "html"):  # a RenderedSummary: the view found it cached
        return mark_safe(post.html)  # noqa: S308  rendered by this tag before

    def build():
        pagecache.depends_on(f"post:{post.pk}", "posts")
        return render_to_string("includes/post_summary.html", {"post": post})

    return mark_safe(pagecache.cached(f"summary:{post.pk}", build))  # noqa: S308  our template


@register.simple_tag(takes_context=True)
def comment_list(context):
    """The count and one page of a post's approved comments, kept until they
    change."""
    post, open_ = context["post"], context["comments_are_open"]
    number = context["request"].GET.get("cpage") or "1"

    name = targets.cache_name(post)  # "post:12", or a page's "page:3"

    def build():
        pagecache.depends_on(name)
        page = comment_page(post, number, comments_open=open_)  # a bad number: 404
        return render_to_string("blog/comments/list.html", page)

    key = f"comments:{name}:{number[:12]}:{int(open_)}"
    return mark_safe(pagecache.cached(key, build))  # noqa: S308  our template


@register.simple_tag(takes_context=True)
def comment_form(context):
    """The comment form; a live region, rendered afresh when the page is cached."""
    target = context["post"]  # a post, or a page (blog.comments.targets)
    if context.get("form") is None and edge_conf.uses_esi():
        return esi_include(target)  # the edge puts in each reader's form
    if context.get("form") is None:
        # An anonymous reader's form: the same for everyone but two values.
        html = render_live_form(context["request"], target.pk, targets.label(target))
    else:  # a signed-in reader's, with their name and address filled in
        html = render_to_string("blog/comments/form.html", context.flatten())
    if getattr(context.get("request"), "_page_cache_key", None):
        return pagecache.live_region(targets.live_form_name(target), target.pk, html)
    return mark_safe(html)  # noqa: S308  our template
