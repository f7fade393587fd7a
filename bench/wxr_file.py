"""Write a WordPress export of any size: python bench/wxr_file.py OUT [POSTS] [COMMENTS]

Like a real blog's: paragraphs with bare line breaks, [caption]s, tags (Cyrillic
ones too), categories, threaded comments in every approval state, pingbacks,
attachments with featured images, a few drafts and a series in the titles.
"""

import random
import sys
from urllib.parse import quote
from xml.sax.saxutils import escape

WORDS = "steppe yurt astana almaty nomad horse winter tea eagle border bazaar".split()  # noqa: SIM905
TAGS = ["OSCE", "Kazakhstan", "Казахстан", "Expats", "Алматы", "Travel", "Students"]
SITE = "http://bench-blog.example.com"


def paragraph(rng):
    lines = [" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(3)]
    return "\n".join(lines)


def comment(number, parent, rng, moment):
    approved = rng.choices(["1", "0", "spam", "trash"], weights=[85, 8, 5, 2])[0]
    kind = "pingback" if rng.random() < 0.02 else ""
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {number}]]></wp:comment_author>"
        f"<wp:comment_author_email>reader{number}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP>198.51.100.{number % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>{moment}</wp:comment_date>"
        f"<wp:comment_date_gmt>{moment}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{paragraph(rng)}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
    )


def post_item(number, comments_each, rng, next_comment):
    day = f"20{10 + number % 10:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    moment = f"{day} 10:{number % 60:02d}:00"
    status = "draft" if number % 50 == 0 else "publish"
    title = f"Notes on the steppe {number}"
    if number % 100 < 6:  # six-part series, every hundred posts
        title = f"Letters from Almaty {number // 100} (Part {number % 100 + 1})"
    tags = rng.sample(TAGS, 3)
    body = "\n\n".join(paragraph(rng) for _ in range(5))
    body += (
        f'\n\n[caption id="attachment_{number}" align="alignnone" width="300"]'
        f'<img src="{SITE}/wp-content/uploads/2010/01/photo-{number}.jpg" alt="" />'
        " A photo[/caption]"
    )
    parts = [
        f"<item><title>{escape(title)}</title>",
        f"<link>{SITE}/{day[:4]}/{day[5:7]}/notes-{number}/</link>",
        "<dc:creator><![CDATA[writer]]></dc:creator>",
        f"<content:encoded><![CDATA[{body}]]></content:encoded>",
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>",
        f"<wp:post_id>{number}</wp:post_id><wp:post_date>{moment}</wp:post_date>",
        f"<wp:post_date_gmt>{moment}</wp:post_date_gmt>",
        "<wp:comment_status>open</wp:comment_status>",
        f"<wp:post_name>notes-{number}</wp:post_name><wp:status>{status}</wp:status>",
        "<wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>",
    ]
    for name in tags:
        slug = quote(name.lower())
        cdata = f"<![CDATA[{name}]]>"
        parts.append(
            f'<category domain="post_tag" nicename="{slug}">{cdata}</category>'
        )
    parts.append(
        '<category domain="category" nicename="essays"><![CDATA[Essays]]></category>'
    )
    ids = []
    for _ in range(comments_each):
        ids.append(next_comment())
        parent = rng.choice([0, 0, *ids[-4:-1]]) if len(ids) > 1 else 0
        parts.append(comment(ids[-1], parent, rng, moment))
    parts.append("</item>\n")
    return "\n".join(parts)


def write(out, posts, comments, seed=7):
    rng = random.Random(seed)
    counter = iter(range(1_000_000, 10_000_000))
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>Bench blog</title><link>{SITE}</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_site_url>{SITE}</wp:base_site_url>"
        f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>writer"
        "</wp:author_login><wp:author_email>writer@example.org</wp:author_email>"
        "</wp:author>\n"
    )
    each, extra = divmod(comments, posts)
    for number in range(1, posts + 1):
        out.write(
            post_item(number, each + (number <= extra), rng, lambda: next(counter))
        )
    out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    target = sys.argv[1]
    posts = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    comments = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    with open(target, "w", encoding="utf-8") as out:
        write(out, posts, comments)
