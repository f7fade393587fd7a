"""The table an import ends with: what came in, what did not, and why."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

MAX_LISTED = 50


@dataclass
class Report:
    posts: Counter = field(default_factory=Counter)  # created / updated / unchanged
    comments: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    notes: Counter = field(default_factory=Counter)  # things to know, with counts
    # Left as text for readers to see, by shortcode name: the posts using each.
    shortcodes: defaultdict = field(default_factory=lambda: defaultdict(list))
    # Dynamic blocks WordPress draws and Steppe cannot, by name: the posts.
    blocks: defaultdict = field(default_factory=lambda: defaultdict(list))
    block_count: Counter = field(default_factory=Counter)
    # Left for Steppe's renderers (galleries, players, embed cards), by kind.
    markers: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)
    missing_media: list = field(default_factory=list)
    series: dict = field(default_factory=dict)  # title -> [(part, post title)]
    authors: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    collisions: list = field(default_factory=list)  # old paths Steppe serves itself
    attention: list = field(default_factory=list)  # sentences naming items


def render_report(report, *, dry_run: bool) -> str:
    lines = ["Dry run: nothing was written." if dry_run else "Import finished."]

    def section(title, counter):
        rows = [(name, count) for name, count in sorted(counter.items()) if count]
        if rows:
            lines.append(f"\n{title}")
            width = max(len(name) for name, _ in rows)
            lines.extend(f"  {name:<{width}}  {count:>7,}" for name, count in rows)

    def listing(title, items):
        if items:
            lines.append(f"\n{title} ({len(items)})")
            lines.extend(f"  {item}" for item in items[:MAX_LISTED])
            if len(items) > MAX_LISTED:
                lines.append(f"  … and {len(items) - MAX_LISTED} more")

    def by_name(title, posts_by_name, counts=None):
        if posts_by_name:
            lines.append(f"\n{title}")
            for name, posts in sorted(posts_by_name.items()):
                count = f"{counts[name]:,} in " if counts else ""
                lines.append(f"  {name}: {count}{len(posts):,} posts")
                lines.extend(f"    {post}" for post in posts[:10])
                if len(posts) > 10:
                    lines.append(f"    … and {len(posts) - 10} more")

    section("Posts", report.posts)
    section("Comments", report.comments)
    section("Authors", report.authors)
    section("Tags", report.tags)
    section("Post formats (kept as tags)", report.formats)
    section("Skipped", report.skipped)
    section("To know", report.notes)
    listing("Needs a look", report.attention)
    by_name("Shortcodes left as text (posts using them)", report.shortcodes)
    by_name(
        "Dynamic blocks Steppe cannot show, left out (blocks, posts)",
        report.blocks,
        report.block_count,
    )
    section("Left for Steppe's galleries, players and embed cards", report.markers)
    listing("Old addresses Steppe serves itself, not redirected", report.collisions)
    if report.series:
        lines.append("\nSeries found in titles")
        for title, parts in report.series.items():
            lines.append(f"  {title}")
            lines.extend(f"    part {number:>2}: {name}" for number, name in parts)
    listing("Media not found or refused", report.missing_media)
    return "\n".join(lines) + "\n"
