"""Series found in titles: "… (Part II)", "… (Final Part VI)", "…, Part 3"."""

import re
from collections import defaultdict

from django.db.models import Q
from django.utils.text import slugify

from blog.models import Post, Series
from blog.numerals import from_roman

PART = re.compile(
    r"^(?P<base>.*?)[\s,:–—-]*\(?\s*(?P<final>final\s+)?part\s+(?P<number>[ivxlc]+|\d+)"
    r"\s*\)?\s*$",
    re.I,
)


def parse_title(title: str) -> tuple[str, int, bool] | None:
    """(series title, part number, is it the final part) or None."""
    match = PART.match(title.strip())
    if not match or not match["base"].strip():
        return None
    raw = match["number"]
    number = int(raw) if raw.isdigit() else from_roman(raw.upper())
    if not number:
        return None
    return match["base"].strip(" ,:–—-"), number, bool(match["final"])


def detect_series(posts: list[tuple[int, str]], *, report) -> dict:
    """Group posts into series (two parts or more); {title: [(part, post title)]}."""
    groups = defaultdict(list)
    for pk, title in posts:
        parsed = parse_title(title)
        if parsed:
            base, number, final = parsed
            groups[base.casefold()].append((number, pk, title, base, final))
    found = {}
    for parts in groups.values():
        if len(parts) < 2:
            continue
        parts.sort()
        numbers = [number for number, *_ in parts]
        if len(set(numbers)) != len(numbers):
            report.notes[f"series “{parts[0][3]}” not made: a part number repeats"] += 1
            continue
        base = parts[0][3]
        series = Series.objects.filter(Q(title=base) | Q(slug=slugify(base))).first()
        if series is None:
            series = Series.objects.create(
                title=base, slug=slugify(base, allow_unicode=True)[:200] or "series"
            )
        complete = any(final for *_, final in parts)
        if complete and not series.is_complete:
            series.is_complete = True
            series.save()
        taken = dict(
            Post.objects.filter(series=series)
            .exclude(pk__in=[pk for _, pk, *_ in parts])
            .values_list("series_part", "title")
        )
        clashes = [number for number in numbers if number in taken]
        if clashes:
            report.notes[f"series “{base}”: part {clashes[0]} already taken"] += 1
            continue
        for number, pk, *_ in parts:
            Post.objects.filter(pk=pk).update(series=series, series_part=number)
        found[base] = [(number, title) for number, _, title, *_ in parts]
    return found
