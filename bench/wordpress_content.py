"""generate.py's blog as SQL for WordPress's tables: the same posts, tags, comments.

The same seed and the same calls to the random generator in the same order as
bench/generate.py, so each post has the same title and body, the same tags and the
same comments as in Steppe's scratch database (tests/test_bench_wordpress.py checks
it against generate.py itself). No Django here: this feeds MariaDB.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

# bench/generate.py's vocabulary and scale (its WORDS and scaled()).
WORDS = [
    "steppe",
    "yurt",
    "astana",
    "almaty",
    "nomad",
    "horse",
    "winter",
    "tea",
    "eagle",
    "border",
    "oil",
    "osce",
]
FIRST_POST_ID = 1000  # above what wp_install() creates (posts 1-3)
UNCATEGORIZED = 1  # wp_install()'s default category, term and taxonomy id 1
SQL_TIME = "%Y-%m-%d %H:%M:%S"


def scaled(n, scale):
    return max(1, int(n * scale))


@dataclass
class Blog:
    """What generate.py makes, in the order it makes it (surveys aside)."""

    now: datetime
    posts: list = field(default_factory=list)  # (slug, title, body, published_at)
    tags: list = field(default_factory=list)  # (name, slug)
    tagging: list = field(default_factory=list)  # (post index, tag index)
    comments: list = field(default_factory=list)  # (post index, name, email, text)

    def post_path(self, index):
        """The post's permalink under /%year%/%monthnum%/%day%/%postname%/."""
        slug, _, _, published = self.posts[index]
        return published.strftime("/%Y/%m/%d/") + slug + "/"

    def tag_count(self, tag_index):
        return sum(1 for _, tag in self.tagging if tag == tag_index)

    def comment_count(self, post_index):
        return sum(1 for post, *_ in self.comments if post == post_index)


def make_blog(scale=1.0, seed=7, now=None):
    rng = random.Random(seed)
    blog = Blog(now=now or datetime.now(UTC).replace(microsecond=0))
    n_posts = scaled(10_000, scale)
    for i in range(n_posts):
        # generate.py draws a body, then its title, post by post.
        body = "<p>" + " ".join(rng.choices(WORDS, k=400)) + "</p>"
        title = f"{' '.join(rng.choices(WORDS, k=5)).capitalize()} {i}"
        published = blog.now - timedelta(hours=i + 1)
        blog.posts.append((f"bench-post-{i}", title, body, published))
    n_tags = scaled(500, scale)
    blog.tags = [(f"topic {i}", f"topic-{i}") for i in range(n_tags)]
    # The popular tag on every post, then one other (with one tag: itself again,
    # a duplicate generate.py's ignore_conflicts drops).
    tagging = [(p, 0) for p in range(n_posts)]
    others = range(1, n_tags) if n_tags > 1 else range(n_tags)
    tagging += [(p, rng.choice(others)) for p in range(n_posts)]
    blog.tagging = list(dict.fromkeys(tagging))

    def comments_for(post, count):
        for j in range(count):
            text = " ".join(rng.choices(WORDS, k=30))
            blog.comments.append((post, f"Reader {j}", f"r{j}@example.com", text))

    comments_for(0, scaled(1_000, scale))  # the big post
    comments_for(1, 100)
    rest = range(2, n_posts) if n_posts > 2 else range(n_posts)
    for post in rng.choices(rest, k=scaled(100_000, scale)):
        comments_for(post, 1)
    return blog


def quote(value):
    """A MariaDB string literal (the SQL goes through the mariadb client)."""
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0")
    return f"'{text}'"


def inserts(table, columns, rows, batch=500):
    """Multi-row INSERTs, small enough for the server's max_allowed_packet."""
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n"
    for start in range(0, len(rows), batch):
        values = ",\n".join(
            "(" + ", ".join(quote(v) for v in row) + ")"
            for row in rows[start : start + batch]
        )
        yield head + values + ";\n"


def blog_sql(blog, home_url):
    """Statements that replace wp_install()'s sample content with the blog."""
    yield (
        # The sample post, page and comment go (the privacy page stays a draft).
        "DELETE FROM wp_comments; DELETE FROM wp_term_relationships;\n"
        "DELETE FROM wp_postmeta WHERE post_id IN (1, 2);\n"
        "DELETE FROM wp_posts WHERE ID IN (1, 2);\n"
    )
    post_columns = (
        "ID", "post_author", "post_date", "post_date_gmt", "post_content",
        "post_title", "post_excerpt", "post_status", "comment_status", "ping_status",
        "post_password", "post_name", "to_ping", "pinged", "post_modified",
        "post_modified_gmt", "post_content_filtered", "post_parent", "guid",
        "menu_order", "post_type", "post_mime_type", "comment_count",
    )  # fmt: skip
    posts = []
    for i, (slug, title, body, published) in enumerate(blog.posts):
        post_id = FIRST_POST_ID + i
        date = published.strftime(SQL_TIME)  # the blog's timezone is UTC
        posts.append(
            (post_id, 1, date, date, body, title, "", "publish", "open", "open",
             "", slug, "", "", date, date, "", 0, f"{home_url}/?p={post_id}",
             0, "post", "", 0)
        )  # fmt: skip
    yield from inserts("wp_posts", post_columns, posts)
    first_term = 10  # above wp_install()'s "Uncategorized" (1)
    terms = [(first_term + k, *tag, 0) for k, tag in enumerate(blog.tags)]
    yield from inserts("wp_terms", ("term_id", "name", "slug", "term_group"), terms)
    yield from inserts(
        "wp_term_taxonomy",
        ("term_taxonomy_id", "term_id", "taxonomy", "description", "parent", "count"),
        [(term_id, term_id, "post_tag", "", 0, 0) for term_id, *_ in terms],
    )
    # wp_insert_post() puts every post in the default category: WordPress's posts
    # always have one, so these do too.
    relationships = [(FIRST_POST_ID + i, UNCATEGORIZED, 0) for i in range(len(posts))]
    relationships += [
        (FIRST_POST_ID + post, first_term + tag, 0) for post, tag in blog.tagging
    ]
    yield from inserts(
        "wp_term_relationships",
        ("object_id", "term_taxonomy_id", "term_order"),
        relationships,
        batch=5000,
    )
    comment_columns = (
        "comment_ID", "comment_post_ID", "comment_author", "comment_author_email",
        "comment_author_url", "comment_author_IP", "comment_date", "comment_date_gmt",
        "comment_content", "comment_karma", "comment_approved", "comment_agent",
        "comment_type", "comment_parent", "user_id",
    )  # fmt: skip
    now = blog.now.strftime(SQL_TIME)
    # Approved, each its own thread (no parent), as generate.py makes them.
    comments = [
        (k + 1, FIRST_POST_ID + post, name, email, "", "127.0.0.1", now, now,
         text, 0, "1", "", "comment", 0, 0)
        for k, (post, name, email, text) in enumerate(blog.comments)
    ]  # fmt: skip
    yield from inserts("wp_comments", comment_columns, comments, batch=2000)
    # The counters WordPress keeps itself (wp_update_comment_count, _update_term_count).
    yield (
        "UPDATE wp_posts AS p SET comment_count = (SELECT COUNT(*) FROM wp_comments"
        " AS c WHERE c.comment_post_ID = p.ID AND c.comment_approved = '1');\n"
        "UPDATE wp_term_taxonomy AS tt SET count = (SELECT COUNT(*) FROM"
        " wp_term_relationships AS r WHERE r.term_taxonomy_id = tt.term_taxonomy_id);\n"
        "ANALYZE TABLE wp_posts, wp_comments, wp_terms, wp_term_taxonomy,"
        " wp_term_relationships;\n"
    )
