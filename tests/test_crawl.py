"""A crawler's view of the demo blog: every link a reader can follow lands.

Starting from the home page, follow every same-site address in href, src and
srcset (links, stylesheets, images, feeds, alternates), the way a link checker
or a search engine would, and require each to answer 200 or to redirect to an
address that does. Feeds must parse, and no page may point at a 404.
"""

from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/accounts/")  # staff pages: a crawler is sent to sign in
LIMIT = 600


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.found.append(value)
            elif name == "srcset":
                self.found.extend(
                    part.split()[0] for part in value.split(",") if part.strip()
                )


def same_site(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or (
        parts.netloc and parts.netloc != "testserver"
    ):
        return None
    if url.startswith(("mailto:", "javascript:", "#")):
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def follow(client, url, hops=5):
    response = client.get(url)
    while response.status_code in (301, 302, 307, 308) and hops:
        url = urljoin(url, response["Location"])
        response = client.get(url)
        hops -= 1
    return url, response


def test_every_link_on_the_demo_blog_lands(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seen, queue, broken, feeds = set(), ["/"], [], []
    while queue and len(seen) < LIMIT:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if url.startswith(settings.STATIC_URL):  # not collected in tests: ask finders
            name = unquote(url.removeprefix(settings.STATIC_URL).split("?")[0])
            if not finders.find(name):
                broken.append((url, 404))
            continue
        final, response = follow(client, url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        kind = response.get("Content-Type", "")
        if "xml" in kind and ("rss" in kind or "atom" in kind or "/feed" in final):
            feeds.append((final, response.content))
        if not kind.startswith("text/html"):
            continue
        links = Links()
        links.feed(response.content.decode())
        for found in links.found:
            target = same_site(
                urljoin(final, found.split("#")[0]) if found[0] != "#" else "#"
            )
            if target and not unquote(target).startswith(SKIP_PREFIXES):
                queue.append(target)

    assert not broken, broken
    assert len(seen) > 40, f"the crawl found only {len(seen)} addresses"
    assert len(seen) < LIMIT, (
        "the crawl does not end: some links generate new addresses"
    )
    assert feeds, "no feed was linked from the pages"
    for url, body in feeds:
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        assert parsed.entries or "comments" in url, url
