from django import template

from blog.shortcodes import render_shortcodes
from library.render import render_figures
from pages.navigation import navigation_links

register = template.Library()


@register.inclusion_tag("pages/navigation.html", takes_context=True)
def page_navigation(context):
    """The navigation's page links; the one the reader is in is marked current."""
    request = context.get("request")
    here = request.path if request is not None else ""
    links = []
    for title, url in navigation_links():
        current = "page" if here == url else "true" if here.startswith(url) else ""
        links.append({"title": title, "url": url, "current": current})
    return {"links": links}


@register.simple_tag
def page_body(page):
    """The page's body through the posts' renderer (library images, shortcodes)."""
    return render_shortcodes(render_figures(page.body))
