"""The table an import ends with: what came in, what did not, and why."""


def render_report(report, *, dry_run: bool) -> str:
    lines = ["Dry run: nothing was written." if dry_run else "Import finished."]

    def section(title, counter):
        rows = [(name, count) for name, count in sorted(counter.items()) if count]
        if rows:
            lines.append(f"\n{title}")
            width = max(len(name) for name, _ in rows)
            lines.extend(f"  {name:<{width}}  {count:>7,}" for name, count in rows)

    section("Posts", report.posts)
    section("Comments", report.comments)
    section("Authors", report.authors)
    section("Tags", report.tags)
    section("Skipped", report.skipped)
    section("To know", report.notes)
    section("Shortcodes left as text (posts using them)", report.shortcodes)
    if report.series:
        lines.append("\nSeries found in titles")
        for title, parts in report.series.items():
            lines.append(f"  {title}")
            lines.extend(f"    part {number:>2}: {name}" for number, name in parts)
    if report.missing_media:
        lines.append(f"\nMedia not found or refused ({len(report.missing_media)})")
        lines.extend(f"  {path}" for path in report.missing_media[:50])
        if len(report.missing_media) > 50:
            lines.append(f"  … and {len(report.missing_media) - 50} more")
    return "\n".join(lines) + "\n"
