"""Comments: threads rebuilt from comment_parent, approval kept, nobody e-mailed.

A WordPress comment keeps its text exactly, HTML and all: WordPress lets commenters
use a few inline tags, and blog.wxr.comment_html shows those (and nothing else).
"""

import html
import ipaddress
from collections import defaultdict
from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from blog.comments.html import store as store_comment_html
from blog.comments.links import website
from blog.comments.models import CommentModeration
from blog.wxr.models import WordPressId
from blog.wxr.parse import WxrError
from blog.wxr.rows import copy_rows, insert_rows
from blog.wxr.steppe_meta import exact_comment_text

COMMENT_STATES = {"1": "approved", "0": "held", "spam": "spam"}
THREAD_FIELDS = ("thread_id", "parent_id", "level", "order", "nested_count")
INSERTS_AT_ONCE = 2000  # rows an INSERT statement


class CommentsMixin:
    def kept_comments(self, comments: list[dict]) -> dict[int, dict]:
        """The comments Steppe keeps, by WordPress ID; the others are counted."""
        kept = {}
        for comment in comments:
            kind = comment.get("comment_type", "").strip()
            approved = comment.get("comment_approved", "1").strip()
            if kind in ("pingback", "trackback"):
                self.report.skipped[f"{kind}s"] += 1
            elif approved in ("trash", "post-trashed"):
                self.report.skipped["comments in the trash"] += 1
            elif approved not in ("1", "0", "spam"):
                self.report.skipped[f"comments with approval {approved!r}"] += 1
            else:
                number = comment.get("comment_id", "").strip()
                if not number.isdigit():
                    raise WxrError(comment["line"], "a comment without a numeric ID")
                kept[int(number)] = comment
        return kept

    def comments(self, post, comments: list[dict] | dict):
        """One post's comments (a list as read, or kept_comments' dict)."""
        kept = comments if isinstance(comments, dict) else self.kept_comments(comments)
        self.save_comments([(post, kept)], self.post_type)

    def save_comments(self, owners: list, content_type):
        """(post or page, kept comments) pairs: their comments in a few queries."""
        owners = [(owner, kept) for owner, kept in owners if kept]
        if not owners:
            return
        seen = set()
        for _, kept in owners:  # an ID twice in one file: the first one counts
            for wp_id in [w for w in kept if w in seen]:
                del kept[wp_id]
                self.report.notes["comments whose ID came before, left out"] += 1
            seen.update(kept)
        existing = dict(
            WordPressId.objects.filter(
                site=self.site, kind=WordPressId.Kind.COMMENT, wp_id__in=list(seen)
            ).values_list("wp_id", "object_id")
        )
        current = XtdComment.norel_objects.in_bulk(list(existing.values()))
        for comment in current.values():
            comment.thread_before = tuple(getattr(comment, f) for f in THREAD_FIELDS)
        threads, new, changed, fields, plain = [], {}, [], (), set()
        for owner, kept in owners:
            rows = {}
            for wp_id, data in kept.items():
                values = self.comment_values(owner, data)
                fields = values.keys()
                comment = current.get(existing.get(wp_id))
                if comment is None:
                    if exact_comment_text(data) is not None:  # Steppe's own, typed
                        plain.add(wp_id)
                    comment = new[wp_id] = SimpleNamespace(
                        content_type_id=content_type.pk, object_pk=str(owner.pk),
                        site_id=settings.SITE_ID, user_id=None, **values,
                    )  # fmt: skip
                elif any(getattr(comment, k) != v for k, v in values.items()):
                    for name, value in values.items():
                        setattr(comment, name, value)
                    changed.append(comment)
                rows[wp_id] = comment
            threads.append((rows, kept))
        # xtd's comments extend django_comments' (two tables), which bulk_create
        # cannot fill: the base rows go in bulk, the thread rows after (store_threads).
        insert_rows(Comment, list(new.values()))
        copy_rows(
            WordPressId._meta.db_table,
            ["site", "kind", "wp_id", "object_id", "plain_text"],
            (
                (self.site, WordPressId.Kind.COMMENT, w, c.pk, w in plain)
                for w, c in new.items()
            ),
        )
        if changed:
            XtdComment.norel_objects.bulk_update(
                changed, list(fields), batch_size=INSERTS_AT_ONCE
            )
        self.report.comments["created"] += len(new)
        self.report.comments["updated"] += len(changed)
        all_rows = {}
        for rows, kept in threads:
            self.thread(rows, kept)
            all_rows.update(rows)
        self.store_threads(all_rows, new)
        store_comment_html(c.pk for c in all_rows.values())  # bulk writes skip save()
        if content_type == self.post_type:
            self.commented.update(owner.pk for owner, _ in owners)

    def comment_values(self, post, data: dict) -> dict:
        approved = data.get("comment_approved", "1").strip()
        self.report.comments[COMMENT_STATES[approved]] += 1
        name = html.unescape(data.get("comment_author", "")).strip()[:100]
        return {
            "user_name": name or "Anonymous",
            "user_email": data.get("comment_author_email", "").strip()[:254],
            "user_url": known_website(data.get("comment_author_url", "")),
            # Exactly: Steppe's own export carries a comment's plain text beside
            # its escaped HTML; WordPress's HTML is shown through comment_html.
            "comment": exact_comment_text(data) or data.get("comment_content", ""),
            "submit_date": self.clock.date(data, "comment_date_gmt", "comment_date", "")
            or post.published_at,
            "ip_address": valid_ip(data.get("comment_author_IP", "")),
            "is_public": approved == "1",
            "is_removed": approved == "spam",
        }

    def thread(self, rows: dict, kept: dict):
        """xtd's thread fields, as if each comment had been posted in date order."""
        deepest = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
        children = defaultdict(list)
        roots = []
        for wp_id in rows:
            parent = kept[wp_id].get("comment_parent", "0").strip()
            parent = int(parent) if parent.isdigit() else 0
            if parent in rows and parent != wp_id:
                children[parent].append(wp_id)
            else:
                roots.append(wp_id)
        order = lambda w: (rows[w].submit_date, w)  # noqa: E731
        flattened = 0
        for root in sorted(roots, key=order):
            thread_id, position = rows[root].pk, 0
            stack = [(root, None)]  # depth first, oldest reply first: xtd's order
            while stack:
                wp_id, parent = stack.pop()
                comment = rows[wp_id]
                position += 1
                if parent is None:
                    comment.level, comment.parent_id = 0, comment.pk
                elif parent.level < deepest:
                    comment.level, comment.parent_id = parent.level + 1, parent.pk
                else:  # WordPress allows deeper threads than Steppe shows
                    flattened += 1
                    comment.level, comment.parent_id = deepest, parent.parent_id
                comment.thread_id, comment.order = thread_id, position
                comment.nested_count = count_descendants(wp_id, children)
                kids = sorted(children[wp_id], key=order, reverse=True)
                stack.extend((kid, comment) for kid in kids)
        if flattened:
            self.report.notes[f"replies deeper than {deepest + 1} levels moved up"] += (
                flattened
            )

    def store_threads(self, rows: dict, new: dict):
        fresh = [rows[w] for w in new]
        if fresh:
            copy_rows(
                XtdComment._meta.db_table,
                ["comment_ptr_id", *THREAD_FIELDS, "followup"],
                ((c.pk, *(getattr(c, f) for f in THREAD_FIELDS), False) for c in fresh),
            )
            CommentModeration.objects.bulk_create(
                CommentModeration(
                    comment_id=c.pk,
                    verdict=CommentModeration.Verdict.SPAM,
                    reason="Spam in WordPress",
                )
                for c in fresh
                if c.is_removed
            )
        moved = [
            c
            for w, c in rows.items()
            if w not in new
            and c.thread_before != tuple(getattr(c, f) for f in THREAD_FIELDS)
        ]
        if moved:
            XtdComment.norel_objects.bulk_update(moved, THREAD_FIELDS)


known_website = lru_cache(maxsize=4096)(website)  # the same readers, again


def count_descendants(wp_id, children) -> int:
    total, stack = 0, list(children[wp_id])
    while stack:
        total += 1
        stack.extend(children[stack.pop()])
    return total


@lru_cache(maxsize=4096)  # readers come back: a blog's comments share addresses
def valid_ip(value: str):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
