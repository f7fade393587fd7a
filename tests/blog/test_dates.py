"""blog.dates.formatter gives what date_format gives, in every language."""

import datetime
import zoneinfo

import pytest
from django.utils import dateformat, formats, translation

from blog.dates import formatter

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
EVERY_CHAR = (
    r"a A b c d D e E f F g G h H i I j l L m M n N o O P r s S t T u U w W y Y z Z"
    r" \T\o\d\a\y"
)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize(
    "name", ["DATETIME_FORMAT", "DATE_FORMAT", "YEAR_MONTH_FORMAT"]
)
def test_same_as_date_format_for_every_month(language, name):
    with translation.override(language):
        format_date = formatter(name)
        for month in range(1, 13):
            value = datetime.datetime(2011, month, 28, 9, 5, tzinfo=ALMATY)
            assert format_date(value) == formats.date_format(value, name)


def test_every_format_character_and_escapes(monkeypatch):
    monkeypatch.setattr("blog.dates.get_format", lambda name: EVERY_CHAR)
    with translation.override("ru"):
        format_date = formatter("ANY_FORMAT")
        for month in (1, 2, 12):
            value = datetime.datetime(2024, month, 2, 23, 59, 7, 1234, tzinfo=ALMATY)
            assert format_date(value) == dateformat.format(value, EVERY_CHAR)


def test_month_names_follow_the_language_of_each_formatter():
    value = datetime.date(2011, 3, 1)
    with translation.override("ru"):
        russian = formatter("YEAR_MONTH_FORMAT")
    with translation.override("en"):
        english = formatter("YEAR_MONTH_FORMAT")
        assert english(value) == "March 2011"
    with translation.override("ru"):
        assert russian(value) == "Март 2011 г."
