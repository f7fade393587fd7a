"""Many dates in one of the active language's formats, the format parsed once.

date_format() parses its format string and translates the month's name on every
call (~25-50 µs a date); a page with a hundred comment dates or ten years of
archive months would pay that hundreds of times.
"""

from django.utils import dateformat
from django.utils.formats import get_format

# Format characters that name the month: translated once per month, not per date.
_MONTH_NAMES = frozenset("bEFMN")


def formatter(format_name: str):
    """A function giving what date_format(value, format_name) gives."""
    fmt = str(get_format(format_name))
    parts = []  # (text, None) between format characters, (None, name) for one
    for i, piece in enumerate(dateformat.re_formatchars.split(fmt)):
        if i % 2:
            parts.append((None, piece))
        elif piece:  # backslash escapes removed, as DateFormat does
            parts.append((dateformat.re_escaped.sub(r"\1", piece), None))
    names = {}

    def month_name(values, char):
        key = (char, values.data.month)
        if key not in names:
            names[key] = str(getattr(values, char)())
        return names[key]

    def format_date(value) -> str:
        values = dateformat.DateFormat(value)
        out = []
        for text, char in parts:
            if text is not None:
                out.append(text)
            elif char in _MONTH_NAMES:
                out.append(month_name(values, char))
            else:
                out.append(str(getattr(values, char)()))
        return "".join(out)

    return format_date
