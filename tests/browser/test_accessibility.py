"""axe-core (WCAG 2.1 A and AA) finds nothing on any reader page, light or dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from blog.models import Post
from library import demo as library_demo

OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_axe_violations(site, browser, scheme):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    final = Post.objects.get(slug__startswith="expats-impressions")  # a gallery
    figure = Post.objects.get(slug=library_demo.FIGURE_POST)  # a library photo
    comment = XtdComment.objects.get()
    # A pinned post and a locked protected one, as readers meet them.
    Post.objects.filter(pk=final.pk).update(pinned=True)
    protected = Post.objects.create(
        title="A protected note",
        slug="a-protected-note",
        author=final.author,
        body="<p>Only for friends.</p>",
        status=Post.Status.PUBLISHED,
        password="friends",
    )
    urls = [
        "/",
        "/tag/osce/",
        "/tags/",
        "/series/",
        "/series/human-trafficking-essays/",
        "/2010/",
        final.get_absolute_url(),
        protected.get_absolute_url(),
        "/author/author/",
        figure.get_absolute_url(),
        "/no-such-page/",
        f"/comments/reply/{comment.pk}/",
        "/search/?q=trafficking",
        "/surveys/",
        "/surveys/expats-in-kazakhstan/",
        "/surveys/expats-in-kazakhstan/results/",
        "/about/",
        "/about/comments/",
    ]
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    found = {}
    for url in urls:
        page.goto(site.url + url)
        results = axe.run(page, options=OPTIONS)
        if results.violations_count:
            found[url] = results.generate_report()
    context.close()
    assert not found, "\n".join(f"{url}:\n{report}" for url, report in found.items())
