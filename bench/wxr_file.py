"""Write a WordPress export of any size.

python bench/wxr_file.py OUT [POSTS] [COMMENTS] [--pages N] [--attachments N]

Like a real blog's, in the order WordPress writes it (by ID: a post, then the
images uploaded for it): classic bodies (paragraphs with bare line breaks,
[caption]s, [gallery ids=…], code shortcodes, a video URL alone on its line,
<!--more-->) and block-editor ones (static blocks, image and gallery blocks, now
and then a dynamic block); a category tree with a same-named child, a few hundred
tags (Cyrillic ones too), post formats, pinned, password and draft posts; pages
three levels deep with their comments; image attachments with their files' meta,
alt text and parent, used as featured images (_thumbnail_id) and in galleries;
threaded comments in every approval state, unevenly spread, with pingbacks.
"""

import argparse
import random
import sys
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import quote
from xml.sax.saxutils import escape

from wxr_bodies import (
    SITE,
    WORDS,
    block_body,
    classic_body,
    paragraph,
    upload_url,
    words,
)

AUTHORS = ["writer", "editor", "guest"]
# (slug, name, parent slug): a tree two levels deep, two children named "News".
CATEGORIES = [
    ("essays", "Essays", ""),
    ("travel", "Travel", ""),
    ("travel-asia", "Asia", "travel"),
    ("travel-news", "News", "travel"),
    ("work", "Work", ""),
    ("work-news", "News", "work"),
    ("osce", "OSCE", "work"),
    ("students", "Students", ""),
    ("trafficking", "Human trafficking", "students"),
    ("kazakhstan", "Казахстан", ""),
    ("almaty", "Алматы", "kazakhstan"),
    ("photos", "Photos", ""),
]
FORMATS = {
    "post-format-aside": "Aside",
    "post-format-gallery": "Gallery",
    "post-format-quote": "Quote",
}


@lru_cache(maxsize=64)
def gmt(moment):
    """The blog is in Almaty (UTC+6): the UTC time WordPress writes beside it."""
    local = datetime.strptime(moment, "%Y-%m-%d %H:%M:%S")
    return f"{local - timedelta(hours=6):%Y-%m-%d %H:%M:%S}"


def cdata(text):
    return f"<![CDATA[{text.replace(']]>', ']]]]><![CDATA[>')}]]>"


def comment(number, parent, rng, moment):
    approved = rng.choices(["1", "0", "spam", "trash"], weights=[85, 8, 5, 2])[0]
    kind = "pingback" if rng.random() < 0.02 else ""
    url = f"https://reader{number % 97}.example.net/" if rng.random() < 0.3 else ""
    text = paragraph(rng, rng.randint(1, 3))
    if rng.random() < 0.05:
        text = f"<blockquote>{words(rng, 5, 10)}</blockquote>\n{text} <em>Yes.</em>"
    meta = (
        "<wp:commentmeta><wp:meta_key>akismet_result</wp:meta_key>"
        "<wp:meta_value><![CDATA[false]]></wp:meta_value></wp:commentmeta>"
        if rng.random() < 0.5
        else ""
    )
    return (
        f"\t\t<wp:comment>\n\t\t\t<wp:comment_id>{number}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{cdata(f'Reader {number % 5000}')}"
        "</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{cdata(f'reader{number % 5000}@example.org')}"
        "</wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{url}</wp:comment_author_url>\n"
        f"\t\t\t<wp:comment_author_IP>{cdata(f'198.51.100.{number % 250}')}"
        "</wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{cdata(moment)}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{cdata(gmt(moment))}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{cdata(text)}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
        f"\t\t\t<wp:comment_type>{cdata(kind)}</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
        f"\t\t\t<wp:comment_user_id>0</wp:comment_user_id>{meta}\n\t\t</wp:comment>\n"
    )


def comments_of(count, rng, moment, next_comment):
    """Threads: most comments answer the post, a third answer a recent comment."""
    ids, out = [], []
    for _ in range(count):
        ids.append(next_comment())
        parent = rng.choice([0, 0, *ids[-4:-1]]) if len(ids) > 1 else 0
        out.append(comment(ids[-1], parent, rng, moment))
    return "".join(out)


def meta(key, value):
    return (
        f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n"
    )


def item(wp_id, kind, *, title, slug, moment, body, status="publish", parent=0,
         extra="", excerpt="", creator="writer", link=""):  # fmt: skip
    return (
        f"\t<item>\n\t\t<title>{escape(title)}</title>\n"
        f"\t\t<link>{link or f'{SITE}/?p={wp_id}'}</link>\n"
        f"\t\t<pubDate>Mon, 01 Mar 2010 10:00:00 +0000</pubDate>\n"
        f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>\n'
        "\t\t<description></description>\n"
        f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{wp_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{cdata(moment)}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(gmt(moment))}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{cdata(moment)}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{cdata(gmt(moment))}</wp:post_modified_gmt>\n"
        "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
        "\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{cdata(kind)}</wp:post_type>\n"
        "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        f"{extra}\t</item>\n"
    )


def attachment(wp_id, parent, moment, rng):
    relative = upload_url(wp_id).split("/wp-content/uploads/")[1]
    width, height = rng.choice([(1200, 800), (800, 1200), (1600, 900)])
    sizes = "".join(
        f's:{len(n)}:"{n}";a:4:{{s:4:"file";s:{len(f) + 2}:"{f}-x";s:5:"width";'
        f'i:{w};s:6:"height";i:{w * height // width};'
        's:9:"mime-type";s:10:"image/jpeg";}'
        for n, w, f in (("thumbnail", 150, "t"), ("medium", 300, "m"))
    )
    metadata = (
        f'a:4:{{s:5:"width";i:{width};s:6:"height";i:{height};s:4:"file";'
        f's:{len(relative)}:"{relative}";s:5:"sizes";a:2:{{{sizes}}}}}'
    )
    extra = (
        f"\t\t<wp:attachment_url>{cdata(upload_url(wp_id))}</wp:attachment_url>\n"
        + meta("_wp_attached_file", relative)
        + meta("_wp_attachment_metadata", metadata)
        + (meta("_wp_attachment_image_alt", f"A view of the {rng.choice(WORDS)}")
           if rng.random() < 0.7 else "")
    )  # fmt: skip
    return item(
        wp_id, "attachment", title=f"photo-{wp_id}", slug=f"photo-{wp_id}",
        moment=moment, body=words(rng, 0, 8), status="inherit", parent=parent,
        excerpt=words(rng, 0, 6), extra=extra,
    )  # fmt: skip


def post(wp_id, number, rng, *, moment, tags, comments, thumbnail, gallery_ids):
    day = moment[:10]
    title = f"Notes on the steppe {number}"
    if number % 100 < 6:  # six-part series, every hundred posts
        title = f"Letters from Almaty {number // 100} (Part {number % 100 + 1})"
    editor = block_body if rng.random() < 0.3 else classic_body
    status = rng.choices(["publish", "draft", "private", "future"], [94, 3, 2, 1])[0]
    terms = "".join(
        f'\t\t<category domain="post_tag" nicename="{quote(t.lower())}">{cdata(t)}'
        "</category>\n"
        for t in tags
    )
    for slug, name, _ in rng.sample(CATEGORIES, rng.choice([1, 1, 2])):
        terms += (
            f'\t\t<category domain="category" nicename="{slug}">{cdata(name)}'
            "</category>\n"
        )
    if rng.random() < 0.05:
        slug = rng.choice(sorted(FORMATS))
        terms += (f'\t\t<category domain="post_format" nicename="{slug}">'
                  f"{cdata(FORMATS[slug])}</category>\n")  # fmt: skip
    extra = terms + meta("_edit_last", "1")
    if thumbnail:
        extra += meta("_thumbnail_id", str(thumbnail))
    extra += comments
    text = item(
        wp_id, "post", title=title, slug=f"notes-{number}", moment=moment,
        body=editor(rng, gallery_ids), status=status, extra=extra,
        creator=rng.choices(AUTHORS, [80, 15, 5])[0],
        link=f"{SITE}/{day[:4]}/{day[5:7]}/{day[8:]}/notes-{number}/",
    )  # fmt: skip
    if rng.random() < 0.01:
        text = text.replace("<wp:is_sticky>0", "<wp:is_sticky>1")
    if rng.random() < 0.01:
        text = text.replace(
            "<wp:post_password><![CDATA[]]>", "<wp:post_password><![CDATA[steppe]]>"
        )
    return text


def page(wp_id, number, parent, rng, *, moment, comments, link):
    return item(
        wp_id, "page", title=f"About the steppe {number}", slug=f"about-{number}",
        moment=moment, body=classic_body(rng, []), parent=parent, link=link,
        status="draft" if number % 40 == 0 else "publish", extra=comments,
    )  # fmt: skip


def spread(total, slots, rng):
    """`total` split over `slots`, unevenly (a few busy posts, many quiet ones)."""
    if not slots:
        return []
    weights = [rng.paretovariate(1.5) for _ in range(slots)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for index in rng.sample(range(slots), total - sum(shares)):
        shares[index] += 1
    return shares


def channel(out, tags):
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"\t<title>Bench blog</title>\n\t<link>{SITE}</link>\n"
        "\t<language>en-US</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )
    for number, login in enumerate(AUTHORS, 1):
        out.write(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>"
            f"{cdata(login)}</wp:author_login><wp:author_email>{cdata(login)}"
            "@example.org</wp:author_email><wp:author_display_name>"
            f"{cdata(login.title())}</wp:author_display_name></wp:author>\n"
        )
    for number, (slug, name, parent) in enumerate(CATEGORIES, 1):
        out.write(
            f"\t<wp:category><wp:term_id>{number}</wp:term_id><wp:category_nicename>"
            f"{cdata(slug)}</wp:category_nicename><wp:category_parent>{cdata(parent)}"
            f"</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>"
            "</wp:category>\n"
        )
    for number, name in enumerate(tags, 100):
        out.write(
            f"\t<wp:tag><wp:term_id>{number}</wp:term_id><wp:tag_slug>"
            f"{cdata(quote(name.lower()))}</wp:tag_slug><wp:tag_name>{cdata(name)}"
            "</wp:tag_name></wp:tag>\n"
        )


def write(out, posts, comments, *, pages=0, attachments=0, seed=7):
    """An export of exactly these numbers of posts, comments, pages, attachments."""
    rng = random.Random(seed)
    tags = [f"{w.title()} {n}" for n, w in enumerate(WORDS * 8)][:240]
    tags += ["OSCE", "Kazakhstan", "Expats", "Travel", "Students"]
    tags += [f"Казахстан {n}" for n in range(40)] + [f"Алматы {n}" for n in range(15)]
    channel(out, tags)
    per_item = spread(comments, posts + pages, rng)
    # Attachments come in groups after the post they were uploaded for: one for a
    # featured image, or a gallery of three to six.
    groups, left = [], attachments
    while left > 0:
        size = min(left, rng.choice([1, 1, 1, 1, 3, 4, 6]))
        groups.append(size)
        left -= size
    with_files = dict(zip(rng.sample(range(posts), len(groups)), groups, strict=True))
    page_at = set(rng.sample(range(posts), pages)) if pages else set()
    wp_ids = iter(range(1, 10_000_000))
    comment_ids = iter(range(1, 100_000_000))
    pages_so_far = []
    for number in range(posts):
        moment = (
            f"20{10 + number % 10:02d}-{1 + number % 12:02d}-{1 + number % 28:02d} "
            f"{number % 24:02d}:{number % 60:02d}:00"
        )
        wp_id = next(wp_ids)
        files = [next(wp_ids) for _ in range(with_files.get(number, 0))]
        text = post(
            wp_id, number + 1, rng, moment=moment,
            tags=rng.sample(tags, rng.randint(1, 6)),
            comments=comments_of(per_item[number], rng, moment,
                                 lambda: next(comment_ids)),
            thumbnail=files[0] if files and rng.random() < 0.8 else 0,
            gallery_ids=files if len(files) > 2 else [],
        )  # fmt: skip
        out.write(text)
        for file_id in files:
            out.write(attachment(file_id, wp_id, moment, rng))
        if number in page_at:
            # A third are top-level; the rest are children or grandchildren.
            index = len(pages_so_far)
            parents = [p for p in pages_so_far[-30:] if len(p[1]) < 3]
            parent = rng.choice(parents) if index % 3 and parents else (0, ())
            page_id = next(wp_ids)
            path = (*parent[1], f"about-{index + 1}")
            out.write(page(
                page_id, index + 1, parent[0], rng, moment=moment,
                link=f"{SITE}/{'/'.join(path)}/",
                comments=comments_of(per_item[posts + index], rng, moment,
                                     lambda: next(comment_ids)),
            ))  # fmt: skip
            pages_so_far.append((page_id, path))
    out.write("</channel>\n</rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("posts", type=int, nargs="?", default=2000)
    parser.add_argument("comments", type=int, nargs="?", default=20000)
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--attachments", type=int, default=0)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        write(out, args.posts, args.comments, pages=args.pages,
              attachments=args.attachments)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
