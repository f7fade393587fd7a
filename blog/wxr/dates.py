"""Dates as WordPress wrote them, and the blog's clock they were written on.

Each item has its local time (post_date) and UTC (post_date_gmt); their difference
is the blog's UTC offset. Steppe's addresses carry the date in TIME_ZONE, so when
the two clocks disagree on a post's day, its address would move: the report says
how many, and which TIME_ZONE keeps them all.
"""

import zoneinfo
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from django.utils import timezone

from blog.wxr.parse import WxrError

NO_DATE = ("", "0000-00-00 00:00:00")
FORMAT = "%Y-%m-%d %H:%M:%S"


def parse_date(value: str, line: int, zone):
    try:
        if len(value) == 19 and value[10] == " " and value[13] == value[16] == ":":
            # As WordPress writes them: fromisoformat reads this form many times
            # faster than strptime (a big export has a few hundred thousand).
            return datetime.fromisoformat(value).replace(tzinfo=zone)
        return datetime.strptime(value, FORMAT).replace(tzinfo=zone)
    except ValueError:
        raise WxrError(line, f"a date WordPress would not write: {value!r}") from None


class BlogClock:
    """Reads item dates; learns the blog's offset from the pairs it sees."""

    def __init__(self):
        self.offsets: Counter = Counter()  # timedelta -> posts
        self.samples: dict[tuple[int, int, timedelta], datetime] = {}
        self.moved = 0  # posts whose day differs between the blog and Steppe
        self.offset: timedelta | None = None

    def date(self, item: dict, gmt: str, local: str, rss: str, *, post=False):
        """The moment of `item`, or None when it has none."""
        utc_text, local_text = item.get(gmt, "").strip(), item.get(local, "").strip()
        if utc_text not in NO_DATE:
            moment = parse_date(utc_text, item["line"], UTC)
            if post and local_text not in NO_DATE:
                self.observe(moment, parse_date(local_text, item["line"], UTC))
            return moment
        if local_text not in NO_DATE:
            if self.offset is not None:  # the blog's own clock, once known
                naive = parse_date(local_text, item["line"], UTC)
                return naive - self.offset
            return parse_date(local_text, item["line"], timezone.get_current_timezone())
        value = item.get(rss, "").strip()
        if value:
            try:
                return parsedate_to_datetime(value)
            except (TypeError, ValueError):
                pass
        return None

    def observe(self, moment: datetime, local_as_utc: datetime):
        offset = local_as_utc - moment
        self.offsets[offset] += 1
        self.offset = self.offsets.most_common(1)[0][0]
        key = (moment.year, moment.month, offset)
        self.samples.setdefault(key, moment)
        if timezone.localtime(moment).date() != local_as_utc.date():
            self.moved += 1

    def advice(self) -> list[str]:
        """Sentences for the report when Steppe's clock moves addresses."""
        if not self.moved:
            return []
        offsets = ", ".join(_offset(o) for o, _ in self.offsets.most_common(3))
        zones = matching_zones(self.samples)
        hint = (
            f"set TIME_ZONE to {' or '.join(zones)} and import again"
            if zones
            else "set TIME_ZONE to the blog's zone and import again"
        )
        return [
            f"{self.moved} posts were written on a clock at {offsets}, and "
            f"TIME_ZONE={timezone.get_current_timezone_name()} puts them on "
            f"another day: their addresses change (old links still redirect); "
            f"to keep them, {hint}."
        ]


def _offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def matching_zones(samples: dict, limit: int = 3) -> list[str]:
    """Zones whose offset matched the blog's at every sampled date (DST included)."""
    found = []
    for name in sorted(zoneinfo.available_timezones()):
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        zone = zoneinfo.ZoneInfo(name)
        if all(
            moment.astimezone(zone).utcoffset() == offset
            for (_, _, offset), moment in samples.items()
        ):
            found.append(name)
            if len(found) == limit:
                break
    return found
