"""The WordPress baseline is real: generate.py's blog, served by nginx and php-fpm.

bench/wordpress.py installs Debian's WordPress, loads the same content as
bench/generate.py and serves it; these tests run its tiny version (scale 0.01) and
read the pages as a reader would. Skipped only where php-fpm is not installed (CI
installs it); anything else missing fails.
"""

import os
import re
import socket
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.append(str(BENCH))  # after the project's own modules: none is shadowed

from wordpress import get  # noqa: E402
from wordpress_content import blog_sql, make_blog  # noqa: E402
from wordpress_stack import WordPress, missing, php_fpm  # noqa: E402

SCALE = 0.01  # 100 posts, 5 tags, 1,110 comments (10 on the big post)


@pytest.mark.django_db
def test_the_content_is_generate_pys():
    """Same titles, bodies, tags per post and comments per post as generate.py."""
    import generate  # bench/generate.py: it fills the test database
    from django_comments.models import Comment

    from blog.models import Post

    generate.generate(SCALE)
    blog = make_blog(SCALE)
    posts = {p.pk: p for p in Post.objects.prefetch_related("tags")}
    by_slug = {p.slug: p for p in posts.values()}
    assert len(by_slug) == len(blog.posts) == 100
    for slug, title, body, _ in blog.posts:
        assert (by_slug[slug].title, by_slug[slug].body) == (title, body)
    tags = {slug: {t.slug for t in p.tags.all()} for slug, p in by_slug.items()}
    mirrored = {slug: set() for slug, *_ in blog.posts}
    for post, tag in blog.tagging:
        mirrored[blog.posts[post][0]].add(blog.tags[tag][1])
    assert tags == mirrored
    comments = [
        (posts[int(c.object_pk)].slug, c.user_name, c.user_email, c.comment)
        for c in Comment.objects.order_by("pk")
    ]
    assert comments == [
        (blog.posts[post][0], name, email, text)
        for post, name, email, text in blog.comments
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site():
    if php_fpm() is None:
        pytest.skip("php-fpm is not installed (.ci/run installs it)")
    assert not missing(), missing()
    blog = make_blog(SCALE)
    port = int(os.environ.get("BENCH_WP_PORT") or free_port())
    with WordPress(port=port, database="steppe_wordpress_test") as wordpress:
        assert wordpress.install() == "twentytwentythree"  # the package's theme
        wordpress.load(blog_sql(blog, wordpress.url))
        wordpress.run_cron()
        wordpress.serve()
        yield wordpress, blog


def listed(html):
    """The posts a listing shows (the theme's query loop: one <li> per post)."""
    return re.findall(r'<li class="wp-block-post post-(\d+) ', html)


def test_the_home_page_lists_the_newest_posts_through_nginx_and_php(site):
    wordpress, blog = site
    status, headers, html = get(wordpress.port, "/")
    assert status == 200
    assert headers["Server"].startswith("nginx/")
    assert '<meta name="generator" content="WordPress 6.1' in html
    assert len(listed(html)) == 10
    newest = [title for _, title, _, _ in blog.posts[:11]]
    assert all(f">{title}</a>" in html for title in newest[:10])
    assert newest[10] not in html  # on page 2
    status, _, html = get(wordpress.port, "/page/2/")
    assert status == 200 and f">{newest[10]}</a>" in html


def test_a_tag_page_shows_that_tags_posts(site):
    wordpress, blog = site
    count = blog.tag_count(3)  # topic-3: 19 posts, so its page 2 shows 9
    assert 10 < count < 20
    _, _, html = get(wordpress.port, "/tag/topic-3/")
    tagged = {blog.posts[post][1] for post, tag in blog.tagging if tag == 3}
    first = listed(html)
    assert len(first) == 10
    status, _, html = get(wordpress.port, "/tag/topic-3/page/2/")
    assert status == 200 and len(listed(html)) == count - 10
    shown = set(first + listed(html))
    assert {blog.posts[int(i) - 1000][1] for i in shown} == tagged
    assert get(wordpress.port, "/tag/topic-3/page/3/")[0] == 404
    assert get(wordpress.port, "/tag/topic-0/page/10/")[0] == 200  # on all 100


def test_the_big_post_shows_all_its_approved_comments(site):
    wordpress, blog = site
    status, _, html = get(wordpress.port, blog.post_path(0))
    assert status == 200
    assert blog.posts[0][1] in html
    shown = re.findall(r'<li id="comment-(\d+)" class="comment ', html)
    assert len(shown) == blog.comment_count(0) == 10
    _, _, feed = get(wordpress.port, "/feed/")
    assert feed.count("<item>") == 10


def test_nginx_fastcgi_cache_serves_it_again(site):
    wordpress, _ = site
    wordpress.stop()
    wordpress.serve(cache=True)
    try:
        assert get(wordpress.port, "/")[1]["X-Cache"] == "MISS"
        status, headers, html = get(wordpress.port, "/")
        assert (status, headers["X-Cache"]) == (200, "HIT")
        assert len(listed(html)) == 10
    finally:  # as the other tests expect it, whatever order they run in
        wordpress.stop()
        wordpress.serve()
